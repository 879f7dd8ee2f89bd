/**
 * npm run bench:registry-postgres — the registry's hot reads on PostgreSQL against SQLite, in one
 * run over the same rows: a generated district (BENCH_RESIDENTS, default 100,000) on SQLite, its
 * rows copied into a fresh PostgreSQL database (TEST_DATABASE_URL's server, default the local
 * one; the database is dropped afterwards). Timed per call, p50 and p99: the unit lookup of
 * GET /api/units/:id (bench:lookup's use case; target p99 <= 10 ms) and searches of each kind
 * (1, 2 and 3 characters of a name, part of an address, an ID tail, a phone tail, a whole ID
 * number), each by a district-wide caller and (`<kind>@grid`) by a grid worker scoped to one base
 * grid, the busiest of a sample. Ratios are PostgreSQL over SQLite (the asynchronous adapters both). Last line: JSON.
 *
 * BENCH_DATABASE_URL=postgres://…/db: an existing district database instead (issue 14's city,
 * too big to generate here per run): PostgreSQL alone, nothing generated, copied, written or
 * dropped; samples drawn from its rows; whole-ID searches only with BENCH_DATA_DIR (the
 * directory holding the district's data key). No ratios then: compare with a run before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSeededRandom, type SeededRandom } from '../../src/domain/seededRandom';
import type { Caller } from '../../src/server/registry/accessErrors';
import type { RegistryRepository } from '../../src/server/registry/registryRepository';
import { parseSearchQuery } from '../../src/server/registry/searchResidents';
import { getUnitDetail } from '../../src/server/registry/unitQueries';
import { openDatabase } from '../../src/server/store/openDatabase';
import { runPostgresMigrations } from '../../src/server/store/pg/postgresMigrations';
import { createPostgresPool, type PostgresPool } from '../../src/server/store/pg/postgresPool';
import { PostgresRegistry } from '../../src/server/store/pg/postgresRegistry';
import { type IdentifierSealer } from '../../src/server/store/sealedIdentifiers';
import { identifierSealerFor, loadIdentifierSealer } from '../../src/server/store/dataKeyFiles';
import { sqliteRegistryRepository } from '../../src/server/store/sqliteRegistry';
import { copySqliteToPostgres } from '../../src/server/testing/copySqliteToPostgres';
import { createTestPostgres } from '../../src/server/testing/testPostgres';
import { generateDistrict } from '../district/generateDistrict';
import { percentile } from './percentile';

const RESIDENT_COUNT = Number(process.env.BENCH_RESIDENTS ?? 100_000);
const LOOKUPS = Number(process.env.BENCH_ITERATIONS ?? 2_000);
const SEARCHES_PER_KIND = Number(process.env.BENCH_SEARCHES ?? 50);
const WARM_UP = 100;
const SAMPLE_UNIT_COUNT = 500;
const SEED = 1_000_000;
const TARGET_P99_MS = 10;
const PAGE = { page: 1, pageSize: 20 };
const BASE_GRID_LEVEL = 4;
/** Base grids whose residents are counted to find the busiest. */
const GRID_SAMPLE = 40;

interface Figures {
  calls: number;
  p50Ms: number;
  p99Ms: number;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

async function time(calls: number, call: (index: number) => Promise<unknown>): Promise<Figures> {
  const durationsMs: number[] = [];
  for (let index = 0; index < calls; index++) {
    const startedMs = performance.now();
    await call(index);
    durationsMs.push(performance.now() - startedMs);
  }
  durationsMs.sort((left, right) => left - right);
  return {
    calls,
    p50Ms: round(percentile(durationsMs, 0.5)),
    p99Ms: round(percentile(durationsMs, 0.99)),
  };
}

function ratio(postgres: Figures, sqlite: Figures): { p50: number; p99: number } {
  return {
    p50: Math.round((postgres.p50Ms / sqlite.p50Ms) * 10) / 10,
    p99: Math.round((postgres.p99Ms / sqlite.p99Ms) * 10) / 10,
  };
}

interface SampleRows {
  persons: {
    name: string;
    id_number_masked: string;
    phone_masked: string | null;
    id_number: string | null;
  }[];
  addresses: string[];
}

/** Search texts of each kind, drawn from the district's own rows. */
function searchTexts(sample: SampleRows): Record<string, string[]> {
  const random = createSeededRandom(SEED);
  const { persons, addresses } = sample;
  const pick = <T>(values: readonly T[]): T => random.pick(values);
  const many = (make: () => string) =>
    Array.from({ length: SEARCHES_PER_KIND }, make).filter((text) => text.trim() !== '');
  const piece = (text: string, length: number) => {
    const characters = [...text];
    const start = random.int(0, Math.max(0, characters.length - length));
    return characters.slice(start, start + length).join('');
  };
  const texts: Record<string, string[]> = {
    name1: many(() => [...pick(persons).name][0]!),
    name2: many(() => piece(pick(persons).name, 2)),
    name3: many(() => pick(persons).name),
    address: many(() => piece(pick(addresses), 4)),
    idTail: many(() => pick(persons).id_number_masked.slice(-4)),
    phoneTail: many(() => (pick(persons).phone_masked ?? '13800000000').slice(-4)),
  };
  if (persons[0]!.id_number !== null) texts.idNumber = many(() => pick(persons).id_number!);
  return texts;
}

function sampleSqlite(db: ReturnType<typeof openDatabase>): SampleRows {
  const sealer = identifierSealerFor(db);
  const persons = (
    db
      .prepare(
        'SELECT name, id_number_masked, phone_masked, id_number_sealed FROM persons ORDER BY random() LIMIT 200',
      )
      .all() as (SampleRows['persons'][number] & { id_number_sealed: Buffer })[]
  ).map((row) => ({ ...row, id_number: sealer.open('id_number', row.id_number_sealed) }));
  const addresses = (
    db.prepare('SELECT address FROM buildings ORDER BY random() LIMIT 200').all() as {
      address: string;
    }[]
  ).map((row) => row.address);
  return { persons, addresses };
}

async function samplePostgres(
  pool: PostgresPool,
  sealer: IdentifierSealer | null,
): Promise<SampleRows> {
  // A 1 % block sample: ORDER BY random() over 10 million rows would read them all.
  const persons = (
    await pool.query<SampleRows['persons'][number] & { id_number_sealed: Buffer }>(
      'SELECT name, id_number_masked, phone_masked, id_number_sealed FROM persons ' +
        'TABLESAMPLE SYSTEM (1) REPEATABLE (1) LIMIT 200',
    )
  ).rows.map((row) => ({
    ...row,
    id_number: sealer === null ? null : sealer.open('id_number', row.id_number_sealed),
  }));
  const addresses = (
    await pool.query<{ address: string }>(
      'SELECT address FROM buildings ORDER BY random() LIMIT 200',
    )
  ).rows.map((row) => row.address);
  return { persons, addresses };
}

/** Units with households at least, drawn from the district. */
async function sampleUnits(
  registry: RegistryRepository,
  caller: Caller,
  buildingCount: number,
  random: SeededRandom,
  today: Date,
): Promise<number[]> {
  const unitIds: number[] = [];
  while (unitIds.length < SAMPLE_UNIT_COUNT) {
    const units = await registry.listUnitsOfBuilding(random.int(1, buildingCount));
    if (units.length === 0) continue;
    const unitId = random.pick(units).id;
    const unit = await getUnitDetail(registry, caller, unitId, today);
    if (unit.householdCount > 0) unitIds.push(unitId);
  }
  return unitIds;
}

/**
 * The base grid with the most residents: a grid worker's scope. Their searches must hold as well
 * as the district's, and a common name's matches lie mostly outside it.
 */
async function busiestBaseGrid(registry: RegistryRepository): Promise<string> {
  const grids = (await registry.listGrids()).filter((grid) => grid.level === BASE_GRID_LEVEL);
  const random = createSeededRandom(SEED);
  const sample = Array.from({ length: GRID_SAMPLE }, () => random.pick(grids));
  let busiest = { code: sample[0]!.code, residents: -1 };
  for (const grid of sample) {
    const { residentCount } = await registry.countInGrid(grid.code, [grid.code]);
    if (residentCount > busiest.residents) busiest = { code: grid.code, residents: residentCount };
  }
  return busiest.code;
}

/**
 * The lookup and each kind of search on one registry: searches by the district-wide caller, and
 * (`<kind>@grid`) by a grid worker scoped to `gridCode`.
 */
async function timeRegistry(
  registry: RegistryRepository,
  caller: Caller,
  unitIds: readonly number[],
  texts: Record<string, string[]>,
  today: Date,
  gridCode: string,
): Promise<Record<string, Figures>> {
  const lookup = (index: number) =>
    getUnitDetail(registry, caller, unitIds[index % unitIds.length]!, today);
  await time(WARM_UP, lookup);
  const figures: Record<string, Figures> = { lookup: await time(LOOKUPS, lookup) };
  for (const [suffix, scopes] of [
    ['', caller.scopes],
    ['@grid', [gridCode]],
  ] as const) {
    for (const [kind, queries] of Object.entries(texts)) {
      const search = (index: number) =>
        registry.searchPersons(parseSearchQuery(queries[index % queries.length]!), scopes, PAGE);
      await search(0);
      figures[kind + suffix] = await time(queries.length, search);
    }
  }
  return figures;
}

/** BENCH_DATABASE_URL: an existing district on PostgreSQL, read only. */
async function benchExisting(url: string): Promise<void> {
  const pool = createPostgresPool(url, 4);
  try {
    const dataDir = process.env.BENCH_DATA_DIR;
    const sealer = dataDir === undefined ? null : loadIdentifierSealer(dataDir, { create: false });
    const registry = new PostgresRegistry(pool, () => {
      if (sealer === null) throw new Error('whole-ID searches need BENCH_DATA_DIR');
      return sealer;
    });
    const districtCode = (await registry.readMeta()).district_code ?? '';
    const caller: Caller = { username: 'bench', role: 'admin', scopes: [districtCode] };
    const today = new Date();
    const counts = await registry.countInGrid(districtCode, [districtCode]);
    console.log(
      `existing district ${districtCode}: ${counts.buildingCount} buildings, ${counts.unitCount} units, ` +
        `${counts.residentCount} residents`,
    );
    const unitIds = await sampleUnits(
      registry,
      caller,
      counts.buildingCount,
      createSeededRandom(SEED),
      today,
    );
    const texts = searchTexts(await samplePostgres(pool, sealer));
    const gridCode = await busiestBaseGrid(registry);
    console.log(`grid worker's scope: base grid ${gridCode}`);
    const figures = await timeRegistry(registry, caller, unitIds, texts, today, gridCode);
    for (const [kind, value] of Object.entries(figures)) {
      console.log(`${kind.padEnd(14)} PostgreSQL p50 ${value.p50Ms} p99 ${value.p99Ms} ms`);
    }
    const targetMet = figures.lookup!.p99Ms <= TARGET_P99_MS;
    console.log(
      `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs; ` +
        `PostgreSQL lookup target p99 <= ${TARGET_P99_MS} ms ${targetMet ? 'met' : 'MISSED'}`,
    );
    console.log(
      JSON.stringify({
        bench: 'registry-postgres',
        existingDatabase: true,
        residents: counts.residentCount,
        units: counts.unitCount,
        results: { postgres: figures },
        targetP99Ms: TARGET_P99_MS,
        targetMet,
        loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
      }),
    );
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'gcc-bench-registry-pg-'));
  const database = await createTestPostgres();
  try {
    const dbPath = join(workDir, 'district.sqlite');
    console.log(`generating a district with ${RESIDENT_COUNT.toLocaleString('en')} residents …`);
    generateDistrict(dbPath, { seed: SEED, residentCount: RESIDENT_COUNT });
    const db = openDatabase(dbPath);
    await runPostgresMigrations(database);
    const pool = createPostgresPool(database.url, 4);
    const copyStartedMs = performance.now();
    const copied = await copySqliteToPostgres(db, pool);
    await pool.query('ANALYZE');
    console.log(
      `  copied ${copied.persons} persons to PostgreSQL in ${Math.round((performance.now() - copyStartedMs) / 1000)} s`,
    );
    const engines: Array<[string, RegistryRepository]> = [
      ['sqlite', sqliteRegistryRepository(db)],
      ['postgres', new PostgresRegistry(pool, () => identifierSealerFor(db))],
    ];
    const sqlite = engines[0]![1];
    const districtCode = (await sqlite.readMeta()).district_code ?? '';
    const caller: Caller = { username: 'bench', role: 'admin', scopes: [districtCode] };
    const today = new Date();
    const counts = await sqlite.countInGrid(districtCode, [districtCode]);
    const unitIds = await sampleUnits(
      sqlite,
      caller,
      counts.buildingCount,
      createSeededRandom(SEED),
      today,
    );
    const texts = searchTexts(sampleSqlite(db));
    const gridCode = await busiestBaseGrid(sqlite);
    const results: Record<string, Record<string, Figures>> = {};
    for (const [name, registry] of engines) {
      results[name] = await timeRegistry(registry, caller, unitIds, texts, today, gridCode);
    }
    await pool.end();
    db.close();

    const ratios = Object.fromEntries(
      Object.keys(results.sqlite!).map((kind) => [
        kind,
        ratio(results.postgres![kind]!, results.sqlite![kind]!),
      ]),
    );
    console.log(
      `  ${counts.buildingCount} buildings, ${counts.unitCount} units, ${counts.residentCount} residents`,
    );
    for (const kind of Object.keys(results.sqlite!)) {
      const sqliteFigures = results.sqlite![kind]!;
      const postgresFigures = results.postgres![kind]!;
      console.log(
        `${kind.padEnd(14)} SQLite p50 ${sqliteFigures.p50Ms} p99 ${sqliteFigures.p99Ms} ms | ` +
          `PostgreSQL p50 ${postgresFigures.p50Ms} p99 ${postgresFigures.p99Ms} ms | ` +
          `ratio p50 ${ratios[kind]!.p50}x p99 ${ratios[kind]!.p99}x`,
      );
    }
    const targetMet = results.postgres!.lookup!.p99Ms <= TARGET_P99_MS;
    console.log(
      `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs; ` +
        `PostgreSQL lookup target p99 <= ${TARGET_P99_MS} ms ${targetMet ? 'met' : 'MISSED'}`,
    );
    console.log(
      JSON.stringify({
        bench: 'registry-postgres',
        residents: counts.residentCount,
        units: counts.unitCount,
        results,
        ratios,
        targetP99Ms: TARGET_P99_MS,
        targetMet,
        loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
      }),
    );
  } finally {
    await database.drop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

const existing = process.env.BENCH_DATABASE_URL;
await (existing === undefined ? main() : benchExisting(existing));
