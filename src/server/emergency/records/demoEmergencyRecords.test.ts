import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/openDatabase';
import { SqliteEmergencyRecordStore } from '../../store/sqliteEmergencyRecordStore';
import { SqliteRegistry } from '../../store/sqliteRegistry';
import { TEST_DISTRICT_SIZE } from '../../testing/testServer';
import { writeSyntheticDistrict } from '../../testing/syntheticDistrict';
import { DEMO_SUFFIX, generateDemoEmergencyRecords } from './demoEmergencyRecords';
import { ensureDemoEmergencyRecords } from './ensureDemoEmergencyRecords';

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
    const grids = new SqliteRegistry(db).listGrids();
    db.close();
    const first = generateDemoEmergencyRecords(grids, []);
    expect(generateDemoEmergencyRecords(grids, [])).toEqual(first);
    expect(new Set(first.map((record) => record.kind))).toEqual(
      new Set(['hazard', 'resource', 'shelter', 'sensor', 'video', 'plan']),
    );
    for (const record of first) expect(record.name.endsWith(DEMO_SUFFIX)).toBe(true);
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
