/**
 * `npm run db:copy -- [--db path] [--to postgres://…]`: moves a district from its SQLite file
 * (default $DATA_DIR/district.sqlite, as `npm start` built it) into a PostgreSQL database
 * (default DATABASE_URL), for a district that outgrows one machine (docs/decisions/0040). The
 * database is migrated first; the copy is one transaction (all or nothing) and refuses a
 * database that already holds a district. Progress on stderr; the last line of stdout is JSON
 * with the rows copied per table.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DATABASE_URL_ENV, parseDatabaseUrl } from '../src/server/store/databaseConfig';
import { openDatabase } from '../src/server/store/openDatabase';
import { copyFromSqlite } from '../src/server/store/pg/copyFromSqlite';
import { runPostgresMigrations } from '../src/server/store/pg/postgresMigrations';
import { createPostgresPool } from '../src/server/store/pg/postgresPool';

const DEFAULT_DATA_DIR = './data';
const DB_FILE_NAME = 'district.sqlite';
const PERCENT = 100;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: 'string' }, to: { type: 'string' } } });
  const dbPath = values.db ?? join(process.env.DATA_DIR ?? DEFAULT_DATA_DIR, DB_FILE_NAME);
  if (!existsSync(dbPath)) throw new Error(`no SQLite district at ${dbPath}`);
  const target = values.to ?? process.env[DATABASE_URL_ENV];
  if (target === undefined)
    throw new Error(`name the database: --to postgres://… or ${DATABASE_URL_ENV}`);
  const config = parseDatabaseUrl(target);
  if (config.engine !== 'postgres') throw new Error('--to must be a postgres:// URL');

  const migrator = new pg.Client({ connectionString: config.url });
  await migrator.connect();
  try {
    const version = await runPostgresMigrations(migrator);
    process.stderr.write(`schema at version ${version}\n`);
  } finally {
    await migrator.end();
  }
  const db = openDatabase(dbPath, { readonly: true, memoryMap: false });
  const pool = createPostgresPool(config.url, 1);
  const started = Date.now();
  let lastLine = '';
  try {
    const copied = await copyFromSqlite(db, pool, {
      vacuumAnalyze: true,
      onProgress({ table, rows, total }) {
        const line = `${table}: ${Math.floor((PERCENT * rows) / Math.max(1, total))}%`;
        if (line !== lastLine) process.stderr.write(line + '\n');
        lastLine = line;
      },
    });
    const rows = Object.values(copied).reduce((sum, count) => sum + count, 0);
    console.log(
      JSON.stringify({
        from: dbPath,
        rows,
        seconds: (Date.now() - started) / 1000,
        tables: copied,
      }),
    );
  } finally {
    db.close();
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
