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

/** The caller may not see this. Carries no data about the target beyond its id. */
export class ForbiddenError extends Error {
  constructor(message = 'outside your scope') {
    super(message);
  }
}
