import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/openDatabase';
import { SqliteEmergencyRecordStore } from '../../store/sqliteEmergencyRecordStore';
import { SqliteRegistryStore } from '../../store/sqliteRegistry';
import { TEST_DISTRICT_SIZE } from '../../testing/testServer';
import { writeSyntheticDistrict } from '../../testing/syntheticDistrict';
import { DEMO_SUFFIX, generateDemoEmergencyRecords } from './demoEmergencyRecords';
import { ensureDemoEmergencyRecords } from './ensureDemoEmergencyRecords';
import { generateTestDistrict } from '../../../../scripts/district/testDistrict';

let dir: string;
let dbPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'demo-records-'));
  dbPath = join(dir, 'district.sqlite');
  writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo emergency records', () => {
  it('are the same at every start, every kind present, each labelled demo', () => {
    const db = openDatabase(dbPath);
    const grids = new SqliteRegistryStore(db).listGrids();
    db.close();
    const first = generateDemoEmergencyRecords(grids, []);
    expect(generateDemoEmergencyRecords(grids, [])).toEqual(first);
    expect(new Set(first.map((record) => record.kind))).toEqual(
      new Set(['hazard', 'resource', 'shelter', 'sensor', 'video', 'plan']),
    );
    for (const record of first) expect(record.name.endsWith(DEMO_SUFFIX)).toBe(true);
  });

  it('stay unique when two parks share a name, and load on a generated demo district', () => {
    const db = openDatabase(dbPath);
    const grids = new SqliteRegistryStore(db).listGrids();
    db.close();
    const ring = [
      [grids[0]!.center.lon, grids[0]!.center.lat],
      [grids[0]!.center.lon + 0.001, grids[0]!.center.lat],
      [grids[0]!.center.lon, grids[0]!.center.lat + 0.001],
      [grids[0]!.center.lon, grids[0]!.center.lat],
    ];
    const records = generateDemoEmergencyRecords(grids, [
      { name: '湖东街心公园', ring },
      { name: '湖东街心公园', ring },
    ]);
    const shelters = records.filter((record) => record.kind === 'shelter').map((r) => r.name);
    expect(shelters.slice(0, 2)).toEqual([
      `湖东街心公园应急避难场所${DEMO_SUFFIX}`,
      `湖东街心公园应急避难场所2${DEMO_SUFFIX}`,
    ]);
    for (const kind of new Set(records.map((record) => record.kind))) {
      const names = records.filter((record) => record.kind === kind).map((r) => r.name);
      expect(new Set(names).size).toBe(names.length);
    }
    // npm start's district has parks (with repeated names): the set must load there too.
    const generated = generateTestDistrict({ buildingCount: 40, residentCount: 500 });
    try {
      expect(ensureDemoEmergencyRecords(generated.dbPath)).toBeGreaterThan(10);
    } finally {
      generated.dispose();
    }
  });

  it('replace the previous demo set and leave entered records alone', () => {
    const count = ensureDemoEmergencyRecords(dbPath);
    const db = openDatabase(dbPath);
    const store = new SqliteEmergencyRecordStore(db);
    store.insertRecord({
      kind: 'plan',
      name: '人工录入的预案',
      location: null,
      gridCode: null,
      attributes: {
        incidentType: '火灾',
        responseLevel: 'IV',
        steps: ['a'],
        responsibleUnits: ['b'],
      },
      contactPhone: null,
      demo: false,
      at: new Date().toISOString(),
      by: 'admin',
    });
    db.close();
    expect(ensureDemoEmergencyRecords(dbPath)).toBe(count);
    const again = openDatabase(dbPath);
    const records = new SqliteEmergencyRecordStore(again).listRecords(null);
    again.close();
    expect(records).toHaveLength(count + 1);
    expect(records.filter((record) => record.demo)).toHaveLength(count);
    // Placed records lie in the district's grids.
    for (const record of records.filter((entry) => entry.location !== null)) {
      expect(record.gridCode, record.name).toMatch(/^\d{15}$/);
    }
  });
});
