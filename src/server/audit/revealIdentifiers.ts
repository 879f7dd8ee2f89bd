/**
 * The only way a full ID number or phone leaves the server: a caller whose role may reveal,
 * inside their scope, with a stated reason. The read and its audit row are one transaction.
 */
import { isInScope } from '../../domain/gridCode';
import type { AuditEntry, Page, RevealResponse } from '../../shared/api';
import { permissionsOf } from '../auth/roles';
import { ForbiddenError, NotFoundError, type Caller } from '../registry/accessErrors';
import type { PageRequest } from '../registry/registryRecords';
import type { RegistryRepository } from '../registry/registryRepository';
import type { AuditRepository } from './auditRepository';
import type { RevealAdmission } from './revealGuard';

export const REVEAL_ACTION = 'reveal';
export const REVEALED_FIELDS = 'id_number,phone';

async function requirePersonInScope(
  registry: Pick<RegistryRepository, 'findPerson'>,
  caller: Caller,
  personId: number,
): Promise<void> {
  const person = await registry.findPerson(personId);
  if (person === null) throw new NotFoundError(`person ${personId}`);
  if (!isInScope(person.unit.gridCode, caller.scopes)) throw new ForbiddenError();
}

export async function revealPersonIdentifiers(
  registry: Pick<RegistryRepository, 'findPerson'>,
  audit: AuditRepository,
  caller: Caller,
  personId: number,
  admission: RevealAdmission,
  now: Date,
): Promise<RevealResponse> {
  if (!permissionsOf(caller.role).canReveal)
    throw new ForbiddenError('your role may not reveal identifiers');
  await requirePersonInScope(registry, caller, personId);
  const revealed = await audit.revealPersonIdentifiers(
    personId,
    {
      at: now.toISOString(),
      username: caller.username,
      action: REVEAL_ACTION,
      targetType: 'person',
      targetId: String(personId),
      fields: REVEALED_FIELDS,
      reason: admission.auditReason.trim(),
    },
    admission.limit,
  );
  if (revealed === null) throw new NotFoundError(`person ${personId}`);
  // The person was read before the reveal's own transaction: checked again after it, so a
  // person moved out of the caller's scope in between is not handed out (the attempt stays
  // audited).
  await requirePersonInScope(registry, caller, personId);
  return {
    personId,
    idNumber: revealed.idNumber,
    phone: revealed.phone,
    auditId: revealed.auditId,
  };
}

export async function listAuditEntries(
  audit: AuditRepository,
  caller: Caller,
  page: PageRequest,
): Promise<Page<AuditEntry>> {
  if (!permissionsOf(caller.role).canReadAudit)
    throw new ForbiddenError('your role may not read the audit log');
  const result = await audit.listAudit(page);
  return { ...page, total: result.total, items: result.items };
}
