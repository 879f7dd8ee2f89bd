/**
 * The contracts of AuditRepository and AuditLogReader, run against every engine
 * (docs/decisions/0040-postgresql.md): SQLite on a file of its own per case (a copy of one small
 * synthetic district), PostgreSQL in a database of this file's own with the same district's rows,
 * its audit log emptied per case. Each case has two nodes: two connections to the SQLite file, two
 * pools on PostgreSQL. The chain must stay one unbroken chain whatever writes at once, and the
 * schema must refuse whatever would break it.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../registry/accessErrors';
import { RateLimitedError } from '../auth/rateLimitedError';
import { openDatabase } from '../store/openDatabase';
import { PostgresAuditLogReader } from '../store/pg/postgresAuditLogReader';
import { PostgresAuditRepository } from '../store/pg/postgresAuditRepository';
import { PostgresRevealCounter } from '../store/pg/postgresRevealCounter';
import { DATA_KEY_FILE_NAME } from '../store/sealedIdentifiers';
import { identifierSealerFor } from '../store/dataKeyFiles';
import { sqliteAuditLogReader } from '../store/sqliteAuditLogReader';
import { sqliteAuditRepository } from '../store/sqliteAuditStore';
import { sqliteRevealCounter } from '../store/sqliteRevealCounter';
import { copySqliteFileToPostgres } from '../testing/copySqliteToPostgres';
import { postgresContractEngine, sqliteContractEngine } from '../testing/contractEngines';
import { syntheticPerson, writeSyntheticDistrict } from '../testing/syntheticDistrict';
import type { AuditLogReader } from './auditLogReader';
import {
  AuditLimitReachedError,
  type AuditRepository,
  type AuditRowLimit,
  type NewAuditRecord,
} from './auditRepository';
import { revealPersonIdentifiers, REVEAL_ACTION } from './revealIdentifiers';
import { RevealGuard, type RevealCounter } from './revealGuard';

const T0 = Date.UTC(2026, 11, 6, 9);
/** Older than the 180 days retention keeps: such rows may be deleted, oldest first. */
const PAST_RETENTION_MS = Date.UTC(2020, 0, 1);
/** Appends at once, half through each node; each PostgreSQL pool has as many clients. */
const APPENDS_AT_ONCE = 16;
const REVEALS_AT_ONCE = 6;
const LIMIT_PER_HOUR = 3;
const DISPATCHER: Caller = { username: 'dispatcher', role: 'dispatcher', scopes: ['350102'] };
const PERSON_ID = 1;
const DISTRICT_SIZE = {
  streetCount: 1,
  communitiesPerStreet: 1,
  gridsPerCommunity: 1,
  buildingsPerGrid: 1,
  floors: 1,
  unitsPerFloor: 2,
  vacantEvery: 5,
  rentalEvery: 3,
  householdsPerUnit: 1,
  personsPerHousehold: 2,
};

interface Node {
  audit: AuditRepository;
  counter: RevealCounter;
}

interface Opened {
  nodes: [Node, Node];
  reader: AuditLogReader;
  /** A statement on the database itself, past the repositories (what an intruder would try). */
  execute(sql: string): Promise<void>;
  close(): void;
}

const templateDir = mkdtempSync(join(tmpdir(), 'gcc-audit-district-'));
const templatePath = join(templateDir, 'district.sqlite');
writeSyntheticDistrict(templatePath, DISTRICT_SIZE);

const ENGINES = [
  sqliteContractEngine<Opened>('audit', (path) => {
    copyFileSync(templatePath, path);
    const keyPath = join(dirname(path), DATA_KEY_FILE_NAME);
    if (!existsSync(keyPath)) copyFileSync(join(templateDir, DATA_KEY_FILE_NAME), keyPath);
    const databases = [openDatabase(path), openDatabase(path)] as const;
    const node = (index: 0 | 1): Node => ({
      audit: sqliteAuditRepository(databases[index]),
      counter: sqliteRevealCounter(databases[index]),
    });
    return {
      nodes: [node(0), node(1)],
      reader: sqliteAuditLogReader(databases[0]),
      execute: async (sql) => {
        databases[1].exec(sql);
      },
      close: () => databases.forEach((db) => db.close()),
    };
  }),
  postgresContractEngine<Opened>({
    tables: ['audit_log', 'audit_anchor'],
    pools: 2,
    poolSize: APPENDS_AT_ONCE / 2,
    setUp: async (database) => {
      await copySqliteFileToPostgres(templatePath, database.url);
    },
    open: async ([first, second]) => {
      // The anchor as a new database has it (retention cases move it).
      await first!.query("INSERT INTO audit_anchor VALUES (1, 0, '')");
      const db = openDatabase(templatePath, { readonly: true });
      const sealer = identifierSealerFor(db);
      db.close();
      const node = (pool: typeof first): Node => ({
        audit: new PostgresAuditRepository(pool!, sealer),
        counter: new PostgresRevealCounter(pool!),
      });
      return {
        nodes: [node(first), node(second)],
        reader: new PostgresAuditLogReader(first!),
        execute: async (sql) => {
          await second!.query(sql);
        },
        close: () => {},
      };
    },
  }),
];

function row(extra: Partial<NewAuditRecord> = {}): NewAuditRecord {
  return {
    at: new Date(T0).toISOString(),
    username: 'admin',
    action: 'update_user',
    targetType: 'user',
    targetId: 'dispatcher',
    fields: 'role',
    reason: '',
    ...extra,
  };
}

function atMs(ms: number): string {
  return new Date(ms).toISOString();
}

afterAll(() => rmSync(templateDir, { recursive: true, force: true }));

describe.each(ENGINES)('audit log on $name', (engine) => {
  let opened: Opened;
  let audit: AuditRepository;
  let reader: AuditLogReader;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
    audit = opened.nodes[0].audit;
    reader = opened.reader;
  });
  afterEach(() => opened.close());

  it('appends rows to one chain and lists them newest first', async () => {
    expect(await audit.recordAudit(row({ targetId: 'a' }))).toBe(1);
    expect(await opened.nodes[1].audit.recordAudit(row({ targetId: 'b' }))).toBe(2);
    expect(await audit.recordAudit(row({ targetId: 'c' }))).toBe(3);
    const page = await audit.listAudit({ page: 1, pageSize: 2 });
    expect(page.total).toBe(3);
    expect(page.items.map((item) => [item.id, item.targetId])).toEqual([
      [3, 'c'],
      [2, 'b'],
    ]);
    expect((await audit.listAudit({ page: 2, pageSize: 2 })).items.map((item) => item.id)).toEqual([
      1,
    ]);
    const report = await reader.verifyChain();
    expect(report).toMatchObject({ ok: true, rows: 3, firstBroken: null });
    expect(report.headHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('chains any text exactly: quotes, backslashes, control characters, Chinese and emoji', async () => {
    const odd = 'a "quoted" \\ back\nslash\t\u0001\u001f\u007f 中文 😀 \u2028 = +1';
    await audit.recordAudit(row({ reason: odd, fields: '{"x":[1,"二"]}', targetId: '' }));
    await audit.recordAudit(row({ username: '管理员', action: 'reveal' }));
    expect(await reader.verifyChain()).toMatchObject({ ok: true, rows: 2 });
    const [entry] = (await reader.queryAudit({ targetId: '' }, { page: 1, pageSize: 5 })).items;
    expect(entry!.reason).toBe(odd);
  });

  it('filters the log for the auditor, pages it, and walks it oldest first', async () => {
    await audit.recordAudit(row({ at: atMs(T0), username: 'ann', action: 'reveal' }));
    await audit.recordAudit(row({ at: atMs(T0 + 1000), username: 'bob', action: 'reveal' }));
    await audit.recordAudit(row({ at: atMs(T0 + 2000), username: 'ann', action: 'export' }));
    await audit.recordAudit(row({ at: atMs(T0 + 3000), username: 'ann', action: 'reveal' }));
    const page = { page: 1, pageSize: 10 };
    const ids = async (filter: Parameters<AuditLogReader['queryAudit']>[0]) =>
      (await reader.queryAudit(filter, page)).items.map((item) => item.id);
    expect(await ids({ username: 'ann' })).toEqual([4, 3, 1]);
    expect(await ids({ username: 'ann', action: 'reveal' })).toEqual([4, 1]);
    expect(await ids({ from: atMs(T0 + 1000), to: atMs(T0 + 3000) })).toEqual([3, 2]);
    expect(await ids({ targetType: 'person' })).toEqual([]);
    const second = await reader.queryAudit({ username: 'ann' }, { page: 2, pageSize: 2 });
    expect(second).toMatchObject({ total: 3, items: [{ id: 1 }] });
    const walked: number[] = [];
    await reader.eachAudit({ action: 'reveal' }, (entry) => walked.push(entry.id));
    expect(walked).toEqual([1, 2, 4]);
  });

  it('refuses to change a row, to insert one out of the chain, or to delete a young one', async () => {
    await audit.recordAudit(row());
    await audit.recordAudit(row({ targetId: 'second' }));
    const refused = [
      "UPDATE audit_log SET reason = 'nothing happened' WHERE id = 1",
      "INSERT INTO audit_log (id, at, username, action, target_type, target_id, fields, reason, prev_hash, hash) VALUES (3, '2026-12-06T09:00:00.000Z', 'admin', 'x', 'user', '', '', '', 'made up', 'made up')",
      'DELETE FROM audit_log WHERE id = 1',
      'UPDATE audit_anchor SET last_deleted_id = 2',
      'DELETE FROM audit_anchor',
    ];
    for (const sql of refused) await expect(opened.execute(sql), sql).rejects.toThrow(/audit_/);
    expect(await reader.verifyChain()).toMatchObject({ ok: true, rows: 2 });
  });

  it('lets retention delete the oldest rows past 180 days only, and moves the anchor', async () => {
    for (let day = 0; day < 3; day++)
      await audit.recordAudit(row({ at: atMs(PAST_RETENTION_MS + day * 86_400_000) }));
    await expect(opened.execute('DELETE FROM audit_log WHERE id = 2')).rejects.toThrow(
      /oldest first/,
    );
    await opened.execute('DELETE FROM audit_log WHERE id = 1');
    expect(await audit.recordAudit(row())).toBe(4);
    expect(await reader.verifyChain()).toMatchObject({
      ok: true,
      rows: 3,
      anchor: { lastDeletedId: 1 },
    });
  });

  it("reveals a person's identifiers with the audit row in one step, and nothing for no one", async () => {
    const limit: AuditRowLimit = { actions: [REVEAL_ACTION], sinceIso: atMs(T0 - 1), limit: 5 };
    const reveal = row({ username: 'dispatcher', action: REVEAL_ACTION, targetType: 'person' });
    const revealed = await audit.revealPersonIdentifiers(PERSON_ID, reveal, limit);
    const person = syntheticPerson(PERSON_ID);
    expect(revealed).toEqual({ idNumber: person.idNumber, phone: person.phone, auditId: 1 });
    expect(await audit.revealPersonIdentifiers(999_999, reveal, limit)).toBeNull();
    expect((await audit.listAudit({ page: 1, pageSize: 5 })).total).toBe(1);
  });

  it("caps a user's rows: an append past its limit writes nothing and says how many there were", async () => {
    const limit: AuditRowLimit = { actions: ['reveal'], sinceIso: atMs(T0), limit: 2 };
    await audit.recordAudit(row({ username: 'ann', action: 'reveal', at: atMs(T0 - 1) }));
    await audit.recordAudit(row({ username: 'ann', action: 'reveal' }), limit);
    await audit.recordAudit(row({ username: 'bob', action: 'reveal' }), limit);
    await audit.recordAudit(row({ username: 'ann', action: 'export' }), limit);
    await audit.recordAudit(row({ username: 'ann', action: 'reveal' }), limit);
    const refused = audit.recordAudit(row({ username: 'ann', action: 'reveal' }), limit);
    await expect(refused).rejects.toBeInstanceOf(AuditLimitReachedError);
    await expect(refused).rejects.toMatchObject({ count: 2 });
    const reveal = row({ username: 'ann', action: 'reveal' });
    await expect(audit.revealPersonIdentifiers(PERSON_ID, reveal, limit)).rejects.toMatchObject({
      count: 2,
    });
    expect((await audit.listAudit({ page: 1, pageSize: 10 })).total).toBe(5);
  });

  it('appends sixteen rows at once from two nodes as one unbroken chain', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: APPENDS_AT_ONCE }, (_, index) =>
        opened.nodes[index % 2]!.audit.recordAudit(row({ targetId: `at once ${index}` })),
      ),
    );
    const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(rejected).toEqual([]);
    const ids = outcomes.map((outcome) => (outcome as PromiseFulfilledResult<number>).value);
    expect([...ids].sort((a, b) => a - b)).toEqual(
      Array.from({ length: APPENDS_AT_ONCE }, (_, index) => index + 1),
    );
    expect(await reader.verifyChain()).toMatchObject({ ok: true, rows: APPENDS_AT_ONCE });
  });

  it("admits one user's reveals at once on two nodes up to the limit, and refuses the rest", async () => {
    const alerts: unknown[] = [];
    const guards = opened.nodes.map(
      (node) =>
        new RevealGuard({
          audit: node.audit,
          counter: node.counter,
          alerts: { publish: (alert) => alerts.push(alert) },
          limitPerHour: LIMIT_PER_HOUR,
        }),
    );
    const registry = { findPerson: () => ({ unit: { gridCode: '350102001001001' } }) };
    const now = new Date(T0);
    const outcomes = await Promise.allSettled(
      Array.from({ length: REVEALS_AT_ONCE }, (_, index) =>
        guards[index % 2]!.admit(
          DISPATCHER,
          'home_visit',
          '上门走访前核对住户信息',
          now,
          (admission) =>
            revealPersonIdentifiers(
              registry as never,
              opened.nodes[index % 2]!.audit,
              DISPATCHER,
              PERSON_ID,
              admission,
              now,
            ),
        ),
      ),
    );
    const passed = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.filter(
      (outcome) => outcome.status === 'rejected' && outcome.reason instanceof RateLimitedError,
    );
    expect([passed.length, refused.length]).toEqual([
      LIMIT_PER_HOUR,
      REVEALS_AT_ONCE - LIMIT_PER_HOUR,
    ]);
    expect(alerts).toHaveLength(REVEALS_AT_ONCE - LIMIT_PER_HOUR);
    const reveals = await reader.queryAudit({ action: REVEAL_ACTION }, { page: 1, pageSize: 10 });
    expect(reveals.total).toBe(LIMIT_PER_HOUR);
    expect(await reader.verifyChain()).toMatchObject({ ok: true, rows: REVEALS_AT_ONCE });
  });
});
