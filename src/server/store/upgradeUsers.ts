/**
 * Brings a `users` table made before roles grew to the current shape. SQLite cannot alter a
 * CHECK constraint, so the table is rebuilt (copy, drop, rename) in one transaction; every row
 * and session survives. Runs before schema.sql, whose CREATE ... IF NOT EXISTS would otherwise
 * leave the old table in place.
 */
import type { SqliteDatabase } from './openDatabase';

const CURRENT_USERS_TABLE = `CREATE TABLE users_upgraded (
  username TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('leader', 'dispatcher', 'grid_worker', 'department_handler',
    'viewer', 'auditor', 'admin', 'hotline_operator')),
  scopes TEXT NOT NULL,
  demo INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  department TEXT
)`;

/** The role the current CHECK names last: a table whose CHECK lacks it is older. */
const NEWEST_ROLE = 'hotline_operator';
/** Columns added after the first users table, copied when the older table has them. */
const LATER_COLUMNS = ['disabled', 'must_change_password', 'department'];

/** True when the table was rebuilt. */
export function upgradeUsersTable(db: SqliteDatabase): boolean {
  const columns = db.prepare("SELECT name FROM pragma_table_info('users')").all() as Array<{
    name: string;
  }>;
  if (columns.length === 0) return false; // new database: schema.sql creates it
  const created = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'")
    .get() as { sql: string };
  if (created.sql.includes(`'${NEWEST_ROLE}'`)) return false;
  const copied = [
    'username',
    'display_name',
    'password_hash',
    'role',
    'scopes',
    'demo',
    ...LATER_COLUMNS.filter((name) => columns.some((column) => column.name === name)),
  ].join(', ');
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  // Off while the table is swapped, or dropping it would cascade to the sessions.
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      db.exec(CURRENT_USERS_TABLE);
      db.exec(`INSERT INTO users_upgraded (${copied}) SELECT ${copied} FROM users`);
      db.exec('DROP TABLE users');
      db.exec('ALTER TABLE users_upgraded RENAME TO users');
    })();
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys === 1 ? 'ON' : 'OFF'}`);
  }
  return true;
}
