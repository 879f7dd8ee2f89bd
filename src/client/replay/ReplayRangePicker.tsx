/** The replay range: last hour, today (the district's day) or a custom from–to. */
import { useState } from 'react';
import { MAX_REPLAY_RANGE_MS } from '../../shared/tracking';
import { REPLAY_RANGE_PRESETS, checkReplayRange, type ReplayRange } from './replayRange';
import { useReplayStore } from './replayStore';
import { useT } from '../shell/i18n';

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

/**
 * A custom range is edited as a draft and applied with a button: every load of tracks is an
 * audited read of personal data, so half-typed dates must not each fetch.
 */
function CustomRangeEditor({ range }: { range: ReplayRange | null }) {
  const t = useT();
  const setCustomRange = useReplayStore((state) => state.setCustomRange);
  const [draft, setDraft] = useState<ReplayRange>(
    () => range ?? { fromMs: Number.NaN, toMs: Number.NaN },
  );
  const problem = checkReplayRange(draft, Date.now());
  const applied = draft.fromMs === range?.fromMs && draft.toMs === range.toMs;
  const field = (edge: keyof ReplayRange, labelKey: 'replay.from' | 'replay.to') => (
    <label className="field replay-field">
      <span className="field-label">{t(labelKey)}</span>
      <input
        type="datetime-local"
        data-testid={edge === 'fromMs' ? 'replay-from' : 'replay-to'}
        value={Number.isFinite(draft[edge]) ? toLocalInputValue(draft[edge]) : ''}
        onChange={(event) =>
          setDraft((current) => ({ ...current, [edge]: fromLocalInputValue(event.target.value) }))
        }
      />
    </label>
  );
  return (
    <>
      <div className="replay-custom-range">
        {field('fromMs', 'replay.from')}
        {field('toMs', 'replay.to')}
        <button
          type="button"
          className="button"
          data-testid="replay-apply-range"
          disabled={problem !== null || applied}
          onClick={() => setCustomRange(draft)}
        >
          {t('replay.applyRange')}
        </button>
      </div>
      {problem !== null && (
        <p className="replay-problem" role="alert">
          {t(`replay.rangeProblem.${problem}`, { days: MAX_REPLAY_RANGE_MS / DAY_MS })}
        </p>
      )}
    </>
  );
}

export function ReplayRangePicker() {
  const t = useT();
  const preset = useReplayStore((state) => state.preset);
  const range = useReplayStore((state) => state.range);
  const choosePreset = useReplayStore((state) => state.choosePreset);
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
      {preset === 'custom' && <CustomRangeEditor range={range} />}
    </section>
  );
}
