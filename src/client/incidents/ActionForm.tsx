/**
 * The form of one incident action: the fields that action needs, posted as a transition. Kept
 * apart from the drawer so a refusal's message and the typed draft stay with the form that owns
 * them, while the drawer only decides which form is open.
 */
import { useState, type FormEvent } from 'react';
import type { IncidentAction, IncidentCommand } from '../../domain/incidents/incident';
import {
  INCIDENT_PRIORITIES,
  type IncidentPriority,
} from '../../domain/incidents/incidentCategories';
import { SATISFACTION_LABELS } from '../../domain/incidents/reporterAnswer';
import {
  MAX_EVALUATION_SCORE,
  MIN_EVALUATION_SCORE,
} from '../../domain/incidents/validateIncidentCommand';
import type { IncidentDetail } from '../../shared/incidents';
import { useApi } from '../shell/ApiContext';
import { useI18n } from '../shell/i18n';
import { LabelledSelect } from '../widgets/LabelledSelect';
import { LabelledTextArea } from '../widgets/LabelledTextArea';
import { commandFailureText } from './incidentText';

export interface ActionDraft {
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

export function ActionForm({
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
