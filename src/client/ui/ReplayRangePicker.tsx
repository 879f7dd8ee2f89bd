/** The replay range: last hour, today (the district's day) or a custom from–to. */
import { MAX_REPLAY_RANGE_MS } from '../../shared/tracking';
import { REPLAY_RANGE_PRESETS, checkReplayRange, type ReplayRange } from '../state/replayRange';
import { useReplayStore } from '../state/replayStore';
import { useT } from './i18n';

const DAY_MS = 24 * 60 * 60 * 1000;
const pad = (value: number) => String(value).padStart(2, '0');

/** `<input type="datetime-local">` speaks the browser's local time, to the minute. */
export function toLocalInputValue(timeMs: number): string {
  const date = new Date(timeMs);
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

function fromLocalInputValue(value: string): number {
  return value === '' ? Number.NaN : new Date(value).getTime();
}

export function ReplayRangePicker() {
  const t = useT();
  const preset = useReplayStore((state) => state.preset);
  const range = useReplayStore((state) => state.range);
  const choosePreset = useReplayStore((state) => state.choosePreset);
  const setCustomRange = useReplayStore((state) => state.setCustomRange);
  const problem = range === null ? null : checkReplayRange(range, Date.now());

  const change = (edge: keyof ReplayRange, value: string) => {
    const base = range ?? { fromMs: Number.NaN, toMs: Number.NaN };
    setCustomRange({ ...base, [edge]: fromLocalInputValue(value) });
  };

  return (
    <section className="replay-range" aria-label={t('replay.range')}>
      <div className="segmented" role="radiogroup" aria-label={t('replay.range')}>
        <span className="segmented-label">{t('replay.range')}</span>
        {REPLAY_RANGE_PRESETS.map((option) => (
          <button
            key={option}
            type="button"
            role="radio"
            aria-checked={preset === option}
            className={`segmented-option${preset === option ? ' is-active' : ''}`}
            data-testid="replay-preset"
            data-value={option}
            onClick={() => choosePreset(option)}
          >
            {t(`replay.preset.${option}`)}
          </button>
        ))}
      </div>
      {preset === 'custom' && (
        <div className="replay-custom-range">
          <label className="field replay-field">
            <span className="field-label">{t('replay.from')}</span>
            <input
              type="datetime-local"
              data-testid="replay-from"
              value={range && Number.isFinite(range.fromMs) ? toLocalInputValue(range.fromMs) : ''}
              onChange={(event) => change('fromMs', event.target.value)}
            />
          </label>
          <label className="field replay-field">
            <span className="field-label">{t('replay.to')}</span>
            <input
              type="datetime-local"
              data-testid="replay-to"
              value={range && Number.isFinite(range.toMs) ? toLocalInputValue(range.toMs) : ''}
              onChange={(event) => change('toMs', event.target.value)}
            />
          </label>
        </div>
      )}
      {problem !== null && (
        <p className="replay-problem" role="alert">
          {t(`replay.rangeProblem.${problem}`, { days: MAX_REPLAY_RANGE_MS / DAY_MS })}
        </p>
      )}
    </section>
  );
}
