/**
 * Refusals are audited like reveals: a reveal refused (no permission, outside scope) and any
 * read of the register refused with 403 leave an audit row naming who asked for what. Written
 * through recordAudit, so they join the hash chain.
 */
import type { Caller } from '../registry/accessErrors';
import type { AuditRepository } from './auditRepository';

export const REVEAL_REFUSED_ACTION = 'reveal_refused';
export const ACCESS_REFUSED_ACTION = 'access_refused';

export interface RefusedRequest {
  /** The route as declared (e.g. `/api/persons/:id/reveal`), not the raw URL. */
  route: string;
  /** The id in the path, '' when the route has none. */
  targetId: string;
  /** Why it was refused (the 403's message). */
  message: string;
}

/** What a refused reveal asked for: an incident's free text or a person's identifiers. */
function revealTarget(route: string): string {
  return route.startsWith('/api/incidents/') ? 'incident' : 'person';
}

export function recordRefusal(
  audit: Pick<AuditRepository, 'recordAudit'>,
  caller: Caller,
  refused: RefusedRequest,
  now: Date,
): Promise<number> {
  const reveal = refused.route.endsWith('/reveal');
  return audit.recordAudit({
    at: now.toISOString(),
    username: caller.username,
    action: reveal ? REVEAL_REFUSED_ACTION : ACCESS_REFUSED_ACTION,
    targetType: reveal ? revealTarget(refused.route) : refused.route,
    targetId: refused.targetId,
    fields: '',
    reason: refused.message,
  });
}
