/**
 * Format rules for the optional reporter contact of a GeoReport v2 create. A contact nobody can
 * use is no contact: junk in these fields is refused with a clear error instead of being kept as
 * personal data. Empty fields are fine (the contact is optional).
 */

/** RFC 5321's limit on a whole address. */
const MAX_EMAIL_LENGTH = 254;
/** One local part, one domain with a dot and a letter TLD; no blanks, quotes or brackets. */
const EMAIL_PATTERN =
  /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\.]+(\.[^\s@<>()[\]",;:\\.]+)*\.[A-Za-z]{2,63}$/;
/** Digits with an optional leading +, grouped by blanks, hyphens or parentheses. */
const PHONE_PATTERN = /^\+?[0-9()][0-9 ()-]*[0-9]$/;
/** A short extension-less number (110-style service numbers are not contacts). */
const MIN_PHONE_DIGITS = 5;
/** E.164's longest number. */
const MAX_PHONE_DIGITS = 15;

export function isValidContactEmail(email: string): boolean {
  return email.length <= MAX_EMAIL_LENGTH && EMAIL_PATTERN.test(email);
}

export function isValidContactPhone(phone: string): boolean {
  if (!PHONE_PATTERN.test(phone)) return false;
  const digits = phone.replace(/\D/g, '').length;
  return digits >= MIN_PHONE_DIGITS && digits <= MAX_PHONE_DIGITS;
}

function textOf(value: unknown): string | null {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value.trim() : null;
}

/** The problems with the contact fields as GeoReport error descriptions (none: an empty list). */
export function contactFormatErrors(email: unknown, phone: unknown): string[] {
  const errors: string[] = [];
  const emailText = textOf(email);
  if (emailText === null || (emailText !== '' && !isValidContactEmail(emailText))) {
    errors.push('email is not a valid e-mail address like name@example.org (电子邮箱格式不正确)');
  }
  const phoneText = textOf(phone);
  if (phoneText === null || (phoneText !== '' && !isValidContactPhone(phoneText))) {
    errors.push(
      `phone must be ${MIN_PHONE_DIGITS}–${MAX_PHONE_DIGITS} digits, optionally with +, blanks, ` +
        `hyphens or parentheses (电话号码格式不正确)`,
    );
  }
  return errors;
}
