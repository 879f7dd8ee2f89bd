/**
 * The incident's detail drawer: facts, deadline, the timeline of transitions (who,
 * when, note), escalations and arrivals, and the actions the server says the caller may take now.
 * An action posts a transition with the fields it needs; a refusal shows the state machine's own
 * words in the screen's language and keeps the form as typed. The detail is read again whenever
 * the feed brings a change of this incident.
 */
import { useEffect, useState } from 'react';
import type { IncidentAction } from '../../domain/incidents/incident';
import { MAX_EVALUATION_SCORE } from '../../domain/incidents/validateIncidentCommand';
import type { IncidentDetail } from '../../shared/incidents';
import { INCIDENT_STATE_COLOURS_CSS } from '../theme/incidentPalette';
import { useAppStore } from '../shell/appStore';
import { useIncidentStore } from './incidentStore';
import { useApi } from '../shell/ApiContext';
import { DispatchPanel } from './DispatchPanel';
import { describeError } from '../widgets/errorMessage';
import { useI18n } from '../shell/i18n';
import { IncidentTimeline } from './IncidentTimeline';
import { useDepartmentName } from './useDepartmentName';
import { categoryName } from './incidentText';
import { RevealDialog } from '../widgets/RevealDialog';
import { ActionForm, type ActionDraft } from './ActionForm';
import { IncidentFacts } from './IncidentFacts';
import { useIncidentDetail } from './useIncidentDetail';
import { useRevealedText } from './useRevealedText';

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

export function IncidentDrawer({ incidentId }: { incidentId: string }) {
  const { t, language } = useI18n();
  const selectIncident = useIncidentStore((state) => state.selectIncident);
  const upsertIncident = useIncidentStore((state) => state.upsertIncident);
  const api = useApi();
  const { detail, error, setDetail } = useIncidentDetail(incidentId);
  const { shown, isRevealed, setRevealed } = useRevealedText(detail);
  const canReveal = useAppStore((state) => state.session?.canReveal ?? false);
  const [askingReveal, setAskingReveal] = useState(false);
  const [draft, setDraft] = useState<ActionDraft | null>(null);
  // Read here, not in IncidentFacts (mounted only once a detail has loaded): where the drawer
  // stays mounted from one incident to the next (the task list), the names read stay shown
  // instead of flashing back to codes.
  const departmentName = useDepartmentName(detail?.department);
  const [dispatching, setDispatching] = useState(false);

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
        <IncidentFacts detail={detail} departmentName={departmentName} />
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
