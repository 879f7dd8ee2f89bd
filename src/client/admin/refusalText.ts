/**
 * The words of a refusal in the reader's language: the server's `messages` ({zh, en}) when it
 * sent them (user management, the password policy, the route gate), else the generic ones.
 */
import { ApiRequestError } from '../feeds/apiClient';
import type { Language } from '../shell/appStore';
import type { Translator } from '../shell/i18n';
import { describeError } from '../widgets/errorMessage';

export function refusalText(error: unknown, language: Language, t: Translator['t']): string {
  if (error instanceof ApiRequestError) {
    const messages = (error.body as { messages?: { zh?: unknown; en?: unknown } }).messages;
    const text = messages?.[language];
    if (typeof text === 'string' && text !== '') return text;
  }
  const described = describeError(error);
  return t(described.messageKey, described.params);
}
