/**
 * The password policy for passwords people choose (GB/T 22239 level 3 asks for complexity and
 * periodic change): at least 12 characters, three of the four kinds (lower case, upper case,
 * digits, other), not containing the username, not one character repeated. Demo accounts are
 * set by npm start (DEMO_PASSWORD, printed) and are not people's choices.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;
const MIN_CHARACTER_KINDS = 3;

export interface LocalizedText {
  zh: string;
  en: string;
}

/** Null when the password meets the policy; otherwise why not, in both languages. */
export function checkPasswordPolicy(password: string, username: string): LocalizedText | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return {
      zh: `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`,
      en: `The password needs at least ${MIN_PASSWORD_LENGTH} characters`,
    };
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return {
      zh: `密码最多 ${MAX_PASSWORD_LENGTH} 个字符`,
      en: `The password may have at most ${MAX_PASSWORD_LENGTH} characters`,
    };
  }
  const kinds = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((kind) =>
    kind.test(password),
  ).length;
  if (kinds < MIN_CHARACTER_KINDS) {
    return {
      zh: '密码需包含小写字母、大写字母、数字、符号中的至少三类',
      en: 'The password needs three of: lower case, upper case, digits, symbols',
    };
  }
  if (username !== '' && password.toLowerCase().includes(username.toLowerCase())) {
    return { zh: '密码不能包含用户名', en: 'The password may not contain the username' };
  }
  if (new Set(password).size <= 2) {
    return { zh: '密码过于简单', en: 'The password is too simple' };
  }
  return null;
}
