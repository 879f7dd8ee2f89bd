/** The event's one timeline, newest first, each entry written in the screen's language. */
import { describeTimelineEntry } from '../../../domain/emergency/command/commandTimeline';
import type { CommandEventView } from '../../../shared/emergencyCommand';
import { useI18n } from '../../shell/i18n';

/** Entries shown in the panel; the report has them all. */
const SHOWN_ENTRIES = 200;

export function CommandTimeline({ event }: { event: CommandEventView }) {
  const { t, language, formatTime } = useI18n();
  const entries = event.timeline.slice(-SHOWN_ENTRIES).reverse();
  return (
    <section className="command-section" aria-label={t('command.timeline')}>
      <h3>{t('command.timeline')}</h3>
      <ol className="command-timeline" data-testid="command-timeline">
        {entries.map((entry) => (
          <li key={entry.id} data-kind={entry.kind}>
            <span className="mono command-time">{formatTime(new Date(entry.atMs))}</span>
            <span className="command-actor">{entry.actor}</span>
            <span>{describeTimelineEntry(entry)[language]}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
