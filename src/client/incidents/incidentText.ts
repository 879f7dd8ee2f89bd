/**
 * Words of incidents on the wall: category names in the screen's language, the deadline as
 * "time left" or "overdue by", and the server's refusal of a command in the screen's language.
 */
import { findIncidentCategory } from '../../domain/incidents/incidentCategories';
import { ApiRequestError } from '../feeds/apiClient';
import type { Language } from '../shell/appStore';
import type { IncidentCommandErrorResponse, LocalizedText } from '../../shared/incidents';
import { describeError } from '../widgets/errorMessage';
import type { Translator } from '../shell/i18n';

const MS_PER_MINUTE = 60_000;
const MINUTES_PER_HOUR = 60;
const HOURS_PER_DAY = 24;

export function categoryName(code: string, language: Language): string {
  const category = findIncidentCategory(code);
  if (category === null) return code;
  return language === 'en' ? category.nameEn : category.nameZh;
}

/** "2 d 3 h", "3 h 05 min", "12 min": a deadline read from across the hall. */
export function formatDuration(durationMs: number, language: Language): string {
  const totalMinutes = Math.max(0, Math.floor(Math.abs(durationMs) / MS_PER_MINUTE));
  const minutes = totalMinutes % MINUTES_PER_HOUR;
  const totalHours = Math.floor(totalMinutes / MINUTES_PER_HOUR);
  const hours = totalHours % HOURS_PER_DAY;
  const days = Math.floor(totalHours / HOURS_PER_DAY);
  const [d, h, m] = language === 'en' ? ['d', 'h', 'min'] : ['天', '小时', '分钟'];
  if (days > 0) return `${days} ${d} ${hours} ${h}`;
  if (totalHours > 0) return `${hours} ${h} ${String(minutes).padStart(2, '0')} ${m}`;
  return `${minutes} ${m}`;
}

/** A refusal by the state machine carries its words in both languages (other errors do not). */
function isCommandError(
  body: unknown,
): body is IncidentCommandErrorResponse & { messages: LocalizedText } {
  if (typeof body !== 'object' || body === null) return false;
  const messages = (body as { messages?: unknown }).messages;
  return (
    typeof messages === 'object' &&
    messages !== null &&
    typeof (messages as { zh?: unknown }).zh === 'string' &&
    typeof (messages as { en?: unknown }).en === 'string'
  );
}

/** The state machine's own words for a refused command, or null for any other failure. */
export function commandErrorText(error: unknown, language: Language): string | null {
  if (!(error instanceof ApiRequestError) || !isCommandError(error.body)) return null;
  return error.body.messages[language];
}

/** What a failed command shows: the server's refusal if it gave one, else the failure's message. */
export function commandFailureText(
  failure: unknown,
  language: Language,
  t: Translator['t'],
): string {
  const message = describeError(failure);
  return commandErrorText(failure, language) ?? t(message.messageKey, message.params);
}
