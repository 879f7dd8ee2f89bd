/**
 * The phone's change requests on PostgreSQL (docs/decisions/0025, 0040), checked with the SQLite
 * adapter by registry/registerRequests.contract.test.ts. A submission is its insert and audit row
 * in one transaction; a review is the request read, decided on, its change applied to the
 * register, the request marked and the audit row appended, in one transaction.
 *
 * Row locks stand in for SQLite's one writer. A review locks, in this order: the request (of
 * reviewers of one request at once, one decides on it pending, the others find it reviewed), the
 * person it names or the person a move-in finds by ID number (a change decided on that person's
 * version, or written over them, takes turns with any other), and the unit of its household (the
 * household's version covers its members and the unit's leases: two changes decided on one
 * version take turns, the second sees the first's). A lock is taken before the read it guards, in
 * a statement of its own, so that the read sees what the holder before committed. The person
 * before the unit, as an erasure locks the person before their household; the audit log's anchor
 * last.
 */
import type { NewAuditRecord } from '../../audit/auditRepository';
import { maskIdentifier } from '../../../domain/idNumber';
import { formatTags } from '../../../domain/registry';
import type {
  HouseholdNow,
  NewRegisterRequest,
  PersonNow,
  RegisterRequestRecord,
  RegisterRequestRepository,
  RequestFilter,
  ReviewDecision,
  ReviewTargets,
  StoredChange,
} from '../../registry/registerRequestRepository';
import {
  movedInFields,
  NEW_REQUEST_COLUMNS,
  newRequestValues,
  PERSON_NOW_COLUMNS,
  personNowOf,
  REGISTER_REQUEST_COLUMNS as COLUMNS,
  registerRequestRecordOf as recordOf,
  requestVersionOf,
} from '../registerRequestRecords';
import type { IdentifierSealer } from '../sealedIdentifiers';
import { appendPostgresAuditRow } from './postgresAuditRepository';
import type { PostgresAuditAppend } from './postgresPersonErasure';
import {
  deletePostgresPerson,
  insertPostgresPerson,
  lockPostgresPersonByIdNumber,
  updatePostgresPerson,
  type LockedPerson,
} from './postgresPersonWrites';
import { inRetriedTransaction, type PostgresClient, type PostgresPool } from './postgresPool';
import { postgresPrefixFilter } from './postgresScopeSql';

type Row = Record<string, unknown>;
/** A pool or a transaction's client: both answer `query`. */
type Queryable = Pick<PostgresPool, 'query'> | PostgresClient;

const PERSON_SQL = `SELECT ${PERSON_NOW_COLUMNS} FROM persons WHERE id = $1`;
/** The household, its members and its unit's leases in one statement (one snapshot). */
const HOUSEHOLD_SQL =
  'SELECT h.id, h.unit_id, b.grid_code, b.address, u.room_label, ' +
  "COALESCE((SELECT json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY p.id) " +
  "FROM persons p WHERE p.household_id = h.id), '[]'::json) AS members, " +
  'ARRAY(SELECT l.id FROM rental_leases l WHERE l.unit_id = h.unit_id ORDER BY l.id) AS lease_ids ' +
  'FROM households h JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id ' +
  'WHERE h.id = $1';

/** A request as the review reads it: the record, and its identifiers still sealed. */
interface LockedRequest {
  record: RegisterRequestRecord;
  phoneSealed: Buffer | null;
  idNumberSealed: Buffer | null;
}

export class PostgresRegisterRequests implements RegisterRequestRepository {
  constructor(
    private readonly pool: PostgresPool,
    private readonly sealer: IdentifierSealer,
    /** The audit log's append in the caller's transaction (a stand-in only in tests). */
    private readonly appendAudit: PostgresAuditAppend = appendPostgresAuditRow,
  ) {}

  submitOnce(
    request: NewRegisterRequest,
    auditOf: (stored: RegisterRequestRecord) => NewAuditRecord,
  ): Promise<{ record: RegisterRequestRecord; duplicate: boolean }> {
    return inRetriedTransaction(this.pool, async (client) => {
      // A resend arriving with the first waits on its key and then inserts nothing.
      const { rows } = await client.query<Row>(
        `INSERT INTO register_requests (${NEW_REQUEST_COLUMNS}) VALUES ` +
          '($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) ' +
          `ON CONFLICT (worker_id, client_id) DO NOTHING RETURNING ${COLUMNS}`,
        newRequestValues(request, this.sealer),
      );
      const inserted = rows[0];
      if (inserted !== undefined) {
        const record = recordOf(inserted);
        await this.appendAudit(client, auditOf(record));
        return { record, duplicate: false };
      }
      const stored = await client.query<Row>(
        `SELECT ${COLUMNS} FROM register_requests WHERE worker_id = $1 AND client_id = $2`,
        [request.workerId, request.clientId],
      );
      return { record: recordOf(stored.rows[0]!), duplicate: true };
    });
  }

  find(id: number): Promise<RegisterRequestRecord | null> {
    return findIn(this.pool, id);
  }

  async list(filter: RequestFilter): Promise<RegisterRequestRecord[]> {
    const params: unknown[] = [];
    const scope = postgresPrefixFilter('grid_code', filter.scopes, params);
    params.push([...filter.statuses]);
    let sql = `SELECT ${COLUMNS} FROM register_requests WHERE ${scope} AND status = ANY($${params.length}::text[])`;
    if (filter.unitId !== null) {
      params.push(filter.unitId);
      sql += ` AND unit_id = $${params.length}`;
    }
    params.push(filter.limit);
    const { rows } = await this.pool.query<Row>(
      `${sql} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(recordOf);
  }

  person(personId: number): Promise<PersonNow | null> {
    return this.personIn(this.pool, personId);
  }

  household(householdId: number): Promise<HouseholdNow | null> {
    return householdIn(this.pool, householdId);
  }

  versionOf(text: string): string {
    return requestVersionOf(this.sealer, text);
  }

  review(
    id: number,
    decide: (found: RegisterRequestRecord, now: ReviewTargets) => ReviewDecision,
  ): Promise<RegisterRequestRecord | null> {
    return inRetriedTransaction(this.pool, async (client) => {
      const locked = await lockRequest(client, id);
      if (locked === null) return null;
      const found = locked.record;
      let person: PersonNow | null = null;
      if (found.personId !== null) {
        await client.query('SELECT 1 FROM persons WHERE id = $1 FOR NO KEY UPDATE', [
          found.personId,
        ]);
        person = await this.personIn(client, found.personId);
      }
      const known =
        found.change.kind === 'move_in' && locked.idNumberSealed !== null
          ? await lockPostgresPersonByIdNumber(
              client,
              this.sealer,
              this.sealer.open('id_number', locked.idNumberSealed),
            )
          : null;
      await client.query(
        'SELECT 1 FROM units WHERE id = (SELECT unit_id FROM households WHERE id = $1) ' +
          'FOR NO KEY UPDATE',
        [found.householdId],
      );
      const decision = decide(found, {
        person,
        household: await householdIn(client, found.householdId),
      });
      const personId = decision.apply
        ? await this.applyChange(client, locked, known, decision.review.at)
        : null;
      const { review } = decision;
      await client.query(
        'UPDATE register_requests SET status = $1, reviewed_by = $2, reviewed_at = $3, ' +
          "review_reason = $4, conflict = $5 WHERE id = $6 AND status = 'pending'",
        [
          review.status,
          review.by,
          review.at,
          review.reason,
          review.conflict === null ? null : JSON.stringify(review.conflict),
          id,
        ],
      );
      await this.appendAudit(client, decision.audit(personId));
      return findIn(client, id);
    });
  }

  private async personIn(queryable: Queryable, personId: number): Promise<PersonNow | null> {
    const { rows } = await queryable.query<Row>(PERSON_SQL, [personId]);
    return rows[0] === undefined ? null : personNowOf(rows[0], this.sealer);
  }

  /** The approved change written to the register; the person it touched, if any. */
  private async applyChange(
    client: PostgresClient,
    locked: LockedRequest,
    known: LockedPerson | null,
    at: string,
  ): Promise<number | null> {
    const { record } = locked;
    const phone =
      locked.phoneSealed === null ? null : this.sealer.open('phone', locked.phoneSealed);
    const { change } = record;
    switch (change.kind) {
      case 'visit':
        return null;
      case 'phone':
        await client.query(
          'UPDATE persons SET phone_sealed = $1, phone_index = $2, phone_masked = $3 WHERE id = $4',
          [
            this.sealer.seal('phone', phone!),
            this.sealer.index('phone', phone!),
            maskIdentifier(phone!),
            change.personId,
          ],
        );
        return change.personId;
      case 'tags':
        await client.query('UPDATE persons SET tags = $1 WHERE id = $2', [
          formatTags(change.tags),
          change.personId,
        ]);
        return change.personId;
      case 'move_out':
        await deletePostgresPerson(client, change.personId);
        return change.personId;
      case 'rental':
        await client.query(
          'INSERT INTO rental_leases (unit_id, landlord_name, tenants, start_date, end_date, batch_id) ' +
            'VALUES ($1, $2, $3, $4, $5, NULL)',
          [record.unitId, change.landlordName, change.tenants, change.startDate, change.endDate],
        );
        return null;
      case 'move_in':
        return this.moveIn(client, locked, change, known, phone, at);
    }
  }

  /** A person already in the register moves here (their earlier home kept); else a new person. */
  private async moveIn(
    client: PostgresClient,
    locked: LockedRequest,
    change: Extract<StoredChange, { kind: 'move_in' }>,
    known: LockedPerson | null,
    phone: string | null,
    at: string,
  ): Promise<number> {
    const { record } = locked;
    const idNumber = this.sealer.open('id_number', locked.idNumberSealed!);
    const fields = movedInFields(change, idNumber, phone, known);
    if (known === null)
      return insertPostgresPerson(client, this.sealer, record.householdId, fields);
    await updatePostgresPerson(client, this.sealer, known.personId, record.householdId, fields);
    if (known.unitId === record.unitId) return known.personId;
    await client.query(
      'INSERT INTO person_moves (person_id, from_unit_id, to_unit_id, batch_id, moved_at) ' +
        'VALUES ($1, $2, $3, NULL, $4)',
      [known.personId, known.unitId, record.unitId, at],
    );
    return known.personId;
  }
}

async function findIn(queryable: Queryable, id: number): Promise<RegisterRequestRecord | null> {
  const { rows } = await queryable.query<Row>(
    `SELECT ${COLUMNS} FROM register_requests WHERE id = $1`,
    [id],
  );
  return rows[0] === undefined ? null : recordOf(rows[0]);
}

/** The request, locked until the transaction ends (reviewers of it take turns), or null. */
async function lockRequest(client: PostgresClient, id: number): Promise<LockedRequest | null> {
  const { rows } = await client.query<Row>(
    `SELECT ${COLUMNS}, phone_sealed, id_number_sealed FROM register_requests WHERE id = $1 FOR UPDATE`,
    [id],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return {
    record: recordOf(row),
    phoneSealed: (row.phone_sealed as Buffer | null) ?? null,
    idNumberSealed: (row.id_number_sealed as Buffer | null) ?? null,
  };
}

async function householdIn(
  queryable: Queryable,
  householdId: number,
): Promise<HouseholdNow | null> {
  const { rows } = await queryable.query<Row>(HOUSEHOLD_SQL, [householdId]);
  const row = rows[0];
  if (row === undefined) return null;
  return {
    householdId: Number(row.id),
    unitId: Number(row.unit_id),
    gridCode: String(row.grid_code),
    address: String(row.address),
    roomLabel: String(row.room_label),
    members: (row.members as Array<{ id: number; name: string }>).map((member) => ({
      personId: Number(member.id),
      name: String(member.name),
    })),
    leaseIds: (row.lease_ids as number[]).map(Number),
  };
}
