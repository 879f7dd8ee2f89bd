/**
 * Writes a configured district's identity into `meta` (what `GET /api/config` reads), marking
 * the data as not demo, and counts what the register holds so start-up can say what is missing.
 */
import { openDatabase } from './openDatabase';

export interface ConfiguredDistrictMeta {
  code: string;
  nameZh: string;
  nameEn: string;
  timeZone: string;
}

export function applyDistrictMeta(
  dbPath: string,
  district: ConfiguredDistrictMeta,
): { grids: number; buildings: number } {
  const db = openDatabase(dbPath);
  try {
    const upsert = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    db.transaction(() => {
      upsert.run('district_code', district.code);
      upsert.run('district_name', district.nameZh);
      upsert.run('district_name_en', district.nameEn);
      upsert.run('time_zone', district.timeZone);
      upsert.run('demo_data', '0');
    })();
    const count = (table: 'grids' | 'buildings'): number =>
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { grids: count('grids'), buildings: count('buildings') };
  } finally {
    db.close();
  }
}
