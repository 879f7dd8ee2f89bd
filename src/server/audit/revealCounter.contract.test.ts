/**
 * The contract of RevealCounter, run against every engine (docs/decisions/0040-postgresql.md),
 * and the reveal guard's limit over each: SQLite on a file of its own per case (reveals written
 * by its audit store), PostgreSQL in a database of this file's own, emptied per case. PostgreSQL
 * has no audit log migration yet: this suite creates the columns the counter reads and writes the
 * rows itself, until the audit log's adapter writes them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../registry/accessErrors';
import { openDatabase } from '../store/openDatabase';
import { runPostgresMigrations } from '../store/pg/postgresMigrations';
import { createPostgresPool, type PostgresPool } from '../store/pg/postgresPool';
import { PostgresRevealCounter } from '../store/pg/postgresRevealCounter';
import { SqliteAuditStore } from '../store/sqliteAuditStore';
import { sqliteRevealCounter } from '../store/sqliteRevealCounter';
import { createTestPostgres, type TestPostgres } from '../testing/testPostgres';
import { REVEAL_ACTION } from './revealIdentifiers';
import { REVEAL_ACTIONS, RevealGuard, type RevealCounter } from './revealGuard';
import { REVEAL_INCIDENT_TEXT_ACTION } from './revealIncidentText';

const T0 = Date.UTC(2026, 11, 5, 5);
const LIMIT_PER_HOUR = 3;
/** Reveals at once by one user, more than the limit: on PostgreSQL they run on as many clients. */
const REVEALS_AT_ONCE = 6;
const REASON = { purpose: 'home_visit', reason: '上门走访前核对住户信息' };
const DISPATCHER: Caller = { username: 'dispatcher', role: 'dispatcher', scopes: ['350102001'] };

interface Opened {
  counter: RevealCounter;
  /** Writes one audit row as the audit log does. */
  record(username: string, action: string, atMs: number): Promise<void>;
  close(): void;
}

interface Engine {
  name: string;
  prepare(): Promise<void>;
  open(): Promise<Opened>;
  dispose(): Promise<void>;
}

function sqliteEngine(): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'gcc-reveal-contract-'));
  let opened = 0;
  return {
    name: 'SQLite',
    prepare: async () => {},
    async open() {
      opened += 1;
      const db = openDatabase(join(dir, `store-${opened}.sqlite`));
      const audit = new SqliteAuditStore(db);
      return {
        counter: sqliteRevealCounter(db),
        record: async (username, action, atMs) => {
          audit.recordAudit(auditRow(username, action, atMs));
        },
        close: () => db.close(),
      };
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresEngine(): Engine {
  let database: TestPostgres | null = null;
  let pool: PostgresPool | null = null;
  return {
    name: 'PostgreSQL',
    async prepare() {
      database = await createTestPostgres();
      await runPostgresMigrations(database);
      // Only where no migration made it: the columns the counter reads.
      await database.query(
        'CREATE TABLE IF NOT EXISTS audit_log (id bigserial PRIMARY KEY, at text NOT NULL, ' +
          'username text NOT NULL, action text NOT NULL, target_type text NOT NULL, ' +
          "target_id text NOT NULL, fields text NOT NULL DEFAULT '', " +
          "reason text NOT NULL DEFAULT ''); " +
          'CREATE INDEX IF NOT EXISTS audit_log_by_user_time ON audit_log (username, at)',
      );
      pool = createPostgresPool(database.url, REVEALS_AT_ONCE);
    },
    async open() {
      await pool!.query('TRUNCATE audit_log');
      return {
        counter: new PostgresRevealCounter(pool!),
        record: async (username, action, atMs) => {
          const row = auditRow(username, action, atMs);
          await pool!.query(
            'INSERT INTO audit_log (at, username, action, target_type, target_id, fields, reason) ' +
              'VALUES ($1, $2, $3, $4, $5, $6, $7)',
            [
              row.at,
              row.username,
              row.action,
              row.targetType,
              row.targetId,
              row.fields,
              row.reason,
            ],
          );
        },
        close: () => {},
      };
    },
    async dispose() {
      await pool?.end();
      await database?.drop();
    },
  };
}

function auditRow(username: string, action: string, atMs: number) {
  return {
    at: new Date(atMs).toISOString(),
    username,
    action,
    targetType: 'person',
    targetId: '1',
    fields: 'id_number,phone',
    reason: 'home_visit: 上门走访前核对住户信息',
  };
}

describe.each([sqliteEngine(), postgresEngine()])('reveal counter on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  it("counts a user's reveals since a time, and answers the oldest of them", async () => {
    await opened.record('dispatcher', REVEAL_ACTION, T0 - 1);
    await opened.record('dispatcher', REVEAL_INCIDENT_TEXT_ACTION, T0 + 20);
    await opened.record('dispatcher', REVEAL_ACTION, T0 + 10);
    await opened.record('dispatcher', 'reveal_refused', T0 + 30);
    await opened.record('admin', REVEAL_ACTION, T0 + 40);
    const sinceIso = new Date(T0).toISOString();
    const { counter } = opened;
    expect(await counter.countSince('dispatcher', REVEAL_ACTIONS, sinceIso)).toBe(2);
    expect(await counter.countSince('dispatcher', [REVEAL_ACTION], sinceIso)).toBe(1);
    expect(await counter.oldestSince('dispatcher', REVEAL_ACTIONS, sinceIso)).toBe(
      new Date(T0 + 10).toISOString(),
    );
    expect(await counter.countSince('viewer', REVEAL_ACTIONS, sinceIso)).toBe(0);
    expect(await counter.oldestSince('viewer', REVEAL_ACTIONS, sinceIso)).toBeNull();
  });

  it("admits one user's reveals at once up to the limit: each is counted after the one before it is written", async () => {
    const alerts: unknown[] = [];
    const guard = new RevealGuard({
      audit: { recordAudit: () => alerts.length },
      counter: opened.counter,
      alerts: { publish: (alert) => alerts.push(alert) },
      limitPerHour: LIMIT_PER_HOUR,
    });
    const now = new Date(T0);
    const outcomes = await Promise.allSettled(
      Array.from({ length: REVEALS_AT_ONCE }, () =>
        guard.admit(DISPATCHER, REASON.purpose, REASON.reason, now, (auditReason) =>
          opened.record(DISPATCHER.username, REVEAL_ACTION, T0).then(() => auditReason),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(
      LIMIT_PER_HOUR,
    );
    expect(alerts).toHaveLength(REVEALS_AT_ONCE - LIMIT_PER_HOUR);
    const sinceIso = new Date(T0 - 1).toISOString();
    expect(await opened.counter.countSince('dispatcher', REVEAL_ACTIONS, sinceIso)).toBe(
      LIMIT_PER_HOUR,
    );
  });
});
