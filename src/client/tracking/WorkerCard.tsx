/**
 * The selected worker's card: name (masked as the server sends it), grids, status, and today's
 * walked distance and patrol coverage of their grids (computed by the server from the stored
 * track, refreshed while the card is open). Follow keeps the camera on the worker.
 */
import { useEffect, useState } from 'react';
import type { WorkerToday } from '../../shared/tracking';
import { WORKER_STATUS_COLOURS_CSS } from '../theme/workerPalette';
import { useAppStore } from '../shell/appStore';
import { useReplayStore } from '../replay/replayStore';
import { selectSelectedWorker } from './trackingSelectors';
import { useTrackingStore } from './trackingStore';
import { describeError } from '../widgets/errorMessage';
import { useI18n } from '../shell/i18n';
import { useApiResource } from '../widgets/useApiResource';

/** Today's figures move while the worker walks; the card asks again this often. */
const TODAY_REFRESH_MS = 30_000;
const METRES_PER_KM = 1000;
/** Below this a distance reads better in metres. */
const SHOW_KM_FROM_M = 1000;
const PERCENT = 100;

export function WorkerCard() {
  const { t, localName, formatNumber, formatTime } = useI18n();
  const worker = useTrackingStore(selectSelectedWorker);
  const following = useTrackingStore((state) => state.following);
  const selectWorker = useTrackingStore((state) => state.selectWorker);
  const setFollowing = useTrackingStore((state) => state.setFollowing);
  const grids = useAppStore((state) => state.grids);
  const [refresh, setRefresh] = useState(0);
  const [today, setToday] = useState<WorkerToday | null>(null);
  const workerId = worker?.workerId ?? null;

  useEffect(() => {
    if (workerId === null) return undefined;
    const timer = window.setInterval(() => setRefresh((count) => count + 1), TODAY_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [workerId]);

  const loading = useApiResource(
    workerId === null ? null : `${workerId}:${refresh}`,
    (api, signal) => api.workerToday(workerId ?? 0, signal),
    setToday,
  );

  if (worker === null) return null;
  const todayOfWorker = today?.worker.workerId === worker.workerId ? today : null;
  const gridNames = worker.gridCodes.map((code) => {
    const grid = grids[code];
    return grid ? localName(grid) : code;
  });
  const distanceM = todayOfWorker?.distanceWalkedM ?? null;
  const lastFix = todayOfWorker?.worker.lastFix ?? null;
  const message = loading.status === 'error' ? describeError(loading.error) : null;
  const pending = loading.status === 'loading' && todayOfWorker === null;
  const placeholder = pending ? '…' : '—';

  return (
    <section
      className={`worker-card status-${worker.status}`}
      data-testid="worker-card"
      data-worker-id={worker.workerId}
      data-status={worker.status}
      aria-live="polite"
    >
      <header className="worker-card-header">
        <span
          className="worker-card-dot"
          style={{ background: WORKER_STATUS_COLOURS_CSS[worker.status] }}
        />
        <h2 className="worker-card-name" data-testid="worker-card-name">
          {worker.displayName}
        </h2>
        <span className={`worker-card-status status-${worker.status}`}>
          {t(`workerStatus.${worker.status}`)}
        </span>
        <button
          type="button"
          className="worker-card-close"
          aria-label={t('common.close')}
          onClick={() => selectWorker(null)}
        >
          ×
        </button>
      </header>
      <dl className="worker-card-facts">
        <dt>{t('workerCard.grid')}</dt>
        <dd>{gridNames.join('、')}</dd>
        <dt>{t('workerCard.distanceToday')}</dt>
        <dd data-testid="worker-card-distance">
          {distanceM === null
            ? placeholder
            : distanceM >= SHOW_KM_FROM_M
              ? t('workerCard.km', { value: formatNumber(distanceM / METRES_PER_KM, 2) })
              : t('workerCard.m', { value: formatNumber(distanceM) })}
        </dd>
        <dt>{t('workerCard.coverageToday')}</dt>
        <dd data-testid="worker-card-coverage">
          {todayOfWorker === null ? (
            placeholder
          ) : (
            <>
              <span className="worker-card-coverage">
                {t('workerCard.percent', {
                  value: formatNumber(todayOfWorker.patrolCoverage * PERCENT, 1),
                })}
              </span>
              <span className="worker-card-meter" aria-hidden="true">
                <span style={{ width: `${todayOfWorker.patrolCoverage * PERCENT}%` }} />
              </span>
              <span className="worker-card-detail">
                {t('workerCard.coverageDetail', {
                  walked: formatNumber(todayOfWorker.walkedStreetM),
                  total: formatNumber(todayOfWorker.gridStreetM),
                })}
              </span>
            </>
          )}
        </dd>
        <dt>{t('workerCard.fixesToday')}</dt>
        <dd>{todayOfWorker === null ? placeholder : formatNumber(todayOfWorker.fixCount)}</dd>
        <dt>{t('workerCard.lastFix')}</dt>
        <dd>{lastFix === null ? placeholder : formatTime(new Date(lastFix.fixTimeMs))}</dd>
      </dl>
      {message && (
        <p className="worker-card-error" role="alert">
          {t(message.messageKey, message.params)}{' '}
          <button type="button" className="link-button" onClick={loading.retry}>
            {t('common.retry')}
          </button>
        </p>
      )}
      <div className="worker-card-actions">
        <button
          type="button"
          className={`button worker-follow${following ? ' is-on' : ''}`}
          data-testid="worker-follow"
          aria-pressed={following}
          onClick={() => setFollowing(!following)}
        >
          {t(following ? 'workerCard.unfollow' : 'workerCard.follow')}
        </button>
        <button
          type="button"
          className="button worker-replay"
          data-testid="worker-replay"
          onClick={() => useReplayStore.getState().openReplay([worker.workerId])}
        >
          {t('replay.openForWorker')}
        </button>
      </div>
    </section>
  );
}
