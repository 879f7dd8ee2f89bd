/** Which message a failed request shows: scope refusals say so and show no data (DESIGN §6). */
import { ApiRequestError, NETWORK_ERROR_STATUS } from '../feeds/apiClient';
import type { MessageKey, MessageParams } from '../shell/i18n';

export interface ErrorMessage {
  messageKey: MessageKey;
  params?: MessageParams;
}

const HTTP_BAD_REQUEST = 400;
const HTTP_UNAUTHORIZED = 401;
const HTTP_FORBIDDEN = 403;
const HTTP_NOT_FOUND = 404;
const HTTP_TOO_MANY_REQUESTS = 429;

export function describeError(error: unknown): ErrorMessage {
  if (!(error instanceof ApiRequestError)) {
    return { messageKey: 'error.server', params: { status: String(error) } };
  }
  switch (error.statusCode) {
    case NETWORK_ERROR_STATUS:
      return { messageKey: 'error.network' };
    case HTTP_FORBIDDEN:
      return { messageKey: 'error.forbidden' };
    case HTTP_NOT_FOUND:
      return { messageKey: 'error.notFound' };
    case HTTP_TOO_MANY_REQUESTS:
      return { messageKey: 'error.tooMany' };
    case HTTP_BAD_REQUEST:
      return { messageKey: 'error.badRequest', params: { message: error.message } };
    default:
      return { messageKey: 'error.server', params: { status: error.statusCode } };
  }
}

/** 403 and 404 mean "nothing to show here", not "try again". */
export function isRetryable(error: unknown): boolean {
  return !(
    error instanceof ApiRequestError &&
    [HTTP_BAD_REQUEST, HTTP_UNAUTHORIZED, HTTP_FORBIDDEN, HTTP_NOT_FOUND].includes(error.statusCode)
  );
}
