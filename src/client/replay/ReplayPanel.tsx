/**
 * Track replay: choose workers and a range, load their tracks (the server thins
 * long ones), then play them at 1×–60× on the wall. Closed, it is a single button; open, a
 * panel along the bottom of the view and a banner that says the wall shows the past.
 */
import { useEffect, useMemo } from 'react';
import { DEFAULT_REPLAY_POINTS } from '../../shared/tracking';
import { replayTrackColourCss } from '../theme/replayPalette';
import { checkReplayRange } from './replayRange';
import { selectTracksQuery, useReplayStore } from './replayStore';
import { useI18n } from '../shell/i18n';
import { PanelStatus } from '../widgets/PanelStatus';
import { ReplayBanner } from './ReplayBanner';
import { ReplayRangePicker } from './ReplayRangePicker';
import { ReplayTimeline } from './ReplayTimeline';
import { ReplayWorkerPicker } from './ReplayWorkerPicker';
import { useApiResource } from '../widgets/useApiResource';
import './replay.css';

/** Loads the chosen tracks whenever the choice changes; a newer choice aborts an older load. */
function useTracksLoad() {
  const open = useReplayStore((state) => state.open);
  const workerIds = useReplayStore((state) => state.workerIds);
  const range = useReplayStore((state) => state.range);
  const setTracks = useReplayStore((state) => state.setTracks);
  const query = useMemo(() => {
    const wanted = selectTracksQuery({ open, workerIds, range });
    return wanted !== null && checkReplayRange(wanted, Date.now()) === null ? wanted : null;
  }, [open, workerIds, range]);
  const key = query === null ? null : `${query.workerIds.join(',')}:${query.fromMs}:${query.toMs}`;
  return useApiResource(
    key,
    (api, signal) => {
      if (query === null) throw new Error('no replay query');
      return api.tracks({ ...query, maxPoints: DEFAULT_REPLAY_POINTS }, signal);
    },
    setTracks,
  );
}

function TrackSummaries() {
  const { t, formatNumber } = useI18n();
  const tracks = useReplayStore((state) => state.tracks);
  return (
    <ul className="replay-track-list">
      {tracks.map((track, index) => (
        <li
          key={track.workerId}
          className="replay-track"
          data-testid="replay-track"
          data-worker-id={track.workerId}
        >
          <span
            className="replay-swatch"
            style={{ background: replayTrackColourCss(index) }}
            aria-hidden="true"
          />
          <span className="replay-track-name">{track.displayName}</span>
          <span className="replay-track-meta">
            {track.points.length === 0
              ? t('replay.noFixes')
              : t('replay.fixes', { count: formatNumber(track.points.length) })}
            {track.stops.length > 0 && ` · ${t('replay.stops', { count: track.stops.length })}`}
          </span>
          {track.downsampled && (
            <span className="replay-downsampled" data-testid="replay-downsampled">
              {t('replay.downsampled', { stored: formatNumber(track.storedCount) })}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

export function ReplayPanel() {
  const { t } = useI18n();
  const open = useReplayStore((state) => state.open);
  const workerCount = useReplayStore((state) => state.workerIds.length);
  const clock = useReplayStore((state) => state.clock);
  const hasTracks = useReplayStore((state) => state.tracks.length > 0);
  const { openReplay, closeReplay } = useReplayStore.getState();
  const resource = useTracksLoad();
  // Tracks are personal data: they go with the panel (logout unmounts the command center).
  useEffect(() => () => useReplayStore.getState().resetReplay(), []);

  if (!open) {
    return (
      <button
        type="button"
        className="button replay-launcher"
        data-testid="replay-open"
        onClick={() => openReplay()}
      >
        {t('replay.title')}
      </button>
    );
  }
  return (
    <>
      <ReplayBanner />
      <section className="replay-panel" data-testid="replay-panel" aria-label={t('replay.title')}>
        <header className="replay-header">
          <h2 className="replay-title">{t('replay.title')}</h2>
          <button
            type="button"
            className="button button-quiet"
            data-testid="replay-close"
            onClick={closeReplay}
          >
            {t('common.close')}
          </button>
        </header>
        <div className="replay-body">
          <ReplayWorkerPicker />
          <div className="replay-main">
            <ReplayRangePicker />
            {workerCount === 0 && <p className="empty-hint">{t('replay.chooseWorkers')}</p>}
            <PanelStatus resource={resource} hasData={hasTracks} />
            {resource.status === 'loading' && hasTracks && (
              <p className="replay-loading" role="status">
                {t('common.loading')}
              </p>
            )}
            <TrackSummaries />
            {clock !== null && <ReplayTimeline clock={clock} />}
          </div>
        </div>
      </section>
    </>
  );
}
