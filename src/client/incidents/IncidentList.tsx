/**
 * The incident list: filters by openness and state, category, priority, deadline
 * phase and grid, and one row per incident — overdue and near-deadline first, with the time left.
 * The rows are a selector over the store, the same one the globe's markers follow.
 */
import { useEffect, useMemo, useState } from 'react';
import { INCIDENT_STATES, type IncidentState } from '../../domain/incidents/incident';
import {
  INCIDENT_CATEGORIES,
  INCIDENT_PRIORITIES,
  type IncidentPriority,
} from '../../domain/incidents/incidentCategories';
import type { RunningDeadlinePhase } from '../../shared/incidents';
import { DEADLINE_PHASE_COLOURS_CSS, INCIDENT_STATE_COLOURS_CSS } from '../theme/incidentPalette';
import { useAppStore } from '../shell/appStore';
import { runningDeadlineOf, selectFilteredIncidents } from './incidentSelectors';
import { useIncidentStore, type OpennessFilter, type WallIncident } from './incidentStore';
import { useI18n } from '../shell/i18n';
import { categoryName, formatDuration } from './incidentText';
import { LabelledSelect } from '../widgets/LabelledSelect';

/** Rows re-derive their countdowns this often (deadlines move with the clock alone). */
const LIST_CLOCK_INTERVAL_MS = 15_000;
/** A wall list shows this many rows; the filters narrow the rest. */
const MAX_LIST_ROWS = 200;
const ANY = '';
const OPENNESS: readonly OpennessFilter[] = ['open', 'closed', 'all'];
const RUNNING_PHASES: readonly RunningDeadlinePhase[] = ['overdue', 'near_deadline', 'on_track'];
const BASE_GRID_LEVEL = 4;

export function useListClock(): number {
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), LIST_CLOCK_INTERVAL_MS);
    return () => clearInterval(timer);
  }, []);
  return nowMs;
}

export function IncidentRow({ incident, nowMs }: { incident: WallIncident; nowMs: number }) {
  const { t, language, localName, formatTime } = useI18n();
  const grid = useAppStore((state) => state.grids[incident.gridCode]);
  const selected = useIncidentStore((state) => state.selectedIncidentId === incident.id);
  const selectIncident = useIncidentStore((state) => state.selectIncident);
  const deadline = runningDeadlineOf(incident, nowMs);
  return (
    <li>
      <button
        type="button"
        className={`incident-row${selected ? ' is-selected' : ''}`}
        data-testid="incident-row"
        data-incident-id={incident.id}
        data-state={incident.state}
        onClick={() => selectIncident(selected ? null : incident.id)}
      >
        <span
          className="incident-state-dot"
          style={{ background: INCIDENT_STATE_COLOURS_CSS[incident.state] }}
          aria-hidden="true"
        />
        <span className="incident-row-main">
          <span className="incident-row-title">
            <span className={`incident-priority priority-${incident.priority}`}>
              {t(`incident.priority.${incident.priority}`)}
            </span>
            {categoryName(incident.categoryCode, language)}
          </span>
          <span className="incident-row-meta">
            {t(`incident.state.${incident.state}`)} · {grid ? localName(grid) : incident.gridCode} ·{' '}
            {formatTime(new Date(incident.reportedAtMs))}
          </span>
        </span>
        {deadline && deadline.remainingMs !== null && (
          <span
            className={`incident-deadline phase-${deadline.phase}`}
            style={{ color: DEADLINE_PHASE_COLOURS_CSS[deadline.phase] }}
          >
            {t(deadline.phase === 'overdue' ? 'incident.overdueBy' : 'incident.dueIn', {
              time: formatDuration(deadline.remainingMs, language),
            })}
          </span>
        )}
      </button>
    </li>
  );
}

export function IncidentList() {
  const { t, language, localName, formatNumber } = useI18n();
  const incidents = useIncidentStore((state) => state.incidents);
  const filters = useIncidentStore((state) => state.filters);
  const setFilters = useIncidentStore((state) => state.setFilters);
  const resetFilters = useIncidentStore((state) => state.resetFilters);
  const grids = useAppStore((state) => state.grids);
  const nowMs = useListClock();
  const rows = useMemo(
    () => selectFilteredIncidents({ incidents, filters }, nowMs),
    [incidents, filters, nowMs],
  );
  const gridOptions = useMemo(
    () =>
      Object.values(grids)
        .filter((grid) => grid.level > 1 && grid.level <= BASE_GRID_LEVEL)
        .sort((a, b) => a.code.localeCompare(b.code)),
    [grids],
  );

  return (
    <div className="incident-list" data-testid="incident-list">
      <div className="incident-filters">
        <div className="incident-openness" role="group" aria-label={t('incident.filter.openness')}>
          {OPENNESS.map((openness) => (
            <button
              key={openness}
              type="button"
              className={`chip${filters.openness === openness ? ' is-active' : ''}`}
              aria-pressed={filters.openness === openness}
              onClick={() => setFilters({ openness, state: null })}
            >
              {t(`incident.filter.${openness}`)}
            </button>
          ))}
        </div>
        <LabelledSelect
          label={t('incident.filter.state')}
          value={filters.state ?? ANY}
          emptyLabel={t('incident.filter.any')}
          options={INCIDENT_STATES.map((state) => ({
            value: state,
            label: t(`incident.state.${state}`),
          }))}
          onChange={(value) =>
            setFilters({
              state: value === ANY ? null : (value as IncidentState),
              openness: 'all',
            })
          }
        />
        <LabelledSelect
          label={t('incident.filter.category')}
          value={filters.categoryCode ?? ANY}
          emptyLabel={t('incident.filter.any')}
          options={INCIDENT_CATEGORIES.map((category) => ({
            value: category.code,
            label: categoryName(category.code, language),
          }))}
          onChange={(value) => setFilters({ categoryCode: value === ANY ? null : value })}
        />
        <LabelledSelect
          label={t('incident.filter.priority')}
          value={filters.priority ?? ANY}
          emptyLabel={t('incident.filter.any')}
          options={INCIDENT_PRIORITIES.map((priority) => ({
            value: priority,
            label: t(`incident.priority.${priority}`),
          }))}
          onChange={(value) =>
            setFilters({ priority: value === ANY ? null : (value as IncidentPriority) })
          }
        />
        <LabelledSelect
          label={t('incident.filter.deadline')}
          value={filters.deadlinePhase ?? ANY}
          emptyLabel={t('incident.filter.any')}
          options={RUNNING_PHASES.map((phase) => ({
            value: phase,
            label: t(`incident.phase.${phase}`),
          }))}
          onChange={(value) =>
            setFilters({
              deadlinePhase: value === ANY ? null : (value as RunningDeadlinePhase),
            })
          }
        />
        <label>
          <span>{t('incident.filter.grid')}</span>
          <select
            value={filters.gridCode ?? ANY}
            onChange={(event) =>
              setFilters({ gridCode: event.target.value === ANY ? null : event.target.value })
            }
          >
            <option value={ANY}>{t('incident.filter.any')}</option>
            {gridOptions.map((grid) => (
              <option key={grid.code} value={grid.code}>
                {'\u3000'.repeat(grid.level - 2)}
                {localName(grid)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="chip" onClick={resetFilters}>
          {t('incident.filter.reset')}
        </button>
      </div>
      <div className="incident-list-count" data-testid="incident-list-count">
        {t('incident.count', { count: formatNumber(rows.length) })}
      </div>
      {rows.length === 0 ? (
        <div className="empty-hint">{t('incident.empty')}</div>
      ) : (
        <ul className="incident-rows">
          {rows.slice(0, MAX_LIST_ROWS).map((incident) => (
            <IncidentRow key={incident.id} incident={incident} nowMs={nowMs} />
          ))}
        </ul>
      )}
    </div>
  );
}
