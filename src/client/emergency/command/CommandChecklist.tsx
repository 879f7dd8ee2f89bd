/**
 * The plan and its checklist: the plans of the event's type and level first (the commander
 * chooses; activating another plan starts its own checklist), and each step ticked with who,
 * when and an optional note.
 */
import { useState } from 'react';
import type { CommandEventView, PlanCandidate } from '../../../shared/emergencyCommand';
import { useApi } from '../../shell/ApiContext';
import { useI18n } from '../../shell/i18n';
import { useApiResource } from '../../widgets/useApiResource';
import type { CommandAction } from './useCommandAction';

export function PlanPicker({
  event,
  action,
  offered,
}: {
  event: CommandEventView;
  action: CommandAction;
  /** Plans answered by a level change; else the panel asks for the event's own. */
  offered: PlanCandidate[] | null;
}) {
  const { t } = useI18n();
  const api = useApi();
  const [plans, setPlans] = useState<PlanCandidate[]>([]);
  useApiResource(
    offered === null ? `plans:${event.id}:${event.level}` : null,
    (client, signal) => client.commandPlans(null, signal),
    (loaded) => setPlans(loaded.plans),
  );
  const shown = offered ?? plans;
  if (shown.length === 0) return <p className="emergency-muted">{t('command.noPlans')}</p>;
  return (
    <ul className="command-plans" data-testid="command-plans">
      {shown.map((plan) => (
        <li key={plan.recordId}>
          <span>
            {plan.name} · {t(`command.level.${plan.level}`)}
            {plan.matchesLevel && plan.matchesType && (
              <span className="command-match"> · {t('command.planMatches')}</span>
            )}
          </span>
          <button
            type="button"
            className="button"
            disabled={action.busy || event.planRecordId === plan.recordId}
            data-testid="command-activate-plan"
            onClick={() => action.run(() => api.activatePlan(plan.recordId))}
          >
            {t(event.planRecordId === plan.recordId ? 'command.planActive' : 'command.activate')}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function CommandChecklist({
  event,
  action,
  commands,
}: {
  event: CommandEventView;
  action: CommandAction;
  commands: boolean;
}) {
  const { t, formatTime } = useI18n();
  const api = useApi();
  const [notes, setNotes] = useState<Record<number, string>>({});
  if (event.checklist.length === 0) return null;
  return (
    <ol className="command-checklist" data-testid="command-checklist">
      {event.checklist.map((step) => (
        <li
          key={step.index}
          className={step.doneAtMs === null ? '' : 'is-done'}
          data-done={step.doneAtMs !== null}
        >
          <span className="command-step-text">
            {step.index + 1}. {step.text}
          </span>
          {step.doneAtMs !== null ? (
            <span className="command-step-done">
              ✓ {step.doneBy} · {formatTime(new Date(step.doneAtMs))}
              {step.note !== null && ` · ${step.note}`}
            </span>
          ) : (
            commands && (
              <span className="command-step-tick">
                <input
                  type="text"
                  placeholder={t('command.note')}
                  value={notes[step.index] ?? ''}
                  maxLength={500}
                  onChange={(change) => setNotes({ ...notes, [step.index]: change.target.value })}
                />
                <button
                  type="button"
                  className="button"
                  disabled={action.busy}
                  data-testid="command-tick"
                  onClick={() =>
                    action.run(() => api.tickStep(step.index, (notes[step.index] ?? '').trim()))
                  }
                >
                  {t('command.tick')}
                </button>
              </span>
            )
          )}
        </li>
      ))}
    </ol>
  );
}
