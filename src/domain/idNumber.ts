/**
 * Resident ID numbers (GB 11643-1999): 17 digits then a check character (0-9 or X),
 * and the one masking rule for ID numbers and phones (docs/decisions/0002-masking.md).
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';
export const ID_NUMBER_LENGTH = 18;

/** The check character for the first 17 digits of an ID number. */
export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('ID body must be 17 digits');
  let sum = 0;
  for (let index = 0; index < 17; index++) sum += Number(first17[index]) * ID_WEIGHTS[index]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

export function isValidIdNumber(idNumber: string): boolean {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return false;
  return idCheckCharacter(idNumber.slice(0, 17)) === idNumber[17];
}

/** How many trailing characters the mask leaves visible. */
export const MASK_VISIBLE_TAIL = 4;
export const MASK_CHARACTER = '*';

/**
 * The masking rule for every identifier shown outside the reveal endpoint: keep only the last
 * four characters, replace everything else (same length) with '*'. Values of four characters or
 * fewer are fully masked, so a short value never leaks whole.
 */
export function maskIdentifier(value: string): string {
  if (value.length <= MASK_VISIBLE_TAIL) return MASK_CHARACTER.repeat(value.length);
  return MASK_CHARACTER.repeat(value.length - MASK_VISIBLE_TAIL) + value.slice(-MASK_VISIBLE_TAIL);
}
