/**
 * Play and pause, speeds 1×–60×, and the time slider with each track's stops marked above it
 * (a click on a mark jumps to the start of that stop).
 */
import { useMemo } from 'react';
import { replayTrackColourCss } from '../theme/replayPalette';
import { REPLAY_SPEEDS, type ReplayClock } from './replayClock';
import { useReplayStore } from './replayStore';
import { useI18n } from '../shell/i18n';
import { sliderMarks } from './replaySliderMarks';
import { useReplayTime } from './useReplayTime';

/** The slider moves in whole seconds: finer steps mean nothing at 60×. */
const SLIDER_STEP_MS = 1000;

export function ReplayTimeline({ clock }: { clock: ReplayClock }) {
  const { t, formatTime } = useI18n();
  const tracks = useReplayStore((state) => state.tracks);
  const { play, pause, seek, setSpeed } = useReplayStore.getState();
  const timeMs = useReplayTime(clock) ?? clock.fromMs;
  const marks = useMemo(
    () => sliderMarks(tracks, { fromMs: clock.fromMs, toMs: clock.toMs }),
    [tracks, clock.fromMs, clock.toMs],
  );
  return (
    <section className="replay-timeline" data-testid="replay-timeline">
      <div className="replay-controls">
        <button
          type="button"
          className="button button-primary replay-play"
          data-testid="replay-play"
          data-playing={clock.playing}
          onClick={() => (clock.playing ? pause() : play())}
        >
          {clock.playing ? t('replay.pause') : t('replay.play')}
        </button>
        <div className="segmented" role="radiogroup" aria-label={t('replay.speed')}>
          <span className="segmented-label">{t('replay.speed')}</span>
          {REPLAY_SPEEDS.map((speed) => (
            <button
              key={speed}
              type="button"
              role="radio"
              aria-checked={clock.speed === speed}
              className={`segmented-option${clock.speed === speed ? ' is-active' : ''}`}
              data-testid="replay-speed"
              data-value={speed}
              onClick={() => setSpeed(speed)}
            >
              {t('replay.speedValue', { speed })}
            </button>
          ))}
        </div>
        <span
          className="replay-clock mono"
          data-testid="replay-current"
          data-time-ms={Math.round(timeMs)}
        >
          {formatTime(new Date(timeMs))}
        </span>
      </div>
      <div className="replay-slider">
        <div className="replay-marks">
          {marks.map((mark) => {
            const label = t('replay.stopMark', {
              from: formatTime(new Date(mark.startMs)),
              to: formatTime(new Date(mark.endMs)),
            });
            return (
              <button
                key={`${mark.workerId}:${mark.startMs}`}
                type="button"
                className="replay-mark"
                data-testid="replay-stop-mark"
                title={label}
                aria-label={label}
                style={{
                  left: `${mark.leftPct}%`,
                  width: `${mark.widthPct}%`,
                  background: replayTrackColourCss(mark.trackIndex),
                }}
                onClick={() => seek(mark.startMs)}
              />
            );
          })}
        </div>
        <input
          type="range"
          className="replay-range-input"
          aria-label={t('replay.slider')}
          data-testid="replay-slider"
          min={clock.fromMs}
          max={clock.toMs}
          step={SLIDER_STEP_MS}
          value={timeMs}
          onChange={(event) => seek(Number(event.target.value))}
        />
        <div className="replay-slider-ends">
          <span>{formatTime(new Date(clock.fromMs))}</span>
          <span>{formatTime(new Date(clock.toMs))}</span>
        </div>
      </div>
    </section>
  );
}
