/**
 * Why someone reads a full identifier or an unmasked text: a purpose chosen from a fixed list
 * (so the audit log can be counted by purpose) and a reason in the user's own words, long enough
 * to mean something. Blanks, invisible characters and one character repeated do not count: a
 * reason of ten "a"s or four zero-width spaces says nothing an auditor could check.
 */

export const REVEAL_PURPOSES = [
  'identity_check',
  'home_visit',
  'emergency_rescue',
  'case_handling',
  'disclosure_request',
  'other_statutory',
] as const;
export type RevealPurpose = (typeof REVEAL_PURPOSES)[number];

export const REVEAL_PURPOSE_LABELS: Record<RevealPurpose, { zh: string; en: string }> = {
  identity_check: { zh: '核实身份', en: 'Identity check' },
  home_visit: { zh: '上门走访', en: 'Home visit' },
  emergency_rescue: { zh: '应急救援', en: 'Emergency rescue' },
  case_handling: { zh: '案件办理', en: 'Case handling' },
  disclosure_request: { zh: '依申请公开', en: 'Disclosure on request' },
  other_statutory: { zh: '其他法定职责', en: 'Other statutory duty' },
};

/** Visible characters a reason needs at least (after invisible ones are taken out). */
export const MIN_REASON_VISIBLE_CHARS = 10;
/** Longest reason kept (characters as typed). */
export const MAX_REASON_CHARS = 200;
/** Different visible characters a reason needs at least: "aaaaaaaaaa" or "1212121212" say nothing. */
export const MIN_REASON_DISTINCT_CHARS = 3;

/** Whitespace, and the format characters that print nothing (zero-width space, joiners, BOM…). */
const INVISIBLE = /[\s\p{Cf}\p{Cc}\p{Z}\u3164\u115F\u1160\uFFA0\u2800]/gu;

export type RevealReasonError =
  'unknown_purpose' | 'reason_too_short' | 'reason_too_long' | 'reason_repetitive';

export const REVEAL_REASON_MESSAGES: Record<RevealReasonError, { zh: string; en: string }> = {
  unknown_purpose: {
    zh: '请从列表中选择查询目的',
    en: 'choose the purpose from the list',
  },
  reason_too_short: {
    zh: `事由至少需要 ${MIN_REASON_VISIBLE_CHARS} 个可见字符`,
    en: `the reason needs at least ${MIN_REASON_VISIBLE_CHARS} visible characters`,
  },
  reason_too_long: {
    zh: `事由最多 ${MAX_REASON_CHARS} 个字符`,
    en: `the reason may have at most ${MAX_REASON_CHARS} characters`,
  },
  reason_repetitive: {
    zh: '事由不能只由重复的字符组成，请写明具体用途',
    en: 'the reason may not be one character repeated: say what it is for',
  },
};

export interface RevealReason {
  purpose: RevealPurpose;
  /** Trimmed, with invisible characters taken out. */
  reason: string;
}

export type RevealReasonResult =
  { ok: true; value: RevealReason } | { ok: false; error: RevealReasonError };

export function isRevealPurpose(value: unknown): value is RevealPurpose {
  return typeof value === 'string' && (REVEAL_PURPOSES as readonly string[]).includes(value);
}

/** The characters of a reason that show, one per code point. */
export function visibleCharacters(text: string): string[] {
  return [...text.replace(INVISIBLE, '')];
}

/** Checks a purpose and reason; the value kept is the trimmed reason without invisible characters. */
export function parseRevealReason(purpose: unknown, reason: unknown): RevealReasonResult {
  if (!isRevealPurpose(purpose)) return { ok: false, error: 'unknown_purpose' };
  if (typeof reason !== 'string') return { ok: false, error: 'reason_too_short' };
  if ([...reason].length > MAX_REASON_CHARS) return { ok: false, error: 'reason_too_long' };
  const visible = visibleCharacters(reason);
  if (visible.length < MIN_REASON_VISIBLE_CHARS) return { ok: false, error: 'reason_too_short' };
  if (new Set(visible.map((char) => char.toLowerCase())).size < MIN_REASON_DISTINCT_CHARS) {
    return { ok: false, error: 'reason_repetitive' };
  }
  const kept = reason
    .replace(/[\p{Cf}\p{Cc}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  return { ok: true, value: { purpose, reason: kept } };
}

/** How a reveal's purpose and reason are written into the audit row's reason column. */
export function auditReasonOf(value: RevealReason): string {
  return `[${value.purpose}] ${value.reason}`;
}
