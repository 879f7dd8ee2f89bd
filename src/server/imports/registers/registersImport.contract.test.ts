/**
 * The register import on both engines (docs/decisions/0040): the same files imported into the
 * same synthetic district on SQLite and on PostgreSQL give the same register (persons by their
 * ID number's index, households, moves, movement history), the same summaries, batches and
 * audit rows, and roll back to the same state. SQLite runs first; PostgreSQL's cases compare
 * with what it read.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresAuditRepository } from '../../store/pg/postgresAuditRepository';
import { PostgresImportBatches } from '../../store/pg/postgresImportBatches';
import { sqliteImportBatches } from '../../store/registerImportStore';
import { type IdentifierSealer } from '../../store/sealedIdentifiers';
import { identifierSealerFor } from '../../store/dataKeyFiles';
import { SqliteAuditStore } from '../../store/sqliteAuditStore';
import { comparableRows, sameAsSqlite } from '../../testing/comparableRows';
import { districtContractEngines } from '../../testing/districtContractEngines';
import { idNumberOf, registerCsv, REGISTER_SAMPLE_ROWS } from '../../testing/registerSampleRows';
import type { NewAuditRecord } from '../../audit/auditRepository';
import type { ImportBatches } from '../importBatches';
import type { ImportTarget } from '../importKind';
import { runImport } from '../runImport';

// One key for every copy of the district (the SQLite engine copies the file to folders of its own).
process.env.DATA_KEY = '22'.repeat(32);

const id = idNumberOf;
/** The sample rows and a child joining a household the file creates. */
const ROWS: string[][] = [
  ...REGISTER_SAMPLE_ROWS,
  [
    '李四之子',
    id('35010220150303003'),
    '男',
    '2015-03-03',
    '',
    '',
    '',
    '幸福路1号',
    '102',
    '子女',
    '流动',
    '',
  ],
];
/** Enough new rows to flush a few times (1,000 rows a statement on PostgreSQL). */
const BULK_ROWS = 2_500;
const ROOMS = ['101', '102', '201', '202', '301', '302'];
/** A birth day of its own per row: YYYYMMDD. */
const bulkBirthDay = (index: number): string =>
  `${1990 + Math.floor(index / 336)}${String(1 + (Math.floor(index / 28) % 12)).padStart(2, '0')}` +
  String(1 + (index % 28)).padStart(2, '0');
const bulkRows = (): string[][] =>
  Array.from({ length: BULK_ROWS }, (_, index) => [
    `批量${index}`,
    id(`350102${bulkBirthDay(index)}001`),
    '男',
    '',
    '',
    '',
    '',
    `幸福路${1 + (index % 3)}号`,
    ROOMS[index % ROOMS.length]!,
    index % 7 === 0 ? '户主' : '子女',
    index % 3 === 0 ? '流动' : '户籍',
    '',
  ]);

const STATE_QUERIES = {
  persons:
    'SELECT p.id_number_index, p.id_number_masked, p.name, p.sex, p.birth_date, p.phone_index, ' +
    'p.phone_masked, p.relation, p.tags, p.synthetic, h.unit_id, h.type, d.category, d.ethnicity, ' +
    'd.hukou_address, d.other_tags, d.permit_expires FROM persons p ' +
    'JOIN households h ON h.id = p.household_id LEFT JOIN person_details d ON d.person_id = p.id ' +
    'ORDER BY p.id_number_index',
  households:
    'SELECT h.unit_id, h.type, hp.id_number_index AS head, (SELECT COUNT(*) FROM persons m ' +
    'WHERE m.household_id = h.id) AS members FROM households h ' +
    'LEFT JOIN persons hp ON hp.id = h.head_person_id ORDER BY h.id',
  moves:
    'SELECT p.id_number_index, m.from_unit_id, m.to_unit_id FROM person_moves m ' +
    'JOIN persons p ON p.id = m.person_id ORDER BY m.id',
  movements:
    'SELECT grid_code, day_ms, kind, count FROM register_movements ORDER BY grid_code, day_ms, kind',
  // The rows journaled (a change may stand for a range of created rows): the engines may cut
  // their runs of new ids differently.
  journal:
    'SELECT target_type, action, SUM(COALESCE(last_target_id, target_id) - target_id + 1) AS n ' +
    'FROM import_batch_changes GROUP BY target_type, action ORDER BY target_type, action',
  audit: 'SELECT username, action, target_type FROM audit_log ORDER BY id',
  leases:
    'SELECT id, unit_id, landlord_name, tenants, start_date, end_date FROM rental_leases ORDER BY id',
};
type State = Record<keyof typeof STATE_QUERIES, unknown[]>;

interface Opened {
  target: ImportTarget;
  /** A second server node's, where the engine has several (PostgreSQL). */
  otherTarget: ImportTarget | null;
  batches: ImportBatches;
  recordAudit(audit: NewAuditRecord): Promise<number>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

let sealer: IdentifierSealer;
let dir: string;
const sameAsSqliteAt = sameAsSqlite();

const { engines } = districtContractEngines<Opened>({
  label: 'registers-import',
  size: {
    streetCount: 1,
    communitiesPerStreet: 1,
    gridsPerCommunity: 3,
    buildingsPerGrid: 1,
    floors: 3,
    unitsPerFloor: 2,
    vacantEvery: 1000,
    rentalEvery: 1000,
    householdsPerUnit: 1,
    personsPerHousehold: 2,
  },
  tables: [
    'import_batches',
    'import_batch_changes',
    'person_moves',
    'register_movements',
    'rental_leases',
    'audit_anchor',
    'audit_log',
  ],
  seed(db) {
    sealer = identifierSealerFor(db);
  },
  sqlite: (db) => {
    const audit = new SqliteAuditStore(db);
    return {
      target: { engine: 'sqlite', db },
      // Two commits at once in one process would wait on each other's file lock synchronously.
      otherTarget: null,
      batches: sqliteImportBatches(db),
      recordAudit: async (record) => audit.recordAudit(record),
      rows: async (sql) => db.prepare(sql).all() as Record<string, unknown>[],
      close: () => db.close(),
    };
  },
  pools: 2,
  postgres: ([pool, other]) => {
    const audit = new PostgresAuditRepository(pool!, sealer);
    return {
      target: { engine: 'postgres', pool: pool!, sealer },
      otherTarget: { engine: 'postgres', pool: other!, sealer },
      batches: new PostgresImportBatches(pool!, sealer),
      recordAudit: (record) => audit.recordAudit(record),
      rows: async (sql) => (await pool!.query(sql)).rows as Record<string, unknown>[],
      close: () => {},
    };
  },
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-registers-import-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RENTAL_HEADER = ['房屋地址', '房号', '出租人', '承租人', '租赁开始日期', '租赁结束日期'];

function rentalsFile(rows: string[][]): string {
  const path = join(dir, `rentals-${rows.length}-${rows[0]![4]}-${rows[0]![5]}.csv`);
  writeFileSync(path, [RENTAL_HEADER, ...rows].map((row) => row.join(',')).join('\n'));
  return path;
}

function fileOf(name: string, rows: string[][]): string {
  const path = join(dir, name);
  writeFileSync(path, registerCsv(rows));
  return path;
}

describe.each(engines)('registers import on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  /** Equal to what SQLite saw at this step (SQLite records it). */
  const sameAs = (step: string, value: unknown) => sameAsSqliteAt(engine.name, step, value);

  const stateOf = async (): Promise<State> => {
    const state: Partial<State> = {};
    for (const [name, sql] of Object.entries(STATE_QUERIES)) {
      state[name as keyof State] = comparableRows(await opened.rows(sql));
    }
    return state as State;
  };

  const importFile = (filePath: string, dryRun: boolean, signal?: AbortSignal) =>
    runImport(opened.target, {
      kind: 'registers',
      filePath,
      crs: 'wgs84',
      dryRun,
      actor: 'admin',
      dataDir: dir,
      recordAudit: opened.recordAudit,
      ...(signal === undefined ? {} : { signal }),
    });

  const summaryOf = (result: Awaited<ReturnType<typeof importFile>>) => ({
    rows: result.rows,
    accepted: result.accepted,
    rejected: result.rejected,
    changes: result.changes,
    problems: result.problems.map((problem) => [problem.row, problem.code, problem.severity]),
    committed: result.batchId !== null,
    errorFile: result.errorFile !== null,
  });

  it('dry run: the same summary and problem list, nothing written but the audit row', async () => {
    const before = await stateOf();
    const result = await importFile(fileOf('dry.csv', ROWS), true);
    expect(result).toMatchObject({ rows: 9, accepted: 5, rejected: 4, batchId: null });
    expect(result.changes).toEqual({ created: 3, updated: 1, moved: 1, unchanged: 0 });
    sameAs('dry summary', summaryOf(result));
    const after = await stateOf();
    expect({ ...after, audit: [] }).toEqual({ ...before, audit: [] });
    expect(after.audit).toEqual([
      { username: 'admin', action: 'import_preview', target_type: 'import' },
    ]);
  });

  it('commits one batch, is idempotent, and rolls back to the register as it was', async () => {
    const before = await stateOf();
    sameAs('before', before);
    const file = fileOf('commit.csv', ROWS);
    const first = await importFile(file, false);
    expect(first.batchId).not.toBeNull();
    expect(first.changes).toEqual({ created: 3, updated: 1, moved: 1, unchanged: 0 });
    sameAs('first summary', summaryOf(first));
    const committed = await stateOf();
    expect(committed.persons).toHaveLength(before.persons.length + 3);
    expect(committed.moves).toHaveLength(1);
    sameAs('committed', committed);
    const [listed] = await opened.batches.listBatches();
    expect(listed).toMatchObject({
      id: first.batchId,
      kind: 'registers',
      fileName: 'commit.csv',
      rows: 9,
      accepted: 5,
      rejected: 4,
      changes: first.changes,
    });

    const again = await importFile(file, false);
    expect(again.changes).toEqual({ created: 0, updated: 0, moved: 0, unchanged: 5 });
    await opened.batches.rollback(again.batchId!, 'admin', '2026-12-06T10:00:00.000Z');
    await opened.batches.rollback(first.batchId!, 'admin', '2026-12-06T10:00:00.000Z');
    const rolledBack = await stateOf();
    sameAs('rolled back', rolledBack);
    expect(rolledBack.persons).toEqual(before.persons);
    expect(rolledBack.households).toEqual(before.households);
    expect(rolledBack.moves).toEqual([]);
  });

  it('writes a batch larger than a flush, and leaves nothing when stopped half-way', async () => {
    const before = await stateOf();
    const stop = new AbortController();
    stop.abort();
    const file = fileOf('bulk.csv', bulkRows());
    await expect(importFile(file, false, stop.signal)).rejects.toThrow(/stopped/);
    expect(await stateOf()).toEqual(before);
    expect(await opened.rows('SELECT id FROM import_batches')).toEqual([]);

    const result = await importFile(file, false);
    expect(result.changes.created).toBe(BULK_ROWS);
    const state = await stateOf();
    expect(state.persons).toHaveLength(before.persons.length + BULK_ROWS);
    sameAs('bulk', { summary: summaryOf(result), state });
    // The created rows are journaled as runs of ids, a few changes for thousands of rows.
    const [journal] = await opened.rows(
      'SELECT COUNT(*) AS changes, SUM(COALESCE(last_target_id, target_id) - target_id + 1) AS rows ' +
        `FROM import_batch_changes WHERE batch_id = '${result.batchId!}'`,
    );
    const newHouseholds = state.households.length - before.households.length;
    expect(Number(journal!.rows)).toBe(BULK_ROWS + newHouseholds);
    expect(Number(journal!.changes)).toBeLessThan(20);
    await opened.batches.rollback(result.batchId!, 'admin', '2026-12-06T10:00:00.000Z');
    const rolledBack = await stateOf();
    expect(rolledBack.persons).toEqual(before.persons);
    expect(rolledBack.households).toEqual(before.households);
    sameAs('bulk rolled back', rolledBack);
  });

  it('rentals: the same leases created, updated on a re-import and rolled back', async () => {
    const before = await stateOf();
    const leaseRows = [
      ['幸福路1号', '101', '房东甲', '租客甲，租客乙', '2026-01-01', '2026-12-31'],
      ['幸福路2号', '201', '房东乙', '租客丙', '2026-03-01', '2027-02-28'],
      ['幸福路9号', '101', '房东丙', '租客丁', '2026-03-01', '2027-02-28'],
    ];
    const first = await runImport(opened.target, {
      kind: 'rentals',
      filePath: rentalsFile(leaseRows),
      crs: 'wgs84',
      dryRun: false,
      actor: 'admin',
      dataDir: dir,
      recordAudit: opened.recordAudit,
    });
    expect(first).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    const changed = [
      ['幸福路1号', '101', '房东甲', '租客甲', '2026-01-01', '2027-06-30'],
      ['幸福路2号', '201', '房东乙', '租客丙', '2026-03-01', '2027-02-28'],
      ['幸福路3号', '301', '房东丁', '租客戊', '2026-05-01', '2027-04-30'],
    ];
    const second = await runImport(opened.target, {
      kind: 'rentals',
      filePath: rentalsFile(changed),
      crs: 'wgs84',
      dryRun: false,
      actor: 'admin',
      dataDir: dir,
      recordAudit: opened.recordAudit,
    });
    expect(second.changes).toEqual({ created: 1, updated: 1, moved: 0, unchanged: 1 });
    const imported = await stateOf();
    expect(imported.leases).toHaveLength(3);
    sameAs('rentals', {
      summaries: [summaryOf(first), summaryOf(second)],
      leases: imported.leases,
      journal: imported.journal,
    });
    await opened.batches.rollback(second.batchId!, 'admin', '2026-12-06T10:00:00.000Z');
    sameAs('rentals rolled back once', (await stateOf()).leases);
    await opened.batches.rollback(first.batchId!, 'admin', '2026-12-06T10:00:00.000Z');
    expect((await stateOf()).leases).toEqual(before.leases);
  });

  it('creates the persons of one file once when two nodes import it at once', async (context) => {
    if (opened.otherTarget === null) context.skip();
    const before = await stateOf();
    const file = fileOf('twice.csv', ROWS);
    const results = await Promise.all(
      [opened.target, opened.otherTarget!].map((target) =>
        runImport(target, {
          kind: 'registers',
          filePath: file,
          crs: 'wgs84',
          dryRun: false,
          actor: 'admin',
          dataDir: dir,
          recordAudit: opened.recordAudit,
        }),
      ),
    );
    expect(results.map((result) => result.changes.created).sort()).toEqual([0, 3]);
    const after = await stateOf();
    expect(after.persons).toHaveLength(before.persons.length + 3);
  });
});
