import { describe, expect, it } from 'vitest';
import { ApiRequestError, NETWORK_ERROR_STATUS } from '../feeds/apiClient';
import { describeError, isRetryable } from './errorMessage';

const failure = (statusCode: number, message = 'm') =>
  new ApiRequestError({ statusCode, error: 'e', message });

describe('describeError', () => {
  it('says "outside your scope" for 403 without echoing the server', () => {
    expect(describeError(failure(403, 'grid 350102002 not in scope'))).toEqual({
      messageKey: 'error.forbidden',
    });
    expect(isRetryable(failure(403))).toBe(false);
  });

  it('says "too many" for 429 (reveal limit, login lockout)', () => {
    expect(describeError(failure(429))).toEqual({ messageKey: 'error.tooMany' });
  });

  it('shows the server message for 400', () => {
    expect(describeError(failure(400, 'q too short'))).toEqual({
      messageKey: 'error.badRequest',
      params: { message: 'q too short' },
    });
  });

  it('offers a retry for network and server failures', () => {
    expect(describeError(failure(NETWORK_ERROR_STATUS))).toEqual({ messageKey: 'error.network' });
    expect(describeError(failure(503)).messageKey).toBe('error.server');
    expect(isRetryable(failure(NETWORK_ERROR_STATUS))).toBe(true);
    expect(isRetryable(failure(500))).toBe(true);
    expect(isRetryable(failure(404))).toBe(false);
  });
});
