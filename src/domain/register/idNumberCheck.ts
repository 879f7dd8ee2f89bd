/**
 * The full GB 11643 check of a resident ID number as an import needs it: not only the check
 * character (idNumber.ts) but the birth date it carries and a region code that can exist, each
 * failure with its own reason so a person can fix the right thing.
 */
import { idCheckCharacter } from '../idNumber';

export type IdProblem =
  'id-empty' | 'id-format' | 'id-old-15' | 'id-region' | 'id-date' | 'id-check-digit';

/** Province-level codes of GB/T 2260 (the first two digits of every region code). */
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
  53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);
const OLDEST_BIRTH_YEAR = 1900;

export interface IdFacts {
  /** Normalised: upper-case X, no spaces. */
  idNumber: string;
  birthDate: string;
  sex: 'M' | 'F';
  regionCode: string;
}

/** Reads an ID number as typed (spaces, lower-case x, full-width digits allowed). */
export function normaliseIdNumber(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** The facts an ID number carries, or the first reason it cannot be one. */
export function checkIdNumber(raw: string, today: Date = new Date()): IdFacts | IdProblem {
  const value = normaliseIdNumber(raw);
  if (value === '') return 'id-empty';
  if (/^\d{15}$/.test(value)) return 'id-old-15';
  if (!/^\d{17}[\dX]$/.test(value)) return 'id-format';
  const province = Number(value.slice(0, 2));
  // A county code of 00 is a city's own code, never a place of registration.
  if (!PROVINCE_CODES.has(province) || value.slice(2, 6) === '0000') return 'id-region';
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    year < OLDEST_BIRTH_YEAR ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getTime() > today.getTime()
  ) {
    return 'id-date';
  }
  if (idCheckCharacter(value.slice(0, 17)) !== value[17]) return 'id-check-digit';
  return {
    idNumber: value,
    birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
    sex: Number(value[16]) % 2 === 1 ? 'M' : 'F',
    regionCode: value.slice(0, 6),
  };
}

export const ID_PROBLEM_TEXT: Readonly<Record<IdProblem, { zh: string; en: string }>> = {
  'id-empty': { zh: '公民身份号码为空', en: 'ID number is empty' },
  'id-format': {
    zh: '公民身份号码应为18位（17位数字加校验码0-9或X）',
    en: 'ID number must be 18 characters (17 digits and a check character 0-9 or X)',
  },
  'id-old-15': {
    zh: '15位旧身份证号码，请换为18位号码',
    en: 'old 15-digit ID number: give the 18-digit number',
  },
  'id-region': {
    zh: '公民身份号码前6位不是有效的行政区划代码',
    en: 'the first 6 digits of the ID number are not a valid region code',
  },
  'id-date': {
    zh: '公民身份号码中的出生日期无效',
    en: 'the birth date inside the ID number is not a valid date',
  },
  'id-check-digit': {
    zh: '公民身份号码校验码错误（GB 11643）',
    en: 'ID number check character is wrong (GB 11643)',
  },
};
