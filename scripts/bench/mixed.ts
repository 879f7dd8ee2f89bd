/**
 * npm run bench:mixed — the service under mixed load, with and without resident search. The real
 * server (`npm run serve`, in a child process) on a generated district; BENCH_CLIENTS clients
 * (default 50) loop for BENCH_SECONDS (default 30) over unit lookups, incident lists and
 * searches, and a separate probe reads /api/health every HEALTH_INTERVAL_MS. The same run
 * without search (the same clients over units and incidents only) is the baseline.
 * Targets (1M residents): throughput with search ≥ 0.8× without, p99 ≤ 250 ms, health p99 ≤ 50 ms,
 * search p99 ≤ 20 ms. The search target is judged on one search's own cost (in-process, warm, no
 * queue): the clients are a closed loop that keeps the machine saturated, so by Little's law
 * every request waits about clients ÷ throughput (50 ÷ ~1,100/s ≈ 45 ms) whatever it costs; the
 * searches' latency under that load is printed beside it. Last line: JSON.
 *
 * BENCH_RESIDENTS (default 100,000) sizes the district; BENCH_DB=path measures a copy of an
 * existing district database instead; SEARCH_WORKERS reaches the server (0: search on the
 * event loop, the behaviour before the worker pool).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSeededRandom, type SeededRandom } from '../../src/domain/seededRandom';
import { ensureDemoUsers } from '../../src/server/demoUsers';
import { parseSearchQuery } from '../../src/server/registry/searchResidents';
import { openDatabase } from '../../src/server/store/openDatabase';
import { SqliteRegistryStore } from '../../src/server/store/sqliteRegistry';
import { startChildServer, type ChildServer } from '../../src/server/testing/childServer';
import { generateDistrict } from '../district/generateDistrict';
import { backfillIncidentHistory } from '../simulator/incidents/incidentBackfill';
import { connectIncidentHttpApi } from '../simulator/incidents/incidentHttpApi';
import { loadIncidentPlaces } from '../simulator/incidents/startIncidentSimulator';
import { loadSimulationNetworkFromDb } from '../simulator/simulationNetwork';
import { percentile } from './percentile';

const RESIDENT_COUNT = Number(process.env.BENCH_RESIDENTS ?? 100_000);
const CLIENT_COUNT = Number(process.env.BENCH_CLIENTS ?? 50);
const PHASE_SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARM_UP_SECONDS = 5;
const HEALTH_INTERVAL_MS = 100;
const SEED = 100_000;
const PASSWORD = 'bench-mixed-password';
/** What main.ts reads in DATA_DIR (importing main.ts would start a server). */
const DB_FILE_NAME = 'district.sqlite';
const SAMPLE_UNITS = 2_000;
const SAMPLE_PERSONS = 400;
const SAMPLE_BUILDINGS = 200;
const MS_PER_SECOND = 1000;
const PERCENTILE_50 = 0.5;
const PERCENTILE_99 = 0.99;
const TARGETS = { ratio: 0.8, p99Ms: 250, healthP99Ms: 50, searchP99Ms: 20 } as const;

type Kind = 'unit' | 'incidents' | 'search';
/** Shares of each client's requests; the baseline keeps the others' proportions. */
const MIX: Record<Kind, number> = { unit: 0.4, incidents: 0.3, search: 0.3 };
const INCIDENT_LIST_PATHS = [
  '/api/incidents?pageSize=20',
  '/api/incidents?openness=open&pageSize=20',
  '/api/incidents?openness=closed&pageSize=50',
  '/api/incidents?state=reported,dispatched&pageSize=20',
  '/api/incidents?deadlinePhase=overdue&pageSize=20',
];

interface Sample {
  unitIds: number[];
  /** Full names, 2-character names, building names, address parts, ID and phone tails. */
  queries: string[];
}

interface KindFigures {
  count: number;
  p50Ms: number;
  p99Ms: number;
}

interface PhaseFigures {
  requests: number;
  throughputPerS: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  unavailable: number;
  healthP50Ms: number;
  healthP99Ms: number;
  healthMaxMs: number;
  byKind: Partial<Record<Kind, KindFigures>>;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function latencyFigures(durationsMs: number[]): { p50Ms: number; p99Ms: number; maxMs: number } {
  const sorted = [...durationsMs].sort((left, right) => left - right);
  if (sorted.length === 0) return { p50Ms: 0, p99Ms: 0, maxMs: 0 };
  return {
    p50Ms: round(percentile(sorted, PERCENTILE_50)),
    p99Ms: round(percentile(sorted, PERCENTILE_99)),
    maxMs: round(sorted[sorted.length - 1]!),
  };
}

function sampleDistrict(dbPath: string): Sample {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    const random = createSeededRandom(SEED);
    const unitIds = (
      db
        .prepare(
          'SELECT DISTINCT unit_id AS id FROM households ORDER BY (unit_id * 2654435761) % 4294967296 LIMIT ?',
        )
        .all(SAMPLE_UNITS) as { id: number }[]
    ).map((row) => row.id);
    const personCount = (db.prepare('SELECT MAX(id) AS n FROM persons').get() as { n: number }).n;
    const person = db.prepare(
      'SELECT name, id_number_masked, phone_masked FROM persons WHERE id >= ? LIMIT 1',
    );
    const buildingCount = (db.prepare('SELECT MAX(id) AS n FROM buildings').get() as { n: number })
      .n;
    const building = db.prepare('SELECT name, address FROM buildings WHERE id >= ? LIMIT 1');
    const names: string[] = [];
    const shortNames: string[] = [];
    const idTails: string[] = [];
    const phoneTails: string[] = [];
    for (let index = 0; index < SAMPLE_PERSONS; index++) {
      const row = person.get(random.int(1, personCount)) as {
        name: string;
        id_number_masked: string;
        phone_masked: string | null;
      };
      const characters = [...row.name];
      names.push(row.name);
      // Someone typing the given name only, or surname and first character.
      shortNames.push(
        characters.length > 2 && random.chance(0.5)
          ? characters.slice(-2).join('')
          : characters.slice(0, 2).join(''),
      );
      // The masked copies keep the last four characters, which is what a tail search types.
      idTails.push(row.id_number_masked.slice(-4));
      if (row.phone_masked !== null) phoneTails.push(row.phone_masked.slice(-4));
    }
    const buildingTexts: string[] = [];
    for (let index = 0; index < SAMPLE_BUILDINGS; index++) {
      const row = building.get(random.int(1, buildingCount)) as { name: string; address: string };
      buildingTexts.push(row.name);
      // The road and door number part of the address: after the street's name.
      const address = [...row.address];
      buildingTexts.push(address.slice(Math.max(0, address.length - 8)).join(''));
    }
    const queries: string[] = [];
    for (let index = 0; index < SAMPLE_PERSONS; index++) {
      queries.push(names[index]!, shortNames[index]!, idTails[index]!);
      if (index < phoneTails.length) queries.push(phoneTails[index]!);
      if (index < buildingTexts.length) queries.push(buildingTexts[index]!);
    }
    return { unitIds, queries };
  } finally {
    db.close();
  }
}

function countResidents(dbPath: string): number {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM persons').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * What one search costs by itself: each sample query once, in this process on its own
 * connection, after the phases (warm cache). Queueing and the machine's load are not in it.
 */
function timeSearchesAlone(dbPath: string, sample: Sample): { p50Ms: number; p99Ms: number } {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    const registry = new SqliteRegistryStore(db);
    const scopes = [registry.readMeta().district_code ?? ''];
    const durationsMs = sample.queries.map((query) => {
      const startedMs = performance.now();
      registry.searchPersons(parseSearchQuery(query), scopes, { page: 1, pageSize: 20 });
      return performance.now() - startedMs;
    });
    const { p50Ms, p99Ms } = latencyFigures(durationsMs);
    return { p50Ms, p99Ms };
  } finally {
    db.close();
  }
}

async function login(baseUrl: string): Promise<string> {
  const answer = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  if (answer.status !== 200) throw new Error(`login failed: ${answer.status}`);
  return ((await answer.json()) as { token: string }).token;
}

function pathFor(kind: Kind, sample: Sample, random: SeededRandom): string {
  if (kind === 'unit') return `/api/units/${random.pick(sample.unitIds)}`;
  if (kind === 'incidents') return random.pick(INCIDENT_LIST_PATHS);
  return `/api/search?q=${encodeURIComponent(random.pick(sample.queries))}&pageSize=20`;
}

/** One phase: the clients and the health probe until the time is up. */
async function runPhase(
  baseUrl: string,
  token: string,
  sample: Sample,
  withSearch: boolean,
  seconds: number,
  seed: number,
): Promise<PhaseFigures> {
  const kinds: Kind[] = withSearch ? ['unit', 'incidents', 'search'] : ['unit', 'incidents'];
  const weights = kinds.map((kind) => MIX[kind]);
  const durations: Record<Kind, number[]> = { unit: [], incidents: [], search: [] };
  const healthMs: number[] = [];
  let errors = 0;
  let unavailable = 0;
  const endMs = performance.now() + seconds * MS_PER_SECOND;
  const headers = { authorization: `Bearer ${token}` };
  const client = async (index: number) => {
    const random = createSeededRandom(seed).fork(index);
    while (performance.now() < endMs) {
      const kind = random.pickWeighted(kinds, weights);
      const startedMs = performance.now();
      const answer = await fetch(baseUrl + pathFor(kind, sample, random), { headers });
      await answer.arrayBuffer();
      durations[kind].push(performance.now() - startedMs);
      if (answer.status === 503) unavailable++;
      else if (answer.status !== 200) errors++;
    }
  };
  const probe = async () => {
    while (performance.now() < endMs) {
      const startedMs = performance.now();
      const answer = await fetch(`${baseUrl}/api/health`);
      await answer.arrayBuffer();
      healthMs.push(performance.now() - startedMs);
      if (answer.status !== 200) errors++;
      await new Promise((resolve) => setTimeout(resolve, HEALTH_INTERVAL_MS));
    }
  };
  const startedMs = performance.now();
  await Promise.all([
    probe(),
    ...Array.from({ length: CLIENT_COUNT }, (_, index) => client(index)),
  ]);
  const elapsedS = (performance.now() - startedMs) / MS_PER_SECOND;
  const all = kinds.flatMap((kind) => durations[kind]);
  const overall = latencyFigures(all);
  const health = latencyFigures(healthMs);
  const byKind: Partial<Record<Kind, KindFigures>> = {};
  for (const kind of kinds) {
    const figures = latencyFigures(durations[kind]);
    byKind[kind] = { count: durations[kind].length, p50Ms: figures.p50Ms, p99Ms: figures.p99Ms };
  }
  return {
    requests: all.length,
    throughputPerS: round(all.length / elapsedS),
    ...overall,
    errors,
    unavailable,
    healthP50Ms: health.p50Ms,
    healthP99Ms: health.p99Ms,
    healthMaxMs: health.maxMs,
    byKind,
  };
}

function describe(name: string, figures: PhaseFigures): string {
  const kinds = Object.entries(figures.byKind)
    .map(([kind, value]) => `${kind} p50 ${value.p50Ms} / p99 ${value.p99Ms} ms (${value.count})`)
    .join('; ');
  return (
    `${name}: ${figures.throughputPerS} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, ` +
    `health p99 ${figures.healthP99Ms} ms (max ${figures.healthMaxMs}), errors ${figures.errors}, ` +
    `503 ${figures.unavailable}\n    ${kinds}`
  );
}

async function prepareDistrict(dataDir: string): Promise<string> {
  const dbPath = join(dataDir, DB_FILE_NAME);
  if (process.env.BENCH_DB !== undefined) {
    console.log(`copying ${process.env.BENCH_DB} …`);
    copyFileSync(process.env.BENCH_DB, dbPath);
  } else {
    console.log(`generating a district with ${RESIDENT_COUNT.toLocaleString('en')} residents …`);
    const generated = generateDistrict(dbPath, { seed: SEED, residentCount: RESIDENT_COUNT });
    console.log(`  done in ${Math.round(generated.elapsedMs / MS_PER_SECOND)} s`);
  }
  // Opening for writing applies the schema and backfills the search indexes of an older file.
  openDatabase(dbPath).close();
  await ensureDemoUsers(dbPath, PASSWORD);
  return dbPath;
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'gcc-bench-mixed-'));
  let server: ChildServer | null = null;
  try {
    const dataDir = join(workDir, 'data');
    mkdirSync(dataDir);
    const dbPath = await prepareDistrict(dataDir);
    server = await startChildServer({ dataDir, staticDir: workDir, tilesetsDir: workDir });
    const baseUrl = server.baseUrl;
    console.log(`server on ${baseUrl} (SEARCH_WORKERS=${process.env.SEARCH_WORKERS ?? 'default'})`);
    const places = await loadIncidentPlaces(
      await connectIncidentHttpApi(baseUrl, 'admin', PASSWORD),
    );
    const history = backfillIncidentHistory({
      dbPath,
      places,
      workers: loadSimulationNetworkFromDb(dbPath).workers,
      nowMs: Date.now(),
      seed: 1,
    });
    console.log(`  ${history.incidents} incidents of history (demo data)`);
    const sample = sampleDistrict(dbPath);
    const residents = countResidents(dbPath);
    const token = await login(baseUrl);

    console.log(`warming up ${WARM_UP_SECONDS} s …`);
    await runPhase(baseUrl, token, sample, true, WARM_UP_SECONDS, 0);
    console.log(`without search: ${CLIENT_COUNT} clients for ${PHASE_SECONDS} s …`);
    const withoutSearch = await runPhase(baseUrl, token, sample, false, PHASE_SECONDS, 1);
    console.log(`with search: ${CLIENT_COUNT} clients for ${PHASE_SECONDS} s …`);
    const withSearch = await runPhase(baseUrl, token, sample, true, PHASE_SECONDS, 1);
    const load = loadavg()[0]!;
    const searchAlone = timeSearchesAlone(dbPath, sample);

    const ratio =
      Math.round((withSearch.throughputPerS / withoutSearch.throughputPerS) * 100) / 100;
    const search = withSearch.byKind.search!;
    const met = {
      ratio: ratio >= TARGETS.ratio,
      p99: withSearch.p99Ms <= TARGETS.p99Ms,
      healthP99: withSearch.healthP99Ms <= TARGETS.healthP99Ms,
      searchP99: searchAlone.p99Ms <= TARGETS.searchP99Ms,
    };
    console.log(describe('without search', withoutSearch));
    console.log(describe('with search   ', withSearch));
    console.log(
      `one search alone (in-process, warm, no queue): p50 ${searchAlone.p50Ms} ms, ` +
        `p99 ${searchAlone.p99Ms} ms over ${sample.queries.length} queries`,
    );
    console.log(
      `load average while measuring: ${load.toFixed(1)} on ${availableParallelism()} CPUs ` +
        '(client and server share them)',
    );
    console.log(
      `throughput ratio ${ratio} (target ≥ ${TARGETS.ratio}: ${met.ratio ? 'met' : 'MISSED'}), ` +
        `p99 ${withSearch.p99Ms} ms (≤ ${TARGETS.p99Ms}: ${met.p99 ? 'met' : 'MISSED'}), ` +
        `health p99 ${withSearch.healthP99Ms} ms (≤ ${TARGETS.healthP99Ms}: ${met.healthP99 ? 'met' : 'MISSED'}), ` +
        `one search p99 ${searchAlone.p99Ms} ms (≤ ${TARGETS.searchP99Ms} at 1M: ${met.searchP99 ? 'met' : 'MISSED'}; ` +
        `${residents.toLocaleString('en')} residents here), ` +
        `searches under the load p50 ${search.p50Ms} / p99 ${search.p99Ms} ms (queue included)`,
    );
    console.log(
      JSON.stringify({
        bench: 'mixed',
        residents,
        clients: CLIENT_COUNT,
        seconds: PHASE_SECONDS,
        searchWorkers: process.env.SEARCH_WORKERS ?? 'default',
        ratio,
        p99Ms: withSearch.p99Ms,
        healthP99Ms: withSearch.healthP99Ms,
        searchP50Ms: search.p50Ms,
        searchP99Ms: search.p99Ms,
        searchAloneP50Ms: searchAlone.p50Ms,
        searchAloneP99Ms: searchAlone.p99Ms,
        throughputPerS: withSearch.throughputPerS,
        baselineThroughputPerS: withoutSearch.throughputPerS,
        withSearch,
        withoutSearch,
        loadAverage1m: round(load),
        cpus: availableParallelism(),
        targets: TARGETS,
        targetsMet: met,
      }),
    );
  } finally {
    if (server !== null) await server.kill('SIGTERM');
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
