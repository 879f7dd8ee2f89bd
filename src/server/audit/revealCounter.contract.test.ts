/**
 * The contract of RevealCounter, run against every engine (docs/decisions/0040-postgresql.md),
 * and the reveal guard's limit over each: SQLite on a file of its own per case, PostgreSQL in a
 * database of this file's own, emptied per case; the reveals are written by each engine's audit
 * log (the guard's limit across two nodes is in auditRepository.contract.test.ts).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../registry/accessErrors';
import { postgresContractEngine, sqliteContractEngine } from '../testing/contractEngines';
import { openDatabase } from '../store/openDatabase';
import { PostgresRevealCounter } from '../store/pg/postgresRevealCounter';
import { PostgresAuditRepository } from '../store/pg/postgresAuditRepository';
import { IdentifierSealer } from '../store/sealedIdentifiers';
import { sqliteAuditRepository } from '../store/sqliteAuditStore';
import { sqliteRevealCounter } from '../store/sqliteRevealCounter';
import { REVEAL_ACTION } from './revealIdentifiers';
import type { AuditRepository, AuditRowLimit } from './auditRepository';
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
  audit: AuditRepository;
  /** Writes one audit row as the audit log does. */
  record(username: string, action: string, atMs: number, limit?: AuditRowLimit): Promise<void>;
  close(): void;
}

const ENGINES = [
  sqliteContractEngine<Opened>('reveal', (path) => {
    const db = openDatabase(path);
    const audit = sqliteAuditRepository(db);
    return {
      counter: sqliteRevealCounter(db),
      audit,
      record: async (username, action, atMs, limit) => {
        await audit.recordAudit(auditRow(username, action, atMs), limit);
      },
      close: () => db.close(),
    };
  }),
  postgresContractEngine<Opened>({
    tables: ['audit_log'],
    poolSize: REVEALS_AT_ONCE,
    open: ([pool]) => {
      // No person is revealed here: the sealer is never used.
      const audit = new PostgresAuditRepository(pool!, new IdentifierSealer(Buffer.alloc(32)));
      return {
        counter: new PostgresRevealCounter(pool!),
        audit,
        record: async (username, action, atMs, limit) => {
          await audit.recordAudit(auditRow(username, action, atMs), limit);
        },
        close: () => {},
      };
    },
  }),
];

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

describe.each(ENGINES)('reveal counter on $name', (engine) => {
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

  it("admits one user's reveals at once up to the limit: each is counted with its own audit row", async () => {
    const alerts: unknown[] = [];
    const guard = new RevealGuard({
      audit: opened.audit,
      counter: opened.counter,
      alerts: { publish: (alert) => alerts.push(alert) },
      limitPerHour: LIMIT_PER_HOUR,
    });
    const now = new Date(T0);
    const outcomes = await Promise.allSettled(
      Array.from({ length: REVEALS_AT_ONCE }, () =>
        guard.admit(DISPATCHER, REASON.purpose, REASON.reason, now, (admission) =>
          opened.record(DISPATCHER.username, REVEAL_ACTION, T0, admission.limit),
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
