/**
 * A register import batch large against the register writes its rows without the per-row work
 * of the register's triggers and secondary indexes, and catches up before its commit:
 *
 * - the cockpit rollups' triggers: the register facts and rollups are recomputed in one pass
 *   (`deferRegisterRollups`);
 * - the search triggers: the new persons' names go into the full-text index and the name grams
 *   in two statements (an import never changes a registered person's name: a row whose name
 *   differs from the register's is refused, so updated and moved persons keep their entries);
 * - the movement triggers: the caller tallies registrations and departures per base grid, which
 *   are added as today's counts, as the triggers would have done row by row;
 * - the persons' secondary indexes are dropped and created again (a sort instead of a random
 *   B-tree insert per row and index).
 *
 * Everything happens inside the import's own transaction: other connections keep reading the
 * committed register with its triggers and indexes, and a failed or stopped import rolls the
 * drop back with its rows. Triggers this module does not know how to catch up stay in place.
 * Measured (decision 0018's addendum): per written row ~40 µs without them against ~170 µs.
 */
import type { SqliteDatabase } from './openDatabase';
import { deferRegisterRollups } from './statsRollups';
import { ADD_MOVEMENTS_TODAY_SQL } from './statsRollupTriggers';

/** The triggers on the written tables that finish() stands in for. */
const CAUGHT_UP_TRIGGERS = new Set([
  'persons_search_insert',
  'persons_search_update',
  'persons_search_delete',
  'stats_persons_insert',
  'stats_persons_update',
  'stats_persons_delete',
  'stats_person_details_insert',
  'stats_person_details_update',
  'stats_person_details_delete',
  'stats_households_insert',
  'stats_households_update',
  'stats_households_delete',
  'stats_movement_persons_insert',
  'stats_movement_persons_update',
  'stats_movement_persons_delete',
  'stats_movement_households_update',
  // Every person the batch creates is written with its building (RegisterBatchRows).
  'persons_building_insert',
]);

interface SchemaObject {
  type: 'trigger' | 'index';
  name: string;
  sql: string;
}

export class RegisterBulkLoad {
  private readonly movements = new Map<string, number>();
  private readonly dropped: SchemaObject[];
  private readonly finishRollups: () => void;
  private readonly firstNewPersonId: number;
  private finished = false;

  /** Starts inside the caller's open transaction. */
  constructor(private readonly db: SqliteDatabase) {
    if (!db.inTransaction) throw new Error('RegisterBulkLoad needs an open transaction');
    this.finishRollups = deferRegisterRollups(db);
    this.firstNewPersonId =
      (db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM persons').get() as { id: number }).id + 1;
    const objects = db
      .prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND (type = 'trigger' " +
          "AND tbl_name IN ('persons', 'households', 'person_details') OR type = 'index' " +
          "AND tbl_name = 'persons') ORDER BY type, name",
      )
      .all() as SchemaObject[];
    this.dropped = objects.filter(
      (object) => object.type === 'index' || CAUGHT_UP_TRIGGERS.has(object.name),
    );
    for (const object of this.dropped) {
      db.exec(`DROP ${object.type === 'trigger' ? 'TRIGGER' : 'INDEX'} ${object.name}`);
    }
  }

  /** A person registered in (or moved into) `gridCode` by this batch. */
  registration(gridCode: string): void {
    this.tally(gridCode, 'registration');
  }

  /** A person moved out of `gridCode` by this batch. */
  departure(gridCode: string): void {
    this.tally(gridCode, 'departure');
  }

  /** Catches every index and figure up; still inside the transaction, before its commit. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const db = this.db;
    db.prepare(
      'INSERT INTO persons_name_fts (rowid, name) SELECT id, name FROM persons WHERE id >= ?',
    ).run(this.firstNewPersonId);
    db.prepare(
      'INSERT OR IGNORE INTO person_name_grams (gram, person_id) ' +
        'SELECT lower(substr(p.name, g.k, 2)) AS gram, p.id FROM persons p ' +
        'JOIN search_gram_positions g ON g.k <= length(p.name) WHERE p.id >= ? ORDER BY gram, p.id',
    ).run(this.firstNewPersonId);
    for (const object of this.dropped) if (object.type === 'index') db.exec(object.sql);
    for (const object of this.dropped) if (object.type === 'trigger') db.exec(object.sql);
    const add = db.prepare(ADD_MOVEMENTS_TODAY_SQL);
    for (const [key, count] of this.movements) {
      const [gridCode, kind] = key.split('\u0001') as [string, string];
      add.run(gridCode, kind, count);
    }
    this.finishRollups();
  }

  private tally(gridCode: string, kind: 'registration' | 'departure'): void {
    const key = `${gridCode}\u0001${kind}`;
    this.movements.set(key, (this.movements.get(key) ?? 0) + 1);
  }
}
