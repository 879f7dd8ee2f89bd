import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from '../excel';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../store/openDatabase';
import { RegisterImportStore } from '../../store/registerImportStore';
import { SqliteAuditStore } from '../../store/sqliteAuditStore';
import {
  idNumberOf,
  NEW_A,
  NEW_B,
  registerCsv,
  REGISTER_HEADER,
  REGISTER_SAMPLE_ROWS,
  REGISTER_SAMPLE_DISTRICT,
} from '../../testing/registerSampleRows';
import { syntheticPerson, writeSyntheticDistrict } from '../../testing/syntheticDistrict';
import { runImport } from '../runImport';
import { deferRollups } from './registerBatchWriter';
import { runRegistersImport } from './registersImportKind';
import { dumpStatsRollups, rebuildStatsRollups } from '../../store/statsRollups';

const id = idNumberOf;
const ROWS = REGISTER_SAMPLE_ROWS;
const p1 = syntheticPerson(1);
const p2 = syntheticPerson(2);

let dir: string;
let dbPath: string;

const csv = registerCsv;

function personsTable(db: SqliteDatabase): unknown[] {
  return db
    .prepare(
      'SELECT p.*, h.unit_id FROM persons p JOIN households h ON h.id = p.household_id ORDER BY p.id',
    )
    .all();
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'registers-'));
  dbPath = join(dir, 'district.sqlite');
  writeSyntheticDistrict(dbPath, REGISTER_SAMPLE_DISTRICT);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('registers import', () => {
  it('dry run: sorts rows into new/updated/moved, lists every problem, writes nothing', async () => {
    const file = join(dir, 'dry.csv');
    writeFileSync(file, csv(ROWS));
    const db = openDatabase(dbPath);
    const before = personsTable(db);
    const summary = await runRegistersImport(db, file, { crs: 'wgs84', dryRun: true, actor: 't' });
    expect(summary).toMatchObject({ rows: 8, accepted: 4, rejected: 4, batchId: null });
    expect(summary.changes).toEqual({ created: 2, updated: 1, moved: 1, unchanged: 0 });
    const errors = summary.problems.filter((problem) => problem.severity === 'error');
    expect(errors.map((problem) => [problem.row, problem.code])).toEqual([
      [3, 'id-check-digit'],
      [4, 'duplicate-in-file'],
      [5, 'address-unknown'],
      [8, 'duplicate-in-register'],
    ]);
    expect(errors[2]!.messageZh).toContain('幸福路1号');
    expect(errors[2]!.column).toBe('房屋地址');
    expect(personsTable(db)).toEqual(before);
    db.close();
  });

  it('commits in one batch, keeps the move, is idempotent, and rolls back to the register as it was', async () => {
    const file = join(dir, 'commit.csv');
    writeFileSync(file, csv(ROWS));
    const db = openDatabase(dbPath);
    const original = personsTable(db);
    const first = await runRegistersImport(db, file, { crs: 'wgs84', dryRun: false, actor: 't' });
    expect(first.batchId).not.toBeNull();
    expect(first.changes).toEqual({ created: 2, updated: 1, moved: 1, unchanged: 0 });
    const store = new RegisterImportStore(db);
    const moved = store.persons.findByIdNumber(p1.idNumber)!;
    const moves = db
      .prepare('SELECT from_unit_id, to_unit_id FROM person_moves WHERE person_id = ?')
      .all(moved.personId);
    expect(moves).toHaveLength(1);
    expect(store.persons.findByIdNumber(p2.idNumber)!.phone).toBe('13912345678');
    const created = store.persons.findByIdNumber(NEW_B)!;
    expect(created).toMatchObject({
      name: '李四',
      sex: 'F',
      birthDate: '1987-02-02',
      category: 'floating',
    });
    expect(store.persons.findByIdNumber(NEW_A)!.tags).toBe('elderly_alone');

    const again = await runRegistersImport(db, file, { crs: 'wgs84', dryRun: false, actor: 't' });
    expect(again.changes).toEqual({ created: 0, updated: 0, moved: 0, unchanged: 4 });

    expect(() => store.rollback(first.batchId!, 't', 'now')).toThrow(/later batch/);
    store.rollback(again.batchId!, 't', 'now');
    store.rollback(first.batchId!, 't', 'now');
    expect(personsTable(db)).toEqual(original);
    expect(db.prepare('SELECT count(*) AS n FROM person_moves').get()).toEqual({ n: 0 });
    expect(() => store.rollback(first.batchId!, 't', 'now')).toThrow(/already/);
    db.close();
  });

  it('keeps the cockpit rollups equal to a rebuild, row by row or recomputed for a bulk batch', async () => {
    expect(deferRollups(10, 1_000)).toBe(false);
    expect(deferRollups(400, 1_000)).toBe(true);
    const db = openDatabase(dbPath);
    const registered = (db.prepare('SELECT count(*) AS n FROM persons').get() as { n: number }).n;
    const registrations = () =>
      (
        db
          .prepare(
            "SELECT COALESCE(SUM(count), 0) AS n FROM register_movements WHERE kind = 'registration'",
          )
          .get() as { n: number }
      ).n;
    const rooms = ['101', '102', '201', '202', '301', '302'];
    const bulk = Array.from({ length: registered }, (_, index) => [
      `批量${index}`,
      id(
        `3501021995${String(101 + (index % 28)).padStart(4, '0')}${String(100 + index).slice(-3)}`,
      ),
      index % 2 === 0 ? '女' : '男',
      '',
      '',
      '',
      '',
      index % 2 === 0 ? '幸福路2号' : '幸福路3号',
      rooms[index % rooms.length]!,
      '子女',
      index % 3 === 0 ? '流动' : '户籍',
      index % 5 === 0 ? '残疾' : '',
    ]);
    for (const [name, rows] of [
      ['small.csv', bulk.slice(0, 2)],
      ['bulk.csv', bulk.slice(2)],
    ] as const) {
      expect(deferRollups(rows.length, registered)).toBe(name === 'bulk.csv');
      const file = join(dir, name);
      writeFileSync(file, csv(rows));
      const before = dumpStatsRollups(db);
      const registrationsBefore = registrations();
      const summary = await runRegistersImport(db, file, {
        crs: 'wgs84',
        dryRun: false,
        actor: 't',
      });
      expect(summary.problems.slice(0, 3)).toEqual([]);
      expect(summary.accepted).toBe(rows.length);
      const after = dumpStatsRollups(db);
      expect(after).not.toEqual(before);
      // The movement history counts every new person, deferred batch or not.
      expect(registrations() - registrationsBefore).toBe(rows.length);
      rebuildStatsRollups(db);
      expect(dumpStatsRollups(db)).toEqual(after);
    }
    db.close();
  });

  it('reads the same rows from XLSX and from a GB18030 CSV', async () => {
    const xlsx = join(dir, 'rows.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('登记');
    sheet.addRow(REGISTER_HEADER);
    for (const row of ROWS) sheet.addRow(row);
    await workbook.xlsx.writeFile(xlsx);
    const gbk = join(dir, 'rows-gbk.csv');
    writeFileSync(gbk, iconv.encode(csv(ROWS), 'gb18030'));
    const db = openDatabase(dbPath);
    for (const file of [xlsx, gbk]) {
      const summary = await runRegistersImport(db, file, {
        crs: 'wgs84',
        dryRun: true,
        actor: 't',
      });
      expect(summary.changes).toEqual({ created: 2, updated: 1, moved: 1, unchanged: 0 });
      expect(summary.rejected).toBe(4);
    }
    db.close();
  });

  it('refuses a file without the required columns as a whole, naming each', async () => {
    const file = join(dir, 'columns.csv');
    writeFileSync(
      file,
      Papa.unparse([
        ['姓名', '地址'],
        ['张三', '幸福路1号'],
      ]),
    );
    const db = openDatabase(dbPath);
    const summary = await runRegistersImport(db, file, { crs: 'wgs84', dryRun: false, actor: 't' });
    expect(summary.accepted).toBe(0);
    expect(summary.batchId).toBeNull();
    expect(summary.problems.map((problem) => problem.column)).toEqual([
      '公民身份号码',
      '房屋地址',
      '房号',
    ]);
    const mapped = await runRegistersImport(db, file, {
      crs: 'wgs84',
      dryRun: true,
      actor: 't',
      mapping: { address: '地址', idNumber: '证号' },
    });
    expect(mapped.problems.map((problem) => problem.code)).toEqual([
      'column-unknown',
      'column-missing',
    ]);
    db.close();
  });

  it('runImport writes the problem list as CSV and XLSX and the audit row', async () => {
    const file = join(dir, 'audited.csv');
    writeFileSync(file, csv(ROWS));
    const db = openDatabase(dbPath);
    const audit = new SqliteAuditStore(db);
    const result = await runImport(
      { engine: 'sqlite', db },
      {
        kind: 'registers',
        filePath: file,
        crs: 'wgs84',
        dryRun: true,
        actor: 'admin',
        dataDir: dir,
        recordAudit: (record) => audit.recordAudit(record),
      },
    );
    expect(result.errorFile).toMatch(/imports\/.*-registers-[0-9a-f]{12}-problems\.csv$/);
    const text = readFileSync(result.errorFile!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('公民身份号码校验码错误');
    expect(text).toContain('ID number check character is wrong');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(result.errorFileXlsx!);
    expect(workbook.worksheets[0]!.rowCount).toBe(result.problems.length + 1);
    const row = db.prepare('SELECT * FROM audit_log WHERE id = ?').get(result.auditId) as Record<
      string,
      string
    >;
    expect(row).toMatchObject({
      username: 'admin',
      action: 'import_preview',
      target_type: 'import',
    });
    expect(JSON.parse(String(row.fields))).toMatchObject({
      kind: 'registers',
      sha256: result.fileSha256,
      rows: 8,
      accepted: 4,
      rejected: 4,
    });
    await expect(
      runImport(
        { engine: 'sqlite', db },
        {
          kind: 'grids',
          filePath: file,
          crs: 'wgs84',
          dryRun: true,
          actor: 'a',
          dataDir: dir,
          recordAudit: () => 0,
        },
      ),
    ).rejects.toThrow(/do not take/);
    db.close();
  });
});
