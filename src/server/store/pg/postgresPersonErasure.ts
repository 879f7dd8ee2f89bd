/**
 * A person's deletion on PostgreSQL (PersonErasure, registry/erasePerson.ts), checked with the
 * SQLite one by registry/personErasure.contract.test.ts: the register rows (details and moves go
 * with the person, ON DELETE CASCADE), the emergency messages waiting in the outbox for their
 * number, the departure counted in the movement history (as SQLite's trigger counts it) and the
 * audit row, in one transaction. The person's row is locked first: of erasures of
 * one person at once (two nodes), one deletes and audits, the others find no one.
 */
import type { NewAuditRecord } from '../../audit/auditRepository';
import type { PersonErasure } from '../../registry/erasePerson';
import { countPostgresMovementOf } from './postgresPersonWrites';
import { inRetriedTransaction, type PostgresClient, type PostgresPool } from './postgresPool';

/** Appends an audit row in the caller's transaction (the audit log's PostgreSQL adapter). */
export type PostgresAuditAppend = (
  client: PostgresClient,
  audit: NewAuditRecord,
) => Promise<unknown>;

export class PostgresPersonErasure implements PersonErasure {
  constructor(
    private readonly pool: PostgresPool,
    private readonly appendAudit: PostgresAuditAppend,
  ) {}

  erasePerson(personId: number, audit: NewAuditRecord): Promise<boolean> {
    return inRetriedTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ household_id: number }>(
        'SELECT household_id FROM persons WHERE id = $1 FOR UPDATE',
        [personId],
      );
      const person = rows[0];
      if (person === undefined) return false;
      await client.query(
        'UPDATE households SET head_person_id = ' +
          '(SELECT MIN(id) FROM persons WHERE household_id = households.id AND id <> $1) ' +
          'WHERE id = $2 AND head_person_id = $1',
        [personId, person.household_id],
      );
      await client.query(
        'DELETE FROM message_outbox WHERE phone_index = ' +
          '(SELECT phone_index FROM persons WHERE id = $1 AND phone_index IS NOT NULL)',
        [personId],
      );
      await client.query('DELETE FROM persons WHERE id = $1', [personId]);
      await countPostgresMovementOf(client, 'departure', person.household_id);
      await this.appendAudit(client, audit);
      return true;
    });
  }
}
