/**
 * The incident's detail drawer: facts, deadline, the timeline of transitions (who,
 * when, note), escalations and arrivals, and the actions the server says the caller may take now.
 * An action posts a transition with the fields it needs; a refusal shows the state machine's own
 * words in the screen's language and keeps the form as typed. The detail is read again whenever
 * the feed brings a change of this incident.
 */
import { SATISFACTION_LABELS } from '../../domain/incidents/reporterAnswer';
import { useEffect, useState, type FormEvent } from 'react';
import type { IncidentAction, IncidentCommand } from '../../domain/incidents/incident';
import {
  INCIDENT_PRIORITIES,
  type IncidentPriority,
} from '../../domain/incidents/incidentCategories';
import {
  MAX_EVALUATION_SCORE,
  MIN_EVALUATION_SCORE,
} from '../../domain/incidents/validateIncidentCommand';
import { isAbortError } from '../feeds/apiClient';
import { WORKER_ASSIGNEE_PREFIX, type IncidentDetail } from '../../shared/incidents';
import { DEADLINE_PHASE_COLOURS_CSS, INCIDENT_STATE_COLOURS_CSS } from '../theme/incidentPalette';
import { useAppStore } from '../shell/appStore';
import { useIncidentStore } from './incidentStore';
import { useTrackingStore } from '../tracking/trackingStore';
import { useApi } from '../shell/ApiContext';
import { DispatchPanel } from './DispatchPanel';
import { describeError } from '../widgets/errorMessage';
import { useI18n } from '../shell/i18n';
import { IncidentTimeline } from './IncidentTimeline';
import { useDepartmentName } from './useDepartmentName';
import { categoryName, commandFailureText, formatDuration } from './incidentText';
import { LabelledSelect } from '../widgets/LabelledSelect';
import { LabelledTextArea } from '../widgets/LabelledTextArea';
import { REVEAL_DISPLAY_MS, RevealDialog } from '../widgets/RevealDialog';
import type { IncidentTextRevealResponse } from '../../shared/incidents';

/** Dispatch has its own panel (suggestions along the street network); the rest are forms here. */
const FORM_ACTIONS: readonly IncidentAction[] = [
  'register',
  'reject',
  'accept',
  'decline',
  'feed_back',
  'verify',
  'return_for_rework',
  'evaluate',
  'archive',
  'transfer',
];
const DEFAULT_SCORE = MAX_EVALUATION_SCORE;
const COORDINATE_DECIMALS = 5;

interface ActionDraft {
  action: IncidentAction;
  note: string;
  priority: IncidentPriority | '';
  department: string;
  score: number;
}

function commandOf(draft: ActionDraft): IncidentCommand | null {
  const note = draft.note.trim() === '' ? {} : { note: draft.note.trim() };
  switch (draft.action) {
    case 'register':
      return {
        action: 'register',
        ...note,
        ...(draft.priority ? { priority: draft.priority } : {}),
      };
    case 'transfer':
      return { action: 'transfer', department: draft.department.trim(), ...note };
    case 'evaluate':
      return { action: 'evaluate', score: draft.score, ...note };
    case 'decline':
      return { action: 'decline', note: draft.note.trim() };
    case 'reject':
    case 'accept':
    case 'feed_back':
    case 'verify':
    case 'return_for_rework':
    case 'archive':
      return { action: draft.action, ...note };
    case 'dispatch':
      return null;
  }
}

/** What the reporter said of the outcome, beside the leader's own score (decision 0026). */
function ReporterRatingLine({ rating }: { rating: IncidentDetail['reporterRating'] }) {
  const { t, language } = useI18n();
  return (
    <div className="incident-reporter-rating" data-testid="incident-reporter-rating">
      {rating === null
        ? t('incident.drawer.noReporterRating')
        : t('incident.drawer.reporterRating', {
            rating: SATISFACTION_LABELS[rating.rating][language],
            channel: t(`incident.reporterChannel.${rating.channel}`),
          })}
    </div>
  );
}

function ActionForm({
  incident,
  draft,
  onChange,
  onDone,
}: {
  incident: IncidentDetail;
  draft: ActionDraft;
  onChange(draft: ActionDraft): void;
  onDone(detail: IncidentDetail | null): void;
}) {
  const { t, language } = useI18n();
  const api = useApi();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const command = commandOf(draft);
    if (command === null) return;
    setSending(true);
    setError(null);
    try {
      onDone(await api.transitionIncident(incident.id, { command }));
    } catch (failure) {
      setError(commandFailureText(failure, language, t));
    } finally {
      setSending(false);
    }
  }

  return (
    <form className="incident-action-form" onSubmit={(event) => void submit(event)}>
      <div className="incident-action-title">{t(`incident.action.${draft.action}`)}</div>
      {draft.action === 'register' && (
        <LabelledSelect
          label={t('incident.drawer.priority')}
          value={draft.priority}
          emptyLabel={t('incident.drawer.keepPriority')}
          options={INCIDENT_PRIORITIES.map((priority) => ({
            value: priority,
            label: t(`incident.priority.${priority}`),
          }))}
          onChange={(value) => onChange({ ...draft, priority: value as IncidentPriority | '' })}
        />
      )}
      {draft.action === 'transfer' && (
        <label>
          <span>{t('incident.drawer.department')}</span>
          <input
            value={draft.department}
            data-testid="incident-action-department"
            onChange={(event) => onChange({ ...draft, department: event.target.value })}
          />
        </label>
      )}
      {draft.action === 'evaluate' && <ReporterRatingLine rating={incident.reporterRating} />}
      {draft.action === 'evaluate' && (
        <label>
          <span>
            {t('incident.drawer.score', { min: MIN_EVALUATION_SCORE, max: MAX_EVALUATION_SCORE })}
          </span>
          <input
            type="number"
            min={MIN_EVALUATION_SCORE}
            max={MAX_EVALUATION_SCORE}
            step={1}
            value={draft.score}
            onChange={(event) => onChange({ ...draft, score: Number(event.target.value) })}
          />
        </label>
      )}
      <LabelledTextArea
        label={t('incident.drawer.note')}
        rows={2}
        value={draft.note}
        testId="incident-action-note"
        placeholder={t('incident.drawer.notePlaceholder')}
        onChange={(note) => onChange({ ...draft, note })}
      />
      {error !== null && (
        <div className="incident-error" role="alert" data-testid="incident-action-error">
          {error}
        </div>
      )}
      <div className="incident-form-buttons">
        <button type="button" className="button" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
        <button
          type="submit"
          className="button button-primary"
          disabled={sending}
          data-testid="incident-action-submit"
        >
          {sending ? t('incident.drawer.sending') : t(`incident.action.${draft.action}`)}
        </button>
      </div>
    </form>
  );
}

function useIncidentDetail(incidentId: string) {
  const api = useApi();
  // A feed event replaces the snapshot: that is the cue to read the detail again.
  const snapshot = useIncidentStore((state) => state.incidents[incidentId]);
  const [detail, setDetail] = useState<IncidentDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const controller = new AbortController();
    api.incident(incidentId, controller.signal).then(
      (loaded) => {
        setDetail(loaded);
        setError(null);
      },
      (failure: unknown) => {
        if (!isAbortError(failure)) setError(failure);
      },
    );
    return () => controller.abort();
  }, [api, incidentId, snapshot]);
  return { detail: detail?.id === incidentId ? detail : null, error, setDetail };
}

/**
 * The original text once revealed, for this incident only, until REVEAL_DISPLAY_MS have passed
 * or the detail is read again (a newer version would not match the revealed notes).
 */
function useRevealedText(detail: IncidentDetail | null) {
  const [revealed, setRevealed] = useState<IncidentTextRevealResponse | null>(null);
  useEffect(() => setRevealed(null), [detail]);
  useEffect(() => {
    if (revealed === null) return;
    const timer = window.setTimeout(() => setRevealed(null), REVEAL_DISPLAY_MS);
    return () => window.clearTimeout(timer);
  }, [revealed]);
  const shown =
    detail !== null && revealed !== null && revealed.incidentId === detail.id
      ? {
          ...detail,
          description: revealed.description,
          history: detail.history.map((step, index) => ({
            ...step,
            note: revealed.notes[index] ?? step.note,
          })),
        }
      : detail;
  return { shown, isRevealed: shown !== detail, setRevealed };
}

export function IncidentDrawer({ incidentId }: { incidentId: string }) {
  const { t, language, localName, formatTime, formatDate } = useI18n();
  const selectIncident = useIncidentStore((state) => state.selectIncident);
  const upsertIncident = useIncidentStore((state) => state.upsertIncident);
  const api = useApi();
  const { detail, error, setDetail } = useIncidentDetail(incidentId);
  const { shown, isRevealed, setRevealed } = useRevealedText(detail);
  const canReveal = useAppStore((state) => state.session?.canReveal ?? false);
  const [askingReveal, setAskingReveal] = useState(false);
  const grid = useAppStore((state) => (detail ? state.grids[detail.gridCode] : undefined));
  const [draft, setDraft] = useState<ActionDraft | null>(null);
  const departmentName = useDepartmentName(detail?.department);
  const [dispatching, setDispatching] = useState(false);
  // A worker assignee is named as the live directory names them (masked where required).
  const assigneeName = useTrackingStore((state) => {
    const assignee = detail?.assigneeUsername ?? '';
    if (!assignee.startsWith(WORKER_ASSIGNEE_PREFIX)) return null;
    return (
      state.directory[Number(assignee.slice(WORKER_ASSIGNEE_PREFIX.length))]?.displayName ?? null
    );
  });

  useEffect(() => {
    setDraft(null);
    setDispatching(false);
    setAskingReveal(false);
  }, [incidentId]);

  function applied(next: IncidentDetail | null): void {
    setDraft(null);
    setDispatching(false);
    if (next === null) return;
    setDetail(next);
    upsertIncident(next);
  }

  const close = (
    <button
      type="button"
      className="icon-button"
      aria-label={t('common.close')}
      onClick={() => selectIncident(null)}
    >
      ×
    </button>
  );

  if (detail === null || shown === null) {
    const message = error === null ? null : describeError(error);
    return (
      <aside className="incident-drawer" data-testid="incident-drawer" aria-busy={error === null}>
        <header className="incident-drawer-header">
          <span>{incidentId}</span>
          {close}
        </header>
        <div
          className={message ? 'panel-error' : 'panel-loading'}
          role={message ? 'alert' : 'status'}
        >
          {message ? t(message.messageKey, message.params) : t('common.loading')}
        </div>
      </aside>
    );
  }

  const actions = detail.permittedActions.filter((action) => FORM_ACTIONS.includes(action));
  const mayDispatch = detail.permittedActions.includes('dispatch');
  const { deadline } = detail;
  const running =
    deadline.phase === 'on_track' ||
    deadline.phase === 'near_deadline' ||
    deadline.phase === 'overdue'
      ? deadline.phase
      : null;

  return (
    <aside
      className="incident-drawer"
      data-testid="incident-drawer"
      data-incident-id={detail.id}
      data-state={detail.state}
    >
      <header className="incident-drawer-header">
        <span
          className="incident-state-badge"
          style={{ borderColor: INCIDENT_STATE_COLOURS_CSS[detail.state] }}
          data-testid="incident-drawer-state"
        >
          {t(`incident.state.${detail.state}`)}
        </span>
        <span className="incident-drawer-title">{categoryName(detail.categoryCode, language)}</span>
        {close}
      </header>
      <div className="incident-drawer-body">
        <p
          className={`incident-description${isRevealed ? ' is-revealed' : ''}`}
          data-testid="incident-description"
        >
          {shown.description}
        </p>
        {detail.textMasked && !isRevealed && (
          <div className="incident-masked-hint" data-testid="incident-text-masked">
            <span>{t('reveal.incidentMasked')}</span>
            {canReveal && (
              <button
                type="button"
                className="button"
                data-testid="incident-reveal"
                onClick={() => setAskingReveal(true)}
              >
                {t('reveal.incidentButton')}
              </button>
            )}
          </div>
        )}
        {askingReveal && (
          <RevealDialog
            title={t('reveal.incidentTitle', { id: detail.id })}
            reveal={(purpose, reason) => api.revealIncidentText(detail.id, purpose, reason)}
            onClose={() => setAskingReveal(false)}
            onRevealed={(response) => {
              setAskingReveal(false);
              setRevealed(response);
            }}
          />
        )}
        <dl className="incident-facts">
          <dt>{t('incident.drawer.id')}</dt>
          <dd className="mono">{detail.id}</dd>
          <dt>{t('incident.filter.priority')}</dt>
          <dd>{t(`incident.priority.${detail.priority}`)}</dd>
          <dt>{t('incident.drawer.source')}</dt>
          <dd>{t(`incident.source.${detail.source}`)}</dd>
          <dt>{t('incident.filter.grid')}</dt>
          <dd>{grid ? localName(grid) : detail.gridCode}</dd>
          <dt>{t('incident.drawer.location')}</dt>
          <dd className="mono">
            {detail.location.lon.toFixed(COORDINATE_DECIMALS)},{' '}
            {detail.location.lat.toFixed(COORDINATE_DECIMALS)}
          </dd>
          <dt>{t('incident.drawer.reportedAt')}</dt>
          <dd>
            {formatDate(new Date(detail.reportedAtMs))} {formatTime(new Date(detail.reportedAtMs))}
          </dd>
          <dt>{t('incident.drawer.department')}</dt>
          <dd>{departmentName ?? t('common.none')}</dd>
          <dt>{t('incident.drawer.assignee')}</dt>
          <dd>{assigneeName ?? detail.assigneeUsername ?? t('common.none')}</dd>
          <dt>{t('incident.filter.deadline')}</dt>
          <dd style={running ? { color: DEADLINE_PHASE_COLOURS_CSS[running] } : undefined}>
            {t(`incident.phase.${deadline.phase}`)}
            {deadline.remainingMs !== null &&
              ` · ${t(deadline.remainingMs <= 0 ? 'incident.overdueBy' : 'incident.dueIn', {
                time: formatDuration(deadline.remainingMs, language),
              })}`}
          </dd>
        </dl>
        {detail.permittedActions.length === 0 ? (
          <div className="empty-hint">{t('incident.drawer.readOnly')}</div>
        ) : (
          <div className="incident-actions" data-testid="incident-actions">
            {mayDispatch && (
              <button
                type="button"
                className={`button button-primary${dispatching ? ' is-active' : ''}`}
                data-testid="incident-action-dispatch"
                onClick={() => {
                  setDraft(null);
                  setDispatching(!dispatching);
                }}
              >
                {t('incident.action.dispatch')}
              </button>
            )}
            {actions.map((action) => (
              <button
                key={action}
                type="button"
                className={`button${draft?.action === action ? ' is-active' : ''}`}
                data-testid={`incident-action-${action}`}
                onClick={() => {
                  setDispatching(false);
                  setDraft({
                    action,
                    note: '',
                    priority: '',
                    department: detail.department ?? '',
                    score: DEFAULT_SCORE,
                  });
                }}
              >
                {t(`incident.action.${action}`)}
              </button>
            ))}
          </div>
        )}
        {draft && (
          <ActionForm incident={detail} draft={draft} onChange={setDraft} onDone={applied} />
        )}
        {dispatching && mayDispatch && (
          <DispatchPanel
            incidentId={detail.id}
            onDispatched={(next) => applied(next)}
            onCancel={() => setDispatching(false)}
          />
        )}
        <IncidentTimeline detail={shown} />
      </div>
    </aside>
  );
}
