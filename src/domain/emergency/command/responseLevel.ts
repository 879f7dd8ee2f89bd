/**
 * The Chinese four-level emergency response scale (国家突发事件应急响应分级): Ⅳ 一般 is the
 * lowest, Ⅰ 特别重大 the highest. Escalation goes Ⅳ→Ⅲ→Ⅱ→Ⅰ, de-escalation the other way; a
 * change of level always carries the commander's reason, because the after-action report must
 * say why the response grew or shrank.
 */
import { RESPONSE_LEVELS } from '../records/emergencyRecordKinds';

/** Lowest first: a higher index is a more serious response. */
export const RESPONSE_LEVEL_SCALE = ['IV', 'III', 'II', 'I'] as const;
export type ResponseLevel = (typeof RESPONSE_LEVEL_SCALE)[number];

/** A reason shorter than this says nothing a reader of the report could use. */
export const MIN_LEVEL_REASON_LENGTH = 2;

export function isResponseLevel(value: string): value is ResponseLevel {
  return (RESPONSE_LEVEL_SCALE as readonly string[]).includes(value);
}

/** The label of the plan records' own table (Ⅱ级（重大） / Level II (major)). */
export function responseLevelName(level: ResponseLevel): { zh: string; en: string } {
  const option = RESPONSE_LEVELS.find((candidate) => candidate.code === level);
  if (option === undefined) throw new Error(`response level ${level} has no label`);
  return { zh: option.zh, en: option.en };
}

/** Positive when `a` is the more serious response. */
export function compareLevels(a: ResponseLevel, b: ResponseLevel): number {
  return RESPONSE_LEVEL_SCALE.indexOf(a) - RESPONSE_LEVEL_SCALE.indexOf(b);
}

/** One step more serious (Ⅳ→Ⅲ), or null at Ⅰ. */
export function levelAbove(level: ResponseLevel): ResponseLevel | null {
  return RESPONSE_LEVEL_SCALE[RESPONSE_LEVEL_SCALE.indexOf(level) + 1] ?? null;
}

/** One step less serious (Ⅲ→Ⅳ), or null at Ⅳ. */
export function levelBelow(level: ResponseLevel): ResponseLevel | null {
  const index = RESPONSE_LEVEL_SCALE.indexOf(level);
  return index === 0 ? null : RESPONSE_LEVEL_SCALE[index - 1]!;
}

export type LevelDirection = 'escalate' | 'deescalate';

export type LevelChangeCheck =
  | { ok: true; direction: LevelDirection }
  | { ok: false; problem: 'same_level' | 'reason_required' };

/**
 * Whether the level may change from `from` to `to` with this reason. A jump of several steps is
 * allowed (a release that turns out far worse goes Ⅳ→Ⅱ at once); the same level is not a change.
 */
export function checkLevelChange(
  from: ResponseLevel,
  to: ResponseLevel,
  reason: string,
): LevelChangeCheck {
  if (from === to) return { ok: false, problem: 'same_level' };
  if (reason.trim().length < MIN_LEVEL_REASON_LENGTH)
    return { ok: false, problem: 'reason_required' };
  return { ok: true, direction: compareLevels(to, from) > 0 ? 'escalate' : 'deescalate' };
}
