/**
 * The dispatch flow: the nearest available workers by walking time along the
 * street network, with distance, time, status and whether they work the incident's grid; the
 * dispatcher picks one and confirms. A refusal shows the state machine's words and keeps the
 * choice and the note.
 */
import { useEffect, useState } from 'react';
import type {
  DispatchSuggestion,
  DispatchSuggestionsResponse,
  IncidentDetail,
} from '../../shared/incidents';
import { isAbortError } from '../feeds/apiClient';
import { WORKER_STATUS_COLOURS_CSS } from '../theme/workerPalette';
import { useApi } from '../shell/ApiContext';
import { describeError } from '../widgets/errorMessage';
import { useI18n } from '../shell/i18n';
import { commandFailureText, formatDuration } from './incidentText';

/** Suggestions asked for; the first few are what a dispatcher weighs. */
const SUGGESTION_LIMIT = 5;
const MS_PER_SECOND = 1000;

export function DispatchPanel({
  incidentId,
  onDispatched,
  onCancel,
}: {
  incidentId: string;
  onDispatched(detail: IncidentDetail): void;
  onCancel(): void;
}) {
  const { t, language, formatNumber } = useI18n();
  const api = useApi();
  const [suggestions, setSuggestions] = useState<DispatchSuggestionsResponse | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notified, setNotified] = useState<number | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api.dispatchSuggestions(incidentId, SUGGESTION_LIMIT, controller.signal).then(
      (loaded) => {
        setSuggestions(loaded);
        setChosen((current) => current ?? loaded.suggestions[0]?.workerId ?? null);
      },
      (failure: unknown) => {
        if (!isAbortError(failure)) setLoadError(failure);
      },
    );
    return () => controller.abort();
  }, [api, incidentId]);

  async function confirm(): Promise<void> {
    if (chosen === null) return;
    setSending(true);
    setError(null);
    try {
      const result = await api.confirmDispatch(incidentId, {
        workerId: chosen,
        ...(note.trim() === '' ? {} : { note: note.trim() }),
      });
      setNotified(result.devicesNotified);
      onDispatched(result.incident);
    } catch (failure) {
      setError(commandFailureText(failure, language, t));
    } finally {
      setSending(false);
    }
  }

  const row = (suggestion: DispatchSuggestion) => (
    <li key={suggestion.workerId}>
      <label
        className={`dispatch-option${chosen === suggestion.workerId ? ' is-chosen' : ''}`}
        data-testid="dispatch-suggestion"
        data-worker-id={suggestion.workerId}
      >
        <input
          type="radio"
          name={`dispatch-${incidentId}`}
          checked={chosen === suggestion.workerId}
          onChange={() => setChosen(suggestion.workerId)}
        />
        <span
          className="worker-status-dot"
          style={{ background: WORKER_STATUS_COLOURS_CSS[suggestion.status] }}
          aria-hidden="true"
        />
        <span className="dispatch-name">
          {suggestion.displayName}
          <span className="dispatch-status">{t(`workerStatus.${suggestion.status}`)}</span>
          {suggestion.inIncidentGrid && (
            <span className="dispatch-tag">{t('incident.dispatch.inGrid')}</span>
          )}
        </span>
        <span className="dispatch-figures">
          <span>
            {t('incident.dispatch.distance', { distance: formatNumber(suggestion.distanceM) })}
          </span>
          <span>
            {t('incident.dispatch.duration', {
              time: formatDuration(suggestion.durationS * MS_PER_SECOND, language),
            })}
          </span>
          {suggestion.routeKind === 'straight_line' && (
            <span className="dispatch-estimate">{t('incident.dispatch.straightLine')}</span>
          )}
        </span>
      </label>
    </li>
  );

  let body;
  if (loadError !== null) {
    const message = describeError(loadError);
    body = (
      <div className="panel-error" role="alert">
        {t(message.messageKey, message.params)}
      </div>
    );
  } else if (suggestions === null) {
    body = <div className="panel-loading">{t('incident.dispatch.loading')}</div>;
  } else if (suggestions.suggestions.length === 0) {
    body = <div className="empty-hint">{t('incident.dispatch.none')}</div>;
  } else {
    body = <ul className="dispatch-options">{suggestions.suggestions.map(row)}</ul>;
  }

  return (
    <section className="dispatch-panel" data-testid="dispatch-panel">
      <div className="section-title">{t('incident.dispatch.title')}</div>
      {body}
      <label>
        <span>{t('incident.drawer.note')}</span>
        <textarea rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      {error !== null && (
        <div className="incident-error" role="alert" data-testid="dispatch-error">
          {error}
        </div>
      )}
      {notified !== null && (
        <div className="incident-ok">{t('incident.dispatch.sent', { devices: notified })}</div>
      )}
      <div className="incident-form-buttons">
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={chosen === null || sending}
          data-testid="dispatch-confirm"
          onClick={() => void confirm()}
        >
          {sending ? t('incident.drawer.sending') : t('incident.dispatch.confirm')}
        </button>
      </div>
    </section>
  );
}
