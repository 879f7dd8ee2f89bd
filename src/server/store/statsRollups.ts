/**
 * Keeps the cockpit's rollups (statsRollupSchema.ts) complete: applied and, when the file has
 * none yet, carries an older version or was left suspended by a bulk load, rebuilt from the
 * tables in one transaction when the database is opened for writing. Bulk loaders suspend the
 * triggers, write, and rebuild once (much faster than a refresh per row).
 */
import type { SqliteDatabase } from './openDatabase';
import {
  REGISTER_ROLLUP_ROWS_SQL,
  STATS_ROLLUP_TABLES_SQL,
  STATS_ROLLUP_VIEWS_SQL,
} from './statsRollupSchema';
import { STATS_ROLLUP_TRIGGER_NAMES, STATS_ROLLUP_TRIGGERS_SQL } from './statsRollupTriggers';

/** Bump when a fact, view or trigger changes: every file is then rebuilt once on open. */
export const STATS_ROLLUP_VERSION = 5;

const FACT_TABLES = ['person', 'unit', 'building', 'incident', 'escalation', 'wait'].map(
  (kind) => `stats_${kind}_facts`,
);
/** Each rollup table, its key columns and what it sums, from its rows view. */
const ROLLUPS: ReadonlyArray<{
  table: string;
  rows: string;
  keys: string;
  values: string;
  sums: string;
}> = [
  {
    table: 'stats_register_rollup',
    rows: REGISTER_ROLLUP_ROWS_SQL,
    keys: 'area, dim, code',
    values: 'count',
    sums: 'SUM(n)',
  },
  {
    table: 'stats_incident_rollup',
    rows: 'stats_incident_fact_rows',
    keys: 'area, dim, day_ms, code',
    values: 'count',
    sums: 'COUNT(*)',
  },
  {
    table: 'stats_due_rollup',
    rows: 'stats_due_fact_rows',
    keys: 'area, due_ms',
    values: 'count',
    sums: 'COUNT(*)',
  },
  {
    table: 'stats_wait_rollup',
    rows: 'stats_wait_fact_rows',
    keys: 'area, day_ms, state, bucket',
    values: 'count, sum_ms',
    sums: 'COUNT(*), SUM(duration_ms)',
  },
  {
    // Derived from register_movements, the history, which is never dropped.
    table: 'stats_movement_rollup',
    rows: 'stats_movement_fact_rows',
    keys: 'area, kind, month_ms',
    values: 'count',
    sums: 'SUM(count)',
  },
];
const FACT_SOURCES: ReadonlyArray<[facts: string, source: string]> = FACT_TABLES.map((table) => [
  table,
  table.replace(/_facts$/, '_fact_source'),
]);

interface RollupState {
  version: number;
  suspended: number;
}

function readState(db: SqliteDatabase): RollupState | undefined {
  return db.prepare('SELECT version, suspended FROM stats_rollup_state WHERE one = 1').get() as
    RollupState | undefined;
}

/** False when a trigger is missing: an upgrade that rebuilt a table drops the table's triggers. */
function hasEveryTrigger(db: SqliteDatabase): boolean {
  const present = new Set(
    (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{
        name: string;
      }>
    ).map((row) => row.name),
  );
  return STATS_ROLLUP_TRIGGER_NAMES.every((name) => present.has(name));
}

/** Applies the tables; rebuilds when needed. True when it rebuilt. */
export function ensureStatsRollups(db: SqliteDatabase): boolean {
  db.exec(STATS_ROLLUP_TABLES_SQL);
  const state = readState(db);
  const current = state?.version === STATS_ROLLUP_VERSION && state.suspended === 0;
  if (current && hasEveryTrigger(db)) return false;
  rebuildStatsRollups(db);
  return true;
}

/**
 * Recomputes every fact and rollup from the tables, recreates the views and triggers, and
 * resumes the triggers; one transaction.
 */
export function rebuildStatsRollups(db: SqliteDatabase): void {
  db.transaction(() => {
    // Derived data only: dropped and recreated, so a new version may change their shape.
    const derived = [...FACT_TABLES, ...ROLLUPS.map(({ table: rollup }) => rollup)];
    for (const table of [...derived, 'stats_wait_buckets']) {
      db.exec(`DROP TABLE IF EXISTS ${table}`);
    }
    db.exec(STATS_ROLLUP_TABLES_SQL);
    db.exec(STATS_ROLLUP_VIEWS_SQL);
    db.exec(STATS_ROLLUP_TRIGGERS_SQL);
    for (const [facts, source] of FACT_SOURCES) {
      db.exec(`INSERT INTO ${facts} SELECT * FROM ${source}`);
    }
    for (const { table, rows, keys, values, sums } of ROLLUPS) {
      db.exec(
        `INSERT INTO ${table} (${keys}, ${values}) SELECT ${keys}, ${sums} FROM ${rows} GROUP BY ${keys}`,
      );
    }
    db.prepare(
      'INSERT INTO stats_rollup_state (one, version, suspended) VALUES (1, ?, 0) ' +
        'ON CONFLICT (one) DO UPDATE SET version = excluded.version, suspended = 0',
    ).run(STATS_ROLLUP_VERSION);
  })();
}

/**
 * Stops the triggers for a bulk load (register import of a whole district, generated history).
 * The state is stored, so a load that dies half-way is caught up by the next open; call
 * rebuildStatsRollups when done.
 */
export function suspendStatsRollups(db: SqliteDatabase): void {
  db.exec(STATS_ROLLUP_TABLES_SQL);
  db.prepare(
    'INSERT INTO stats_rollup_state (one, version, suspended) VALUES (1, 0, 1) ' +
      'ON CONFLICT (one) DO UPDATE SET suspended = 1',
  ).run();
}

/** The register's facts: people, units and buildings (what a register import writes). */
const REGISTER_FACT_SOURCES = FACT_SOURCES.filter(([facts]) =>
  ['stats_person_facts', 'stats_unit_facts', 'stats_building_facts'].includes(facts),
);
/** Recomputed after a deferred register write: its triggers counted the history meanwhile. */
const DEFERRED_ROLLUPS = ROLLUPS.filter(({ table }) =>
  ['stats_register_rollup', 'stats_movement_rollup'].includes(table),
);

/**
 * For a large register write inside the caller's open transaction (an import batch): pauses the
 * triggers and returns the function that, before the commit, recomputes the register's facts
 * and rollup from the tables in one pass (and the movement rollup from the history, which its
 * own triggers kept counting meanwhile) and resumes the triggers. Readers never see the pause
 * (it lives and ends in the same transaction); the incident figures are not touched, and a
 * write that fails rolls the pause back with everything else. When a bulk load had already
 * suspended the triggers, they stay suspended for the rebuild on the next open.
 */
export function deferRegisterRollups(db: SqliteDatabase): () => void {
  if (!db.inTransaction) throw new Error('deferRegisterRollups needs an open transaction');
  const before = readState(db);
  if (before === undefined || before.suspended === 1) return () => {};
  db.prepare('UPDATE stats_rollup_state SET suspended = 1 WHERE one = 1').run();
  return () => {
    for (const [facts, source] of REGISTER_FACT_SOURCES) {
      db.exec(`DELETE FROM ${facts}`);
      db.exec(`INSERT INTO ${facts} SELECT * FROM ${source}`);
    }
    for (const { table, rows, keys, values, sums } of DEFERRED_ROLLUPS) {
      db.exec(`DELETE FROM ${table}`);
      db.exec(
        `INSERT INTO ${table} (${keys}, ${values}) SELECT ${keys}, ${sums} FROM ${rows} GROUP BY ${keys}`,
      );
    }
    db.prepare('UPDATE stats_rollup_state SET suspended = 0 WHERE one = 1').run();
  };
}

/** The rollup tables' rows in a fixed order (for the test that compares incremental and rebuilt). */
export function dumpStatsRollups(db: SqliteDatabase): Record<string, unknown[]> {
  const dump: Record<string, unknown[]> = {};
  for (const { table, keys } of ROLLUPS) {
    dump[table] = db.prepare(`SELECT * FROM ${table} ORDER BY ${keys}`).all();
  }
  for (const [facts] of FACT_SOURCES) {
    dump[facts] = db.prepare(`SELECT * FROM ${facts} ORDER BY 1, 2, 3`).all();
  }
  return dump;
}
