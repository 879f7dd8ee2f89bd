/**
 * The phone's change requests on SQLite (docs/decisions/0025), and where an approved change is
 * applied to the register (on PostgreSQL: pg/postgresRegisterRequests.ts, the same writes). A phone or ID number a request carries is sealed like the
 * register's own (sealedIdentifiers.ts) with a masked copy; the clear value is opened only to
 * write it into the register.
 */
import { maskIdentifier } from '../../domain/idNumber';
import { formatTags } from '../../domain/registry';
import type { AuditAppendInTransaction } from '../audit/auditRepository';
import type {
  HouseholdNow,
  NewRegisterRequest,
  PersonNow,
  RegisterRequestRecord,
  RegisterRequestRepository,
  RegisterRequestRows,
  RequestFilter,
  StoredChange,
} from '../registry/registerRequestRepository';
import { promisedMethods } from './promisedMethods';
import type { SqliteDatabase } from './openDatabase';
import { PersonStore } from './personStore';
import {
  movedInFields,
  NEW_REQUEST_COLUMNS,
  newRequestValues,
  PERSON_NOW_COLUMNS,
  personNowOf,
  REGISTER_REQUEST_COLUMNS as COLUMNS,
  registerRequestRecordOf as recordOf,
  requestVersionOf,
} from './registerRequestRecords';
import { prefixFilter } from './scopeSql';
import { type IdentifierSealer } from './sealedIdentifiers';
import { identifierSealerFor } from './dataKeyFiles';
import { StatementCache } from './statementCache';

type Row = Record<string, unknown>;

export class RegisterRequestStore implements RegisterRequestRows {
  private readonly statements: StatementCache;
  private readonly sealer: IdentifierSealer;
  private readonly persons: PersonStore;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
    this.sealer = identifierSealerFor(db);
    this.persons = new PersonStore(db);
  }

  insertOnce(request: NewRegisterRequest): { record: RegisterRequestRecord; duplicate: boolean } {
    const result = this.statements
      .get(
        `INSERT INTO register_requests (${NEW_REQUEST_COLUMNS}) ` +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (worker_id, client_id) DO NOTHING',
      )
      .run(...newRequestValues(request, this.sealer));
    const row = this.statements
      .get(`SELECT ${COLUMNS} FROM register_requests WHERE worker_id = ? AND client_id = ?`)
      .get(request.workerId, request.clientId) as Row;
    return { record: recordOf(row), duplicate: result.changes === 0 };
  }

  find(id: number): RegisterRequestRecord | null {
    const row = this.statements
      .get(`SELECT ${COLUMNS} FROM register_requests WHERE id = ?`)
      .get(id) as Row | undefined;
    return row === undefined ? null : recordOf(row);
  }

  list(filter: RequestFilter): RegisterRequestRecord[] {
    const scope = prefixFilter('grid_code', filter.scopes);
    const statuses = filter.statuses.map(() => '?').join(', ');
    const unit = filter.unitId === null ? '' : ' AND unit_id = ?';
    return (
      this.db
        .prepare(
          `SELECT ${COLUMNS} FROM register_requests WHERE ${scope.sql} AND status IN (${statuses})${unit} ` +
            'ORDER BY id DESC LIMIT ?',
        )
        .all(
          ...scope.params,
          ...filter.statuses,
          ...(filter.unitId === null ? [] : [filter.unitId]),
          filter.limit,
        ) as Row[]
    ).map(recordOf);
  }

  person(personId: number): PersonNow | null {
    const row = this.statements
      .get(`SELECT ${PERSON_NOW_COLUMNS} FROM persons WHERE id = ?`)
      .get(personId) as Row | undefined;
    return row === undefined ? null : personNowOf(row, this.sealer);
  }

  household(householdId: number): HouseholdNow | null {
    const row = this.statements
      .get(
        'SELECT h.id, h.unit_id, b.grid_code, b.address, u.room_label FROM households h ' +
          'JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id WHERE h.id = ?',
      )
      .get(householdId) as Row | undefined;
    if (row === undefined) return null;
    const members = this.statements
      .get('SELECT id, name FROM persons WHERE household_id = ? ORDER BY id')
      .all(householdId) as Row[];
    const leases = this.statements
      .get('SELECT id FROM rental_leases WHERE unit_id = ? ORDER BY id')
      .all(row.unit_id) as Row[];
    return {
      householdId: Number(row.id),
      unitId: Number(row.unit_id),
      gridCode: String(row.grid_code),
      address: String(row.address),
      roomLabel: String(row.room_label),
      members: members.map((member) => ({
        personId: Number(member.id),
        name: String(member.name),
      })),
      leaseIds: leases.map((lease) => Number(lease.id)),
    };
  }

  versionOf(text: string): string {
    return requestVersionOf(this.sealer, text);
  }

  inTransaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  applyChange(request: RegisterRequestRecord, at: string): number | null {
    const sealed = this.statements
      .get('SELECT phone_sealed, id_number_sealed FROM register_requests WHERE id = ?')
      .get(request.id) as Row;
    const phone =
      sealed.phone_sealed === null
        ? null
        : this.sealer.open('phone', sealed.phone_sealed as Buffer);
    const { change } = request;
    switch (change.kind) {
      case 'visit':
        return null;
      case 'phone':
        this.statements
          .get(
            'UPDATE persons SET phone_sealed = ?, phone_index = ?, phone_masked = ? WHERE id = ?',
          )
          .run(
            this.sealer.seal('phone', phone!),
            this.sealer.index('phone', phone!),
            maskIdentifier(phone!),
            change.personId,
          );
        return change.personId;
      case 'tags':
        this.statements
          .get('UPDATE persons SET tags = ? WHERE id = ?')
          .run(formatTags(change.tags), change.personId);
        return change.personId;
      case 'move_out':
        this.persons.delete(change.personId);
        return change.personId;
      case 'rental':
        this.statements
          .get(
            'INSERT INTO rental_leases (unit_id, landlord_name, tenants, start_date, end_date, batch_id) ' +
              'VALUES (?, ?, ?, ?, ?, NULL)',
          )
          .run(
            request.unitId,
            change.landlordName,
            change.tenants,
            change.startDate,
            change.endDate,
          );
        return null;
      case 'move_in':
        return this.moveIn(
          request,
          change,
          this.sealer.open('id_number', sealed.id_number_sealed as Buffer),
          phone,
          at,
        );
    }
  }

  /** A person already in the register moves here (their earlier home kept); else a new person. */
  private moveIn(
    request: RegisterRequestRecord,
    change: Extract<StoredChange, { kind: 'move_in' }>,
    idNumber: string,
    phone: string | null,
    at: string,
  ): number {
    const known = this.persons.findByIdNumber(idNumber);
    const fields = movedInFields(change, idNumber, phone, known);
    if (known === null) return this.persons.insert(request.householdId, fields);
    this.persons.update(known.personId, request.householdId, fields);
    if (known.unitId === request.unitId) return known.personId;
    this.statements
      .get(
        'INSERT INTO person_moves (person_id, from_unit_id, to_unit_id, batch_id, moved_at) VALUES (?, ?, ?, NULL, ?)',
      )
      .run(known.personId, known.unitId, request.unitId, at);
    return known.personId;
  }

  markReviewed(id: number, review: Parameters<RegisterRequestRows['markReviewed']>[1]): void {
    this.statements
      .get(
        'UPDATE register_requests SET status = ?, reviewed_by = ?, reviewed_at = ?, review_reason = ?, ' +
          "conflict = ? WHERE id = ? AND status = 'pending'",
      )
      .run(
        review.status,
        review.by,
        review.at,
        review.reason,
        review.conflict === null ? null : JSON.stringify(review.conflict),
        id,
      );
  }
}

/** `work`'s answer as a settled Promise (a throw: a rejection), as promisedMethods does. */
function settled<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * The asynchronous repository over the rows: a submission or a review is one synchronous
 * transaction with its audit row (written by `audit` on the same file), as before.
 */
export function sqliteRegisterRequests(
  db: SqliteDatabase,
  audit: AuditAppendInTransaction,
): RegisterRequestRepository {
  const store = new RegisterRequestStore(db);
  return {
    ...promisedMethods(store, ['find', 'list', 'person', 'household']),
    versionOf: (text) => store.versionOf(text),
    submitOnce: (request, auditOf) =>
      settled(() =>
        store.inTransaction(() => {
          const stored = store.insertOnce(request);
          if (!stored.duplicate) audit.recordAudit(auditOf(stored.record));
          return stored;
        }),
      ),
    review: (id, decide) =>
      settled(() =>
        store.inTransaction(() => {
          const found = store.find(id);
          if (found === null) return null;
          const decision = decide(found, {
            person: found.personId === null ? null : store.person(found.personId),
            household: store.household(found.householdId),
          });
          const at = decision.review.at;
          const personId = decision.apply ? store.applyChange(found, at) : null;
          store.markReviewed(id, decision.review);
          audit.recordAudit(decision.audit(personId));
          return store.find(id)!;
        }),
      ),
  };
}
