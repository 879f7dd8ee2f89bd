/** Outcomes of a use case that are not data: mapped to 403 / 404 by the HTTP error handler. */
import type { Role } from '../../shared/api';

/** Who is asking: enough to check scope and permissions, nothing secret. */
export interface Caller {
  username: string;
  role: Role;
  scopes: readonly string[];
}

export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
  }
}

/**
 * The record, if it exists and the caller may see it; otherwise the same NotFoundError either
 * way. An out-of-scope id answering differently from a missing one (403 against 404) would let
 * anyone probe which ids exist in other streets. The message names the kind, never the id.
 */
export function requireVisible<T>(
  record: T | null,
  isVisible: (record: T) => boolean,
  what: string,
): T {
  if (record === null) throw new NotFoundError(what);
  if (!isVisible(record)) throw new HiddenRecordError(what);
  return record;
}

/**
 * A record that exists outside the caller's scope: answered exactly like a missing one (so
 * existence cannot be probed), yet told apart on the server so the refusal is audited.
 */
export class HiddenRecordError extends NotFoundError {}

/** The caller may not see this. Carries no data about the target beyond its id. */
export class ForbiddenError extends Error {
  constructor(message = 'outside your scope') {
    super(message);
  }
}

/**
 * A refusal a person will read, in both languages: the error handler answers `statusCode`,
 * `message` (English) and `messages` ({zh, en}).
 */
export class LocalizedError extends Error {
  constructor(
    readonly statusCode: 400 | 403 | 404 | 409,
    readonly messages: { zh: string; en: string },
  ) {
    super(messages.en);
  }
}
