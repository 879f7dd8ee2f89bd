/**
 * A person's deletion (PIPL right to erasure): the admin removes a resident from the register,
 * with a reason, in one transaction with its audit row. History stays as it was and is already
 * masked: audit rows name the person by id only, and no other table holds their identifiers.
 */
import { hasPermission } from '../auth/roles';
import type { Role } from '../../shared/api';
import type { NewAuditRecord } from '../audit/auditRepository';
import { ForbiddenError, NotFoundError, type Caller } from './accessErrors';

export const ERASE_ACTION = 'erase_person';

/** Who may erase a person; the one place to re-point at a permission table. */
export function mayErasePersons(role: Role): boolean {
  return hasPermission(role, 'users.manage');
}

/**
 * The adapters are store/sqlitePersonErasure.ts and store/pg/postgresPersonErasure.ts, checked by
 * personErasure.contract.test.ts.
 */
export interface PersonErasure {
  /**
   * Deletes the person (a household they headed gets its next member as head) and writes the
   * audit row, both or neither. False when there is no such person (nothing is written): of
   * erasures of one person at once, one deletes and audits.
   */
  erasePerson(personId: number, audit: NewAuditRecord): Promise<boolean>;
}

export async function erasePerson(
  erasure: PersonErasure,
  caller: Caller,
  personId: number,
  reason: string,
  now: Date,
): Promise<void> {
  if (!mayErasePersons(caller.role))
    throw new ForbiddenError('only an admin may delete a person / 仅管理员可删除人员');
  const erased = await erasure.erasePerson(personId, {
    at: now.toISOString(),
    username: caller.username,
    action: ERASE_ACTION,
    targetType: 'person',
    targetId: String(personId),
    fields: 'person',
    reason: reason.trim(),
  });
  if (!erased) throw new NotFoundError(`person ${personId}`);
}
