/**
 * Emergency records from CSV and XLSX with Chinese headers: every bad row named (row, reason in
 * zh and en) and not written, a missing column refuses the file, a re-import updates in place.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from '../excel';
import { openDatabase, type SqliteDatabase } from '../../store/openDatabase';
import { SqliteEmergencyRecordStore } from '../../store/sqliteEmergencyRecordStore';
import { TEST_DISTRICT_SIZE } from '../../testing/testServer';
import { writeSyntheticDistrict } from '../../testing/syntheticDistrict';
import { findImportKind } from '../importKinds';

let dir: string;
let db: SqliteDatabase;
let site: { lon: number; lat: number };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'emergency-import-'));
  const dbPath = join(dir, 'district.sqlite');
  writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE);
  db = openDatabase(dbPath);
  site = db.prepare('SELECT origin_lon AS lon, origin_lat AS lat FROM buildings LIMIT 1').get() as {
    lon: number;
    lat: number;
  };
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function csv(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`, 'utf8');
  return path;
}

function run(kindName: string, path: string, dryRun = false) {
  const kind = findImportKind(kindName);
  if (kind === null) throw new Error(`no kind ${kindName}`);
  return kind.run(db, path, { crs: 'wgs84', dryRun, actor: 'admin' });
}

describe('emergency record imports', () => {
  it('names every bad row and writes only the good ones', async () => {
    const { lon, lat } = site;
    const path = csv('shelters.csv', [
      '名称,经度,纬度,容纳人数,面积（平方米）,状态,地址',
      `鼓楼第一中学操场,${lon},${lat},1200,8000,可用,某路1号`,
      `西湖公园,${lon},${lat},3000,,可用,`,
      `某广场,${lon},,500,2000,可用,`,
      `某小学,${lon},${lat},-1,900,开放,`,
      `鼓楼第一中学操场,${lon},${lat},10,100,关闭,`,
    ]);
    const preview = await run('shelters', path, true);
    expect(preview).toMatchObject({ rows: 5, accepted: 1, rejected: 4, dryRun: true });
    expect(preview.changes.created).toBe(1);
    expect(preview.problems.map((problem) => problem.row)).toEqual([2, 3, 4, 5]);
    expect(preview.problems[0]!.messageZh).toContain('面积');
    expect(preview.problems[1]!.messageEn).toContain('latitude');
    expect(preview.problems[2]!.messageZh).toContain('容纳人数');
    expect(preview.problems[2]!.messageZh).toContain('状态');
    expect(preview.problems[3]!.messageEn).toContain('repeats row 1');
    const store = new SqliteEmergencyRecordStore(db);
    expect(store.listRecords('shelter')).toEqual([]);

    await run('shelters', path);
    const [shelter] = store.listRecords('shelter');
    expect(shelter).toMatchObject({
      name: '鼓楼第一中学操场',
      attributes: { capacityPersons: 1200, areaM2: 8000, status: 'available', address: '某路1号' },
    });
    expect(shelter!.gridCode).toMatch(/^\d{15}$/);
  });

  it('refuses a file without a required column, writing nothing', async () => {
    const path = csv('videos.csv', ['名称,经度,纬度,状态', `某路口,${site.lon},${site.lat},在线`]);
    const summary = await run('videos', path);
    expect(summary.accepted).toBe(0);
    expect(summary.problems).toEqual([
      expect.objectContaining({ row: null, code: 'column-missing', column: '视频流地址' }),
    ]);
    expect(new SqliteEmergencyRecordStore(db).listRecords('video')).toEqual([]);
  });

  it('reads XLSX with header aliases, and a re-import updates in place', async () => {
    const write = async (quantity: number) => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('危险源');
      sheet.addRow(['名称', '经度', '纬度', '企业', '化学品', '存量', '电话']);
      sheet.addRow([
        '液氯储罐区',
        site.lon,
        site.lat,
        '某化工有限公司',
        '氯气',
        quantity,
        '13900139000',
      ]);
      const path = join(dir, 'hazards.xlsx');
      await workbook.xlsx.writeFile(path);
      return path;
    };
    const first = await run('hazards', await write(30));
    expect(first.changes).toMatchObject({ created: 1, updated: 0 });
    const second = await run('hazards', await write(45));
    expect(second.changes).toMatchObject({ created: 0, updated: 1 });
    const hazards = new SqliteEmergencyRecordStore(db).listRecords('hazard');
    expect(hazards).toHaveLength(1);
    expect(hazards[0]).toMatchObject({
      attributes: { enterprise: '某化工有限公司', substance: 'chlorine', quantityT: 45 },
      contactMasked: '*******9000',
    });
  });
});
