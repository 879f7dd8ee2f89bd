/**
 * A short ticker at the bottom right of the view: workers leaving or entering their own grid and SOS raised or
 * cleared, newest first, each for a minute. Any worker in SOS also gets a standing red alert that
 * selects them on a click, until the SOS is cleared.
 */
import { useEffect, useMemo, useState } from 'react';
import { useAppStore } from '../shell/appStore';
import { useTrackingStore, type TrackingEvent } from './trackingStore';
import { useI18n } from '../shell/i18n';

/** How many events the ticker shows and for how long each stays. */
const TICKER_EVENTS = 4;
const TICKER_EVENT_TTL_MS = 60_000;
const TICKER_TICK_MS = 5_000;
/** Names in the SOS alert; more read as a count. */
const SOS_NAMES_SHOWN = 3;

export function WorkerEventTicker() {
  const { t, localName, formatTime } = useI18n();
  const events = useTrackingStore((state) => state.events);
  const directory = useTrackingStore((state) => state.directory);
  const selectWorker = useTrackingStore((state) => state.selectWorker);
  const grids = useAppStore((state) => state.grids);
  const [nowMs, setNowMs] = useState(() => Date.now());

  useEffect(() => {
    const timer = window.setInterval(() => setNowMs(Date.now()), TICKER_TICK_MS);
    return () => window.clearInterval(timer);
  }, []);

  const sosWorkers = useMemo(
    () => Object.values(directory).filter((entry) => entry.status === 'sos'),
    [directory],
  );
  // Events are stamped with fix times; a screen clock a little behind must not hide them.
  const recent = events
    .filter((event) => nowMs - event.atMs < TICKER_EVENT_TTL_MS)
    .slice(0, TICKER_EVENTS);

  const describe = (event: TrackingEvent) => {
    const name = directory[event.workerId]?.displayName ?? String(event.workerId);
    const grid = event.gridCode === null ? undefined : grids[event.gridCode];
    const gridName = grid ? localName(grid) : (event.gridCode ?? '');
    return t(`trackingEvent.${event.kind}`, { name, grid: gridName });
  };

  if (recent.length === 0 && sosWorkers.length === 0) return null;
  return (
    <div className="worker-ticker" data-testid="worker-ticker">
      {sosWorkers.length > 0 && (
        <button
          type="button"
          className="sos-alert"
          data-testid="sos-alert"
          role="alert"
          onClick={() => selectWorker(sosWorkers[0]?.workerId ?? null)}
        >
          <span className="sos-alert-mark">SOS</span>
          <span>
            {t('tracking.sosAlert', {
              count: sosWorkers.length,
              names: sosWorkers
                .slice(0, SOS_NAMES_SHOWN)
                .map((entry) => entry.displayName)
                .join('、'),
            })}
          </span>
        </button>
      )}
      {recent.length > 0 && (
        <ul className="worker-events" aria-live="polite">
          {recent.map((event) => (
            <li
              key={event.id}
              className={`worker-event worker-event-${event.kind}`}
              data-testid="worker-event"
              data-kind={event.kind}
            >
              <time className="worker-event-time">{formatTime(new Date(event.atMs))}</time>
              <button
                type="button"
                className="link-button worker-event-text"
                onClick={() => selectWorker(event.workerId)}
              >
                {describe(event)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
