/**
 * The emergency command on the leader wall and in the tour: the event, its response level, the
 * plan's progress and the notices per zone as counts — no actor, no note, no household. Renders
 * nothing while no event is active; reloads every COMMAND_POLL_MS.
 */
import { useEffect, useState } from 'react';
import type { CommandSummary } from '../../../shared/emergencyCommand';
import { useI18n } from '../../shell/i18n';
import { useApiResource } from '../../widgets/useApiResource';
import { COMMAND_POLL_MS } from './useCommandEvent';
import './command.css';

export function CommandSummaryCard() {
  const { t, formatNumber } = useI18n();
  const [round, setRound] = useState(0);
  const [summary, setSummary] = useState<CommandSummary | null>(null);
  useEffect(() => {
    const timer = setInterval(() => setRound((value) => value + 1), COMMAND_POLL_MS);
    return () => clearInterval(timer);
  }, []);
  useApiResource(
    `command-summary:${round}`,
    (api, signal) => api.commandSummary(signal),
    (loaded) => setSummary(loaded.summary),
  );
  if (summary === null) return null;
  const households = summary.notificationCounts.reduce((sum, zone) => sum + zone.households, 0);
  const acknowledged = summary.notificationCounts.reduce((sum, zone) => sum + zone.acknowledged, 0);
  return (
    <section
      className="command-panel command-summary"
      data-testid="command-summary"
      data-level={summary.level}
    >
      <div className="command-event-head">
        <strong>{summary.title}</strong>
        <span className={`command-level command-level-${summary.level}`}>
          {t(`command.level.${summary.level}`)}
        </span>
      </div>
      {summary.planName !== null && (
        <p className="emergency-muted">
          {summary.planName} ·{' '}
          {t('command.progress', { done: summary.stepsDone, total: summary.stepsTotal })}
        </p>
      )}
      {households > 0 && (
        <p className="emergency-muted">
          {t('command.noticed', {
            households: formatNumber(households),
            acknowledged: formatNumber(acknowledged),
          })}
        </p>
      )}
    </section>
  );
}
