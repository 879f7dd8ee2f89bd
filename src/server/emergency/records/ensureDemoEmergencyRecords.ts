/**
 * npm start's demo emergency records: the generated set (demoEmergencyRecords) written through
 * the same check as an administrator's input, replacing the previous demo set and leaving
 * records an administrator entered or imported alone.
 */
import { openDatabase } from '../../store/openDatabase';
import { SqliteEmergencyRecordStore } from '../../store/sqliteEmergencyRecordStore';
import { SqliteRegistryStore } from '../../store/sqliteRegistry';
import { GridLocator } from '../../incidents/gridLocator';
import { generateDemoEmergencyRecords } from './demoEmergencyRecords';
import { prepareRecordWrite } from './emergencyRecordService';
import type { EmergencyRecordWrite } from './emergencyRecordRepository';

export const DEMO_RECORDS_ACTOR = 'demo';

export function ensureDemoEmergencyRecords(dbPath: string, now: Date = new Date()): number {
  const db = openDatabase(dbPath);
  try {
    const registry = new SqliteRegistryStore(db);
    const grids = registry.listGrids();
    const greens = registry
      .listBasemap()
      .flatMap((feature) =>
        feature.kind === 'green' && feature.geometry.type === 'Polygon'
          ? [{ name: feature.name, ring: feature.geometry.coordinates[0]! }]
          : [],
      );
    const locator = new GridLocator(() => grids);
    const writes: EmergencyRecordWrite[] = generateDemoEmergencyRecords(grids, greens).map(
      (input) => {
        const prepared = prepareRecordWrite(input, (point) => locator.locate(point), {
          at: now.toISOString(),
          by: DEMO_RECORDS_ACTOR,
          demo: true,
        });
        // The generator's own output must pass the check: a failure here is a bug, not data.
        if (!prepared.ok) throw new Error(`demo record ${input.name}: ${prepared.en}`);
        return prepared.write;
      },
    );
    new SqliteEmergencyRecordStore(db).replaceDemoRecords(writes);
    return writes.length;
  } finally {
    db.close();
  }
}
