/**
 * Personal identifiers typed into free text (an incident's description, a note, feedback): Chinese
 * mobile and landline numbers, resident ID numbers (18 characters, and the old 15-digit form) and
 * e-mail addresses. Each is masked by the one masking rule (last four characters kept), so a
 * description reads the same as before except for what would identify a person.
 *
 * Near-misses are left alone on purpose: a date, an amount, a grid code or an incident number is
 * what a dispatcher needs to read. A digit run counts only as a whole (no digit or Latin letter
 * right before or after it), an ID number only with a real birth date inside it, and a landline
 * only with its area code.
 */
import { MASK_CHARACTER, MASK_VISIBLE_TAIL, maskIdentifier } from '../idNumber';

/** Not glued to another digit or Latin letter (JavaScript's \b knows nothing of Chinese text). */
const BEFORE = '(?<![0-9A-Za-z])';
const AFTER = '(?![0-9A-Za-z])';

const EMAIL = '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}';
const ID18 = '\\d{17}[\\dXx]';
const ID15 = '\\d{15}';
/** 1[3-9]x xxxx xxxx, optionally grouped by blanks or hyphens, optionally after +86 / 0086. */
const MOBILE = '(?:(?:\\+|00)?86[ -]?)?1[3-9]\\d[ -]?\\d{4}[ -]?\\d{4}';
/** Area codes: 010 and 02x (Beijing and the large cities), else 0 + three digits from 3 to 9. */
const AREA = '0(?:10|2\\d|[3-9]\\d{2})';
/** An area code (possibly in brackets) and a 7- or 8-digit number; an extension stays readable. */
const LANDLINE = `(?:\\(${AREA}\\)|（${AREA}）|${AREA}[ -]?)\\d{7,8}`;

// Mobile before ID: 0086 + a mobile is 15 digits, and no region code starts with 0 or 86.
const PATTERN = new RegExp(
  `(?<email>${EMAIL})|${BEFORE}(?:(?<mobile>${MOBILE})|(?<id>${ID18}|${ID15})|(?<landline>${LANDLINE}))${AFTER}`,
  'g',
);

/** Earliest birth year an ID number in a register can carry (old IDs: 19YY). */
const OLDEST_BIRTH_YEAR = 1900;
/**
 * A 15-digit ID's two-digit year. Grid codes are 15 digits too (district, street, community,
 * grid); their street part reads as years 00–19 in the demo and most real districts, and
 * nobody born before 1920 is a plausible living holder of an old-style card.
 */
const OLDEST_SHORT_ID_YEAR = 20;

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Whether a digit run has the birth date an ID number of that length carries. */
export function hasIdBirthDate(candidate: string, latestYear: number): boolean {
  if (candidate.length === 18) {
    const year = Number(candidate.slice(6, 10));
    if (year < OLDEST_BIRTH_YEAR || year > latestYear) return false;
    return isCalendarDate(year, Number(candidate.slice(10, 12)), Number(candidate.slice(12, 14)));
  }
  const shortYear = Number(candidate.slice(6, 8));
  if (shortYear < OLDEST_SHORT_ID_YEAR) return false;
  return isCalendarDate(
    1900 + shortYear,
    Number(candidate.slice(8, 10)),
    Number(candidate.slice(10, 12)),
  );
}

/**
 * Masks digits and letters but the last four, keeping blanks, hyphens and brackets where they
 * were, so "138-0013-8000" reads "***-****-8000".
 */
function maskKeepingSeparators(token: string): string {
  let visible = MASK_VISIBLE_TAIL;
  const out: string[] = [];
  for (let index = token.length - 1; index >= 0; index--) {
    const char = token[index]!;
    if (/[0-9A-Za-z]/.test(char)) {
      out.push(visible > 0 ? char : MASK_CHARACTER);
      visible -= 1;
    } else {
      out.push(char);
    }
  }
  return out.reverse().join('');
}

export interface FreeTextMaskOptions {
  /** The newest birth year an ID can carry (default: this year of the UTC clock). */
  latestBirthYear?: number;
}

/** The text with every phone, ID number and e-mail address masked; the rest unchanged. */
export function maskFreeText(text: string, options: FreeTextMaskOptions = {}): string {
  const latestYear = options.latestBirthYear ?? new Date().getUTCFullYear();
  return text.replace(PATTERN, (match, ...rest: unknown[]) => {
    const groups = rest.at(-1) as Record<string, string | undefined>;
    if (groups.email !== undefined) return maskIdentifier(match);
    if (groups.id !== undefined) {
      return hasIdBirthDate(match, latestYear) ? maskIdentifier(match) : match;
    }
    return maskKeepingSeparators(match);
  });
}

/** Whether free text holds anything maskFreeText would mask (the drawer offers a reveal then). */
export function containsPersonalData(text: string, options: FreeTextMaskOptions = {}): boolean {
  return maskFreeText(text, options) !== text;
}
