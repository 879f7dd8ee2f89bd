/** Choose the workers to replay from the live directory (the workers in the user's scopes). */
import { useMemo } from 'react';
import { replayTrackColourCss } from '../theme/replayPalette';
import { MAX_REPLAY_WORKERS } from '../../shared/tracking';
import { useReplayStore } from './replayStore';
import { selectWorkers } from '../tracking/trackingSelectors';
import { useTrackingStore } from '../tracking/trackingStore';
import { useT } from '../shell/i18n';

export function ReplayWorkerPicker() {
  const t = useT();
  const directory = useTrackingStore((state) => state.directory);
  const workers = useMemo(() => selectWorkers({ directory }), [directory]);
  const chosen = useReplayStore((state) => state.workerIds);
  const toggleWorker = useReplayStore((state) => state.toggleWorker);
  const full = chosen.length >= MAX_REPLAY_WORKERS;
  return (
    <section className="replay-workers" aria-label={t('replay.workers')}>
      <h3 className="section-title">
        {t('replay.workers')}
        <span className="replay-hint">{t('replay.workersLimit', { max: MAX_REPLAY_WORKERS })}</span>
      </h3>
      {workers.length === 0 && <p className="empty-hint">{t('replay.noWorkers')}</p>}
      <ul className="replay-worker-list">
        {workers.map((worker) => {
          const index = chosen.indexOf(worker.workerId);
          const isChosen = index >= 0;
          return (
            <li key={worker.workerId}>
              <button
                type="button"
                className={`replay-worker${isChosen ? ' is-chosen' : ''}`}
                aria-pressed={isChosen}
                disabled={!isChosen && full}
                data-testid="replay-worker"
                data-worker-id={worker.workerId}
                onClick={() => toggleWorker(worker.workerId)}
              >
                <span
                  className="replay-swatch"
                  style={isChosen ? { background: replayTrackColourCss(index) } : undefined}
                  aria-hidden="true"
                />
                {worker.displayName}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
