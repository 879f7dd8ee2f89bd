/**
 * The indexes the unit households lookup depends on, and a way to remove them from a copy of a
 * database: bench:lookup measures the lookup against that unindexed copy as its baseline.
 */
import Database from 'better-sqlite3';

export const LOOKUP_INDEXES = ['households_unit', 'persons_household'] as const;

/** Drops the lookup indexes from the database at `dbPath` (a copy: never the live one). */
export function dropLookupIndexes(dbPath: string): void {
  // Raw open on purpose: openDatabase would apply the schema and recreate the indexes.
  const db = new Database(dbPath);
  try {
    for (const index of LOOKUP_INDEXES) db.exec(`DROP INDEX IF EXISTS ${index}`);
  } finally {
    db.close();
  }
}
