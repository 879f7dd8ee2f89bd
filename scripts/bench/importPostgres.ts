/**
 * npm run bench:import-postgres — the register import into PostgreSQL against SQLite, in one run
 * over the same file and district: BENCH_ROWS (default 50,000) new residents as CSV over a
 * district of empty buildings (bench:import's), imported in this process through runImport on a
 * copy of the SQLite file and into a fresh PostgreSQL database holding the same rows
 * (BENCH_DATABASE_URL's server, default the local one; dropped afterwards). Each engine imports,
 * rolls the batch back and imports again, alternating with the other; figures are accepted rows
 * per second of the import (hash, pass, commit) and the rollback's seconds. Last line: JSON.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ImportBatches } from '../../src/server/imports/importBatches';
import type { ImportTarget } from '../../src/server/imports/importKind';
import { runImport } from '../../src/server/imports/runImport';
import { openDatabase } from '../../src/server/store/openDatabase';
import { PostgresImportBatches } from '../../src/server/store/pg/postgresImportBatches';
import { runPostgresMigrations } from '../../src/server/store/pg/postgresMigrations';
import { createPostgresPool } from '../../src/server/store/pg/postgresPool';
import { sqliteImportBatches } from '../../src/server/store/registerImportStore';
import { identifierSealerFor } from '../../src/server/store/dataKeyFiles';
import { copySqliteToPostgres } from '../../src/server/testing/copySqliteToPostgres';
import { createTestPostgres } from '../../src/server/testing/testPostgres';
import { writeSyntheticDistrict } from '../../src/server/testing/syntheticDistrict';
import { REGISTER_BENCH_DISTRICT, writeRegisterCsv } from './registerBenchFile';

const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const ROUNDS = 2;

interface Engine {
  name: 'sqlite' | 'postgres';
  target: ImportTarget;
  batches: ImportBatches;
}

interface Round {
  rowsPerS: number;
  importSeconds: number;
  rollbackSeconds: number;
}

const seconds = (startedMs: number) => Math.round(performance.now() - startedMs) / 1000;

async function importRound(engine: Engine, file: string, dataDir: string): Promise<Round> {
  const started = performance.now();
  const result = await runImport(engine.target, {
    kind: 'registers',
    filePath: file,
    crs: 'wgs84',
    dryRun: false,
    actor: 'bench',
    dataDir,
    recordAudit: () => 0,
  });
  const importSeconds = seconds(started);
  if (result.accepted !== ROWS) throw new Error(`${engine.name}: ${result.accepted} of ${ROWS}`);
  const rollbackStarted = performance.now();
  await engine.batches.rollback(result.batchId!, 'bench', new Date().toISOString());
  return {
    rowsPerS: Math.round(result.accepted / importSeconds),
    importSeconds,
    rollbackSeconds: seconds(rollbackStarted),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-postgres-'));
  process.env.DATA_KEY ??= '44'.repeat(32);
  const database = await createTestPostgres();
  const pool = createPostgresPool(database.url, 2);
  try {
    const template = join(dir, 'template.sqlite');
    const district = writeSyntheticDistrict(template, REGISTER_BENCH_DISTRICT);
    const file = join(dir, 'register.csv');
    await writeRegisterCsv(file, ROWS, district.buildingCount);
    await runPostgresMigrations(database);
    const sqlitePath = join(dir, 'sqlite', 'district.sqlite');
    mkdirSync(join(dir, 'sqlite'));
    copyFileSync(template, sqlitePath);
    const db = openDatabase(sqlitePath, { memoryMap: false });
    await copySqliteToPostgres(db, pool);
    const sealer = identifierSealerFor(db);
    const engines: Engine[] = [
      { name: 'sqlite', target: { engine: 'sqlite', db }, batches: sqliteImportBatches(db) },
      {
        name: 'postgres',
        target: { engine: 'postgres', pool, sealer },
        batches: new PostgresImportBatches(pool, sealer),
      },
    ];
    const rounds: Record<Engine['name'], Round[]> = { sqlite: [], postgres: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const engine of engines) {
        const figures = await importRound(engine, file, dir);
        rounds[engine.name].push(figures);
        process.stderr.write(`${engine.name} round ${round + 1}: ${JSON.stringify(figures)}\n`);
      }
    }
    db.close();
    const best = (name: Engine['name']) => Math.max(...rounds[name].map((r) => r.rowsPerS));
    console.log(
      JSON.stringify({
        rows: ROWS,
        sqlite: rounds.sqlite,
        postgres: rounds.postgres,
        postgresOverSqlite: Math.round((best('postgres') / best('sqlite')) * 100) / 100,
        loadavg: loadavg().map((value) => Math.round(value * 100) / 100),
      }),
    );
  } finally {
    await pool.end();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
