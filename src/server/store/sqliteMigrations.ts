/**
 * Versioned schema migrations of the SQLite file (docs/decisions/0040-postgresql.md). Version 1
 * is the baseline: the idempotent path every open has always run (older tables rebuilt, schema.sql
 * applied, search index and rollups made complete). It still runs at every open, because
 * schema.sql stays the place where tables are declared and a database made by an earlier version
 * must gain the tables added since. A change that cannot be written idempotently (a column
 * renamed, rows moved) is a numbered migration from 2 on: each runs once, in order, in its own
 * immediate transaction, and is recorded in `schema_migrations` with the time it ran.
 */
import type { SqliteDatabase } from './openDatabase';

export interface SqliteMigration {
  version: number;
  name: string;
  /** Runs inside the migration's transaction. */
  migrate(db: SqliteDatabase): void;
}

/** The baseline's version: what openDatabase's idempotent path produces. */
export const BASELINE_VERSION = 1;
export const BASELINE_NAME = 'baseline (schema.sql and the upgrades before versioning)';

/**
 * Numbered migrations after the baseline, in version order.
 *
 * 2: the import journal's created rows as id ranges (`import_batch_changes.last_target_id`,
 * decision 0018). A new file has the column from schema.sql already; an older one gains it.
 * Numbered rather than idempotent so that an older build refuses a file whose journal it would
 * read wrongly (it would undo only the first row of each range).
 *
 * 3: persons carry their household's building (`persons.building_id`, as PostgreSQL's migration
 * 0010 gave them), filled for the rows there are, indexed with the person's id, and kept by
 * triggers: a person written without it (or moved to another household), a household moved to
 * another unit, a unit to another building. A writer that knows the building (the register
 * import) writes it itself, and the insert trigger leaves such a row alone. A text search pages
 * through the matching buildings' residents by it (sqliteRegistryQueries.ts, decision 0015).
 */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 2,
    name: 'import journal ranges',
    migrate(db) {
      const columns = db.pragma('table_info(import_batch_changes)') as Array<{ name: string }>;
      if (!columns.some((column) => column.name === 'last_target_id')) {
        db.exec('ALTER TABLE import_batch_changes ADD COLUMN last_target_id INTEGER');
      }
    },
  },
  {
    version: 3,
    name: 'persons carry their building',
    migrate(db) {
      const columns = db.pragma('table_info(persons)') as Array<{ name: string }>;
      if (!columns.some((column) => column.name === 'building_id')) {
        db.exec('ALTER TABLE persons ADD COLUMN building_id INTEGER');
      }
      db.exec(PERSONS_BUILDING_SQL);
    },
  },
];

/** The building of household `household` (an SQL expression). */
const buildingOfHousehold = (household: string) =>
  `(SELECT u.building_id FROM households h JOIN units u ON u.id = h.unit_id WHERE h.id = ${household})`;

/** Migration 3's fill, index and triggers (idempotent). */
const PERSONS_BUILDING_SQL = `
UPDATE persons SET building_id = ${buildingOfHousehold('persons.household_id')}
  WHERE building_id IS NULL;
CREATE INDEX IF NOT EXISTS persons_building ON persons(building_id);
CREATE TRIGGER IF NOT EXISTS persons_building_insert AFTER INSERT ON persons
  WHEN NEW.building_id IS NULL
BEGIN
  UPDATE persons SET building_id = ${buildingOfHousehold('NEW.household_id')} WHERE id = NEW.id;
END;
CREATE TRIGGER IF NOT EXISTS persons_building_move AFTER UPDATE OF household_id ON persons
  WHEN NEW.household_id IS NOT OLD.household_id
BEGIN
  UPDATE persons SET building_id = ${buildingOfHousehold('NEW.household_id')} WHERE id = NEW.id;
END;
CREATE TRIGGER IF NOT EXISTS persons_building_household AFTER UPDATE OF unit_id ON households
  WHEN NEW.unit_id IS NOT OLD.unit_id
BEGIN
  UPDATE persons SET building_id = (SELECT building_id FROM units WHERE id = NEW.unit_id)
    WHERE household_id = NEW.id;
END;
CREATE TRIGGER IF NOT EXISTS persons_building_unit AFTER UPDATE OF building_id ON units
  WHEN NEW.building_id IS NOT OLD.building_id
BEGIN
  UPDATE persons SET building_id = NEW.building_id
    WHERE household_id IN (SELECT id FROM households WHERE unit_id = NEW.id);
END;
`;

const CREATE_TABLE =
  'CREATE TABLE IF NOT EXISTS schema_migrations (' +
  'version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)';

export class SchemaTooNewError extends Error {
  constructor(found: number, known: number) {
    super(
      `The database is at schema version ${found}; this build knows up to ${known}. ` +
        'Run a newer build (or restore a backup made by this one).',
    );
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersionOf(db: SqliteDatabase): number {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (table === undefined) return 0;
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
    version: number | null;
  };
  return row.version ?? 0;
}

/** Refuses a file written by a newer build before anything touches it. */
export function assertSchemaKnown(
  db: SqliteDatabase,
  migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS,
): void {
  const known = latestVersion(migrations);
  const found = schemaVersionOf(db);
  if (found > known) throw new SchemaTooNewError(found, known);
}

/**
 * Records the baseline (once) and runs the numbered migrations the file has not seen. Called by
 * openDatabase after the baseline path; `migrations` is a parameter for the tests.
 */
export function applySqliteMigrations(
  db: SqliteDatabase,
  migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS,
  now: () => Date = () => new Date(),
): number {
  db.exec(CREATE_TABLE);
  const record = db.prepare(
    'INSERT OR IGNORE INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  record.run(BASELINE_VERSION, BASELINE_NAME, now().toISOString());
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= BASELINE_VERSION) {
      throw new Error(`Migration ${migration.name} must be numbered after the baseline`);
    }
    db.transaction(() => {
      // Read inside the write transaction: of two processes opening at once, one migrates.
      if (schemaVersionOf(db) >= migration.version) return;
      migration.migrate(db);
      record.run(migration.version, migration.name, now().toISOString());
    })();
  }
  return schemaVersionOf(db);
}

function latestVersion(migrations: readonly SqliteMigration[]): number {
  return migrations.reduce(
    (latest, migration) => Math.max(latest, migration.version),
    BASELINE_VERSION,
  );
}
