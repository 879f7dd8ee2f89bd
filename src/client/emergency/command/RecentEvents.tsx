/**
 * Recent emergency events with their after-action report: XLSX download (a same-origin link, so
 * the session cookie goes with it) or the printable page.
 */
import { useState } from 'react';
import { commandWorkbookPath, type CommandEventSummary } from '../../../shared/emergencyCommand';
import { useI18n } from '../../shell/i18n';
import { useApiResource } from '../../widgets/useApiResource';
import { useCommandStore } from './commandStore';

/** Events listed in the panel; older ones stay in the database and the audit log. */
const LISTED = 5;

export function RecentEvents() {
  const { t, formatDate } = useI18n();
  const current = useCommandStore((state) => state.event);
  const [events, setEvents] = useState<CommandEventSummary[]>([]);
  useApiResource(
    `events:${current?.id ?? 'none'}:${current?.status ?? ''}`,
    (client, signal) => client.commandEvents(signal),
    (loaded) => setEvents(loaded.events.slice(0, LISTED)),
  );
  if (events.length === 0) return null;
  return (
    <section className="command-section" aria-label={t('command.reports')}>
      <h3>{t('command.reports')}</h3>
      <ul className="command-events" data-testid="command-events">
        {events.map((event) => (
          <li key={event.id}>
            <span>
              #{event.id} {event.title} · {formatDate(new Date(event.openedAtMs))} ·{' '}
              {t(event.status === 'active' ? 'command.statusActive' : 'command.statusTerminated')}
            </span>
            <span className="command-event-links">
              <a
                className="link-button"
                href={commandWorkbookPath(event.id)}
                download
                data-testid="command-xlsx"
              >
                XLSX
              </a>
              <button
                type="button"
                className="link-button"
                data-testid="command-print"
                onClick={() => useCommandStore.getState().showReport(event.id)}
              >
                {t('command.printable')}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
