/** A refusal for going too fast: answered 429 with Retry-After (seconds, rounded up). */
export class RateLimitedError extends Error {
  readonly statusCode = 429;

  constructor(
    message: string,
    readonly retryAfterS: number,
    /** The same refusal in both languages of the UI. */
    readonly messages?: { zh: string; en: string },
  ) {
    super(message);
  }
}
