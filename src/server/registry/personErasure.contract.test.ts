/**
 * The contract of PersonErasure on every engine (docs/decisions/0040), over one synthetic
 * district given to both: one household of three (person 1 its head) in each of two units, an
 * emergency's outbox holding a message for person 1's phone and one for another number. On
 * PostgreSQL the audit row is appended by a stand-in for the audit log's adapter that writes the
 * same chained row (auditChain.ts) in the erasure's transaction.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewAuditRecord } from '../audit/auditRepository';
import { auditRowHash } from '../store/auditChain';
import { openDatabase } from '../store/openDatabase';
import type { PostgresClient } from '../store/pg/postgresPool';
import { PostgresPersonErasure } from '../store/pg/postgresPersonErasure';
import { SqliteAuditStore } from '../store/sqliteAuditStore';
import { sqlitePersonErasure } from '../store/sqlitePersonErasure';
import { districtContractEngines } from '../testing/districtContractEngines';
import type { PersonErasure } from './erasePerson';

/** Erasures at once; each PostgreSQL pool has as many clients. */
const AT_ONCE = 4;

interface Opened {
  /** Two handles on one store (two server nodes). */
  nodes: readonly [PersonErasure, PersonErasure];
  /** One whose audit append fails. */
  failing: PersonErasure;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

function auditOf(personId: number): NewAuditRecord {
  return {
    at: '2026-12-06T09:00:00.000Z',
    username: 'admin',
    action: 'erase_person',
    targetType: 'person',
    targetId: String(personId),
    fields: 'person',
    reason: '本人申请',
  };
}

async function appendChainedAudit(client: PostgresClient, audit: NewAuditRecord): Promise<void> {
  await client.query('SELECT 1 FROM audit_anchor WHERE one = 1 FOR UPDATE');
  const { rows } = await client.query<{ id: number; hash: string }>(
    'SELECT COALESCE((SELECT id FROM audit_log ORDER BY id DESC LIMIT 1), last_deleted_id) AS id, ' +
      'COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), last_deleted_hash) AS hash ' +
      'FROM audit_anchor WHERE one = 1',
  );
  const id = Number(rows[0]!.id) + 1;
  const prevHash = rows[0]!.hash;
  await client.query(
    'INSERT INTO audit_log (id, at, username, action, target_type, target_id, fields, reason, ' +
      'prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
    [
      id,
      audit.at,
      audit.username,
      audit.action,
      audit.targetType,
      audit.targetId,
      audit.fields,
      audit.reason,
      prevHash,
      auditRowHash(prevHash, { id, ...audit }),
    ],
  );
}

const refuseAudit = (): never => {
  throw new Error('audit unavailable');
};

const { engines } = districtContractEngines<Opened>({
  label: 'erasure',
  size: {
    streetCount: 1,
    communitiesPerStreet: 1,
    gridsPerCommunity: 1,
    buildingsPerGrid: 1,
    floors: 1,
    unitsPerFloor: 2,
    vacantEvery: 5,
    rentalEvery: 3,
    householdsPerUnit: 1,
    personsPerHousehold: 3,
  },
  tables: [
    'audit_anchor',
    'audit_log',
    'command_events',
    'command_notifications',
    'message_outbox',
    'register_movements',
  ],
  seed(db) {
    db.prepare(
      "INSERT OR REPLACE INTO person_details (person_id, category) VALUES (1, 'floating')",
    ).run();
    db.prepare(
      'INSERT INTO command_events (id, title, incident_type, level, status, opened_at_ms, opened_by) ' +
        "VALUES (1, '氯气泄漏', 'hazmat', 'IV', 'active', 0, 'admin')",
    ).run();
    for (const [id, household] of [
      [1, 1],
      [2, 2],
    ])
      db.prepare(
        'INSERT INTO command_notifications (id, event_id, household_id, grid_code, building_name, ' +
          'room_label, tier, channel, phone_masked, state, gateway, attempts, created_at_ms, ' +
          "updated_at_ms) VALUES (?, 1, ?, '350102001001001', '1号楼', '101', 'evacuate', 'sms', " +
          "'139****0001', 'outbox', 'outbox', 1, 0, 0)",
      ).run(id, household);
    db.prepare(
      'INSERT INTO message_outbox (notification_id, channel, phone_sealed, phone_index, ' +
        "phone_masked, text, created_at_ms) SELECT 1, 'sms', x'01', phone_index, '139****0001', " +
        "'请立即撤离', 0 FROM persons WHERE id = 1",
    ).run();
    db.prepare(
      'INSERT INTO message_outbox (notification_id, channel, phone_sealed, phone_index, ' +
        "phone_masked, text, created_at_ms) VALUES (2, 'sms', x'01', x'02', '139****0002', '请立即撤离', 0)",
    ).run();
  },
  sqlite: (db) => {
    const other = openDatabase(db.name);
    return {
      nodes: [
        sqlitePersonErasure(db, new SqliteAuditStore(db)),
        sqlitePersonErasure(other, new SqliteAuditStore(other)),
      ],
      failing: sqlitePersonErasure(db, { recordAudit: refuseAudit }),
      rows: async (sql) => db.prepare(sql).all() as Record<string, unknown>[],
      close: () => {
        other.close();
        db.close();
      },
    };
  },
  pools: 2,
  poolSize: AT_ONCE,
  postgres: ([pool, other]) => ({
    nodes: [
      new PostgresPersonErasure(pool!, appendChainedAudit),
      new PostgresPersonErasure(other!, appendChainedAudit),
    ],
    failing: new PostgresPersonErasure(pool!, async () => refuseAudit()),
    rows: async (sql) => (await pool!.query(sql)).rows as Record<string, unknown>[],
    close: () => {},
  }),
});

describe.each(engines)('person erasure on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  const count = async (sql: string) => Number((await opened.rows(sql))[0]!.n);
  /** Departures in the movement history (SQLite's trigger counts them; PostgreSQL's erasure). */
  const departures = () =>
    count(
      "SELECT COALESCE(SUM(count), 0) AS n FROM register_movements WHERE kind = 'departure' AND NOT demo",
    );

  it("deletes the person, their details and outbox messages, names the household's next head and audits by id", async () => {
    const [erasure] = opened.nodes;
    const departed = await departures();
    expect(await erasure.erasePerson(1, auditOf(1))).toBe(true);
    expect(await departures()).toBe(departed + 1);

    expect(await count('SELECT COUNT(*) AS n FROM persons WHERE id = 1')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM person_details WHERE person_id = 1')).toBe(0);
    expect(await opened.rows('SELECT head_person_id FROM households ORDER BY id')).toEqual([
      { head_person_id: 2 },
      { head_person_id: 4 },
    ]);
    expect(await opened.rows('SELECT notification_id FROM message_outbox')).toEqual([
      { notification_id: 2 },
    ]);
    expect(await opened.rows('SELECT id, action, target_id, reason FROM audit_log')).toEqual([
      { id: 1, action: 'erase_person', target_id: '1', reason: '本人申请' },
    ]);

    expect(await erasure.erasePerson(1, auditOf(1))).toBe(false);
    expect(await erasure.erasePerson(99, auditOf(99))).toBe(false);
    expect(await count('SELECT COUNT(*) AS n FROM audit_log')).toBe(1);
    expect(await erasure.erasePerson(3, auditOf(3))).toBe(true);
    expect(await opened.rows('SELECT head_person_id FROM households ORDER BY id')).toEqual([
      { head_person_id: 2 },
      { head_person_id: 4 },
    ]);
  });

  it('changes nothing when the audit row cannot be written', async () => {
    await expect(opened.failing.erasePerson(1, auditOf(1))).rejects.toThrow('audit unavailable');
    expect(await count('SELECT COUNT(*) AS n FROM persons WHERE id = 1')).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM message_outbox')).toBe(2);
    expect(await count('SELECT COUNT(*) AS n FROM audit_log')).toBe(0);
  });

  it('erases and audits once when two nodes erase one person at once', async () => {
    const departed = await departures();
    const erased = await Promise.all(
      Array.from({ length: AT_ONCE }, (_, n) => opened.nodes[n % 2]!.erasePerson(2, auditOf(2))),
    );
    expect(erased.filter(Boolean)).toHaveLength(1);
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE target_id = '2'")).toBe(1);
    expect(await departures()).toBe(departed + 1);
  });
});
