/**
 * Replacing a user's grid scopes (admin only). The new scopes take effect at once everywhere:
 * REST reads the user per request, and the /live fan-out re-checks every open screen of the
 * user when the bus says its access changed. Each change leaves an audit row.
 */
import type { AuditRepository } from '../audit/auditRepository';
import { ForbiddenError, NotFoundError, type Caller } from '../registry/accessErrors';
import { findUnknownGridCodes } from '../registry/gridQueries';
import type { RegistryRepository } from '../registry/registryRepository';
import type { TrackingBus } from '../tracking/trackingBus';
import type { AuthRepository } from './authRepository';
import { hasPermission } from './roles';

export const AUDIT_ACTION_UPDATE_SCOPES = 'update_scopes';

export class InvalidScopesError extends Error {
  readonly statusCode = 400;
}

export interface UserScopesContext {
  users: Pick<AuthRepository, 'updateUserScopes'>;
  registry: Pick<RegistryRepository, 'findGrid'>;
  audit: Pick<AuditRepository, 'recordAudit'>;
  bus: Pick<TrackingBus, 'emit'>;
  now: () => Date;
}

export async function updateUserScopes(
  context: UserScopesContext,
  caller: Caller,
  username: string,
  scopes: readonly string[],
): Promise<{ username: string; scopes: string[] }> {
  if (!hasPermission(caller.role, 'users.manage'))
    throw new ForbiddenError('only an administrator may change scopes');
  const unique = [...new Set(scopes)].sort();
  const unknown = await findUnknownGridCodes(context.registry, unique);
  if (unknown.length > 0) throw new InvalidScopesError(`unknown grid codes: ${unknown.join(', ')}`);
  if (!(await context.users.updateUserScopes(username, unique)))
    throw new NotFoundError(`user ${username}`);
  await context.audit.recordAudit({
    at: context.now().toISOString(),
    username: caller.username,
    action: AUDIT_ACTION_UPDATE_SCOPES,
    targetType: 'user',
    targetId: username,
    fields: unique.join(','),
    reason: '',
  });
  context.bus.emit('userAccessChanged', { username });
  return { username, scopes: unique };
}
