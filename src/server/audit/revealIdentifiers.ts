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

export async function revealPersonIdentifiers(
  registry: RegistryRepository,
  audit: AuditRepository,
  caller: Caller,
  personId: number,
  admission: RevealAdmission,
  now: Date,
): Promise<RevealResponse> {
  if (!permissionsOf(caller.role).canReveal)
    throw new ForbiddenError('your role may not reveal identifiers');
  const person = registry.findPerson(personId);
  if (person === null) throw new NotFoundError(`person ${personId}`);
  if (!isInScope(person.unit.gridCode, caller.scopes)) throw new ForbiddenError();
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
