/**
 * "我的任务": the work assigned to the signed-in user, for roles that have no wall (a
 * department handler, 职能部门处置人). The server lists only their own incidents; this panel reads
 * that list into the incident store, every REFRESH_MS and after each step, and opens the same
 * detail drawer as the wall, where the server offers the steps they may take (accept, feed back).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { isAbortError } from '../feeds/apiClient';
import { useApi } from '../shell/ApiContext';
import { useI18n } from '../shell/i18n';
import { describeError } from '../widgets/errorMessage';
import { IncidentDrawer } from './IncidentDrawer';
import { IncidentRow, useListClock } from './IncidentList';
import { selectFilteredIncidents } from './incidentSelectors';
import { DEFAULT_INCIDENT_FILTERS, useIncidentStore, type OpennessFilter } from './incidentStore';

/** Without a live feed on this screen, new assignments show up within this time. */
export const MY_TASKS_REFRESH_MS = 30_000;
const PAGE_SIZE = 100;
type TaskOpenness = Exclude<OpennessFilter, 'all'>;
const OPENNESS: readonly TaskOpenness[] = ['open', 'closed'];

function useAssignedIncidents(openness: TaskOpenness) {
  const api = useApi();
  const replaceIncidents = useIncidentStore((state) => state.replaceIncidents);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [total, setTotal] = useState(0);
  const load = useCallback(
    (signal?: AbortSignal) =>
      api.incidents({ openness, pageSize: PAGE_SIZE }, signal).then(
        (answer) => {
          replaceIncidents(answer.items, answer.feedSequence);
          setTotal(answer.total);
          setLoaded(true);
          setError(null);
        },
        (failure: unknown) => {
          if (!isAbortError(failure)) setError(failure);
        },
      ),
    [api, openness, replaceIncidents],
  );
  useEffect(() => {
    const controller = new AbortController();
    setLoaded(false);
    void load(controller.signal);
    const timer = window.setInterval(() => void load(controller.signal), MY_TASKS_REFRESH_MS);
    return () => {
      controller.abort();
      window.clearInterval(timer);
    };
  }, [load]);
  return { loaded, error, total };
}

export function MyTasksPanel() {
  const { t, formatNumber } = useI18n();
  const [openness, setOpenness] = useState<TaskOpenness>('open');
  const { loaded, error, total } = useAssignedIncidents(openness);
  const incidents = useIncidentStore((state) => state.incidents);
  const selectedId = useIncidentStore((state) => state.selectedIncidentId);
  const selectIncident = useIncidentStore((state) => state.selectIncident);
  const nowMs = useListClock();
  const rows = useMemo(
    () =>
      selectFilteredIncidents(
        { incidents, filters: { ...DEFAULT_INCIDENT_FILTERS, openness } },
        nowMs,
      ),
    [incidents, openness, nowMs],
  );
  useEffect(() => () => selectIncident(null), [selectIncident]);
  const failure = error === null ? null : describeError(error);

  return (
    <section className="my-tasks" data-testid="my-tasks" aria-label={t('admin.tab.tasks')}>
      <div className="incident-list">
        <div className="my-tasks-toolbar" role="group" aria-label={t('incident.filter.openness')}>
          {OPENNESS.map((value) => (
            <button
              key={value}
              type="button"
              className={`button ${value === openness ? 'button-primary' : 'button-quiet'}`}
              data-testid={`my-tasks-${value}`}
              onClick={() => {
                selectIncident(null);
                setOpenness(value);
              }}
            >
              {t(`myTasks.${value}`)}
            </button>
          ))}
          <span className="my-tasks-count" data-testid="my-tasks-count">
            {loaded ? t('myTasks.count', { count: formatNumber(total) }) : t('common.loading')}
          </span>
        </div>
        {failure !== null && (
          <div className="panel-error" role="alert">
            {t(failure.messageKey, failure.params)}
          </div>
        )}
        {loaded && rows.length === 0 && failure === null && (
          <div className="empty-hint" data-testid="my-tasks-empty">
            {t(openness === 'open' ? 'myTasks.noneOpen' : 'myTasks.noneClosed')}
          </div>
        )}
        <ul className="incident-rows">
          {rows.map((incident) => (
            <IncidentRow key={incident.id} incident={incident} nowMs={nowMs} />
          ))}
        </ul>
      </div>
      {selectedId !== null && incidents[selectedId] !== undefined && (
        <IncidentDrawer incidentId={selectedId} />
      )}
    </section>
  );
}
