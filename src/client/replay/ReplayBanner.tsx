/** While a replay is loaded the wall says so, in large type: "回放 REPLAY 14:03:22 ×10". */
import { useReplayStore } from './replayStore';
import { useI18n } from '../shell/i18n';
import { useReplayTime } from './useReplayTime';

export function ReplayBanner() {
  const { t, formatTime } = useI18n();
  const clock = useReplayStore((state) => state.clock);
  const timeMs = useReplayTime(clock);
  if (clock === null || timeMs === null) return null;
  return (
    <div className="replay-banner" role="status" data-testid="replay-banner">
      <span className="replay-banner-label">{t('replay.banner')}</span>
      <span
        className="replay-banner-time"
        data-testid="replay-time"
        data-time-ms={Math.round(timeMs)}
      >
        {formatTime(new Date(timeMs))}
      </span>
      <span className="replay-banner-speed">{t('replay.speedValue', { speed: clock.speed })}</span>
      {!clock.playing && <span className="replay-banner-paused">{t('replay.paused')}</span>}
    </div>
  );
}
