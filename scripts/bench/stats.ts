/**
 * npm run bench:stats — one cockpit refresh for a street (every figure GET /api/stats answers:
 * people, houses, incidents, workers) read from the rollups, against the same figures computed
 * with GROUP BY over the raw tables, in the same run on the same file, on a district of
 * 1,000,000 residents and 1,000,000 incidents, with a year of registrations and departures (the
 * demo history's generator). Every street's answer from both is checked deep equal (the p90
 * waits too: they are exact). Target: ratio ≥ 20 and p99 ≤ 50 ms. Last line: JSON.
 *
 * BENCH_RESIDENTS (default 1,000,000), BENCH_INCIDENTS (default 1,000,000), BENCH_DAYS (history,
 * default 365) and BENCH_ITERATIONS (default 300) change the sizes; BENCH_DB=path measures a copy
 * of an existing district database instead of generating one (incidents are added to it when
 * it has none); BENCH_KEEP_DB=path keeps the prepared database there for such a rerun.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  readCockpitStats,
  type CockpitStatsContext,
} from '../../src/server/cockpit/cockpitStatsQueries';
import type { CockpitStatsRepository } from '../../src/server/cockpit/cockpitStatsRepository';
import type { Caller } from '../../src/server/registry/accessErrors';
import { openDatabase } from '../../src/server/store/openDatabase';
import { createPatrolMeasure } from '../../src/server/assessment/gridPatrolCoverage';
import { GridStreets } from '../../src/server/tracking/gridStreets';
import {
  SqliteAssessmentStore,
  sqliteAssessmentRepository,
} from '../../src/server/store/sqliteAssessmentStore';
import { sqliteCockpitStats } from '../../src/server/store/sqliteCockpitStatsStore';
import { SqliteRegistryStore } from '../../src/server/store/sqliteRegistry';
import { sqliteRollupStats } from '../../src/server/store/sqliteRollupStatsStore';
import { SqliteTrackingStore } from '../../src/server/store/sqliteTrackingStore';
import { generateDemoMovements } from '../../src/server/registry/demoRegisterMovements';
import {
  replaceDemoMovements,
  residentsPerGrid,
} from '../../src/server/store/registerMovementRows';
import { rebuildStatsRollups, suspendStatsRollups } from '../../src/server/store/statsRollups';
import { generateDistrict } from '../district/generateDistrict';
import { writeBulkIncidents } from './bulkIncidents';
import { percentile } from './percentile';

const RESIDENT_COUNT = Number(process.env.BENCH_RESIDENTS ?? 1_000_000);
const INCIDENT_COUNT = Number(process.env.BENCH_INCIDENTS ?? 1_000_000);
const HISTORY_DAYS = Number(process.env.BENCH_DAYS ?? 365);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const WARM_UP_ITERATIONS = 20;
/** The GROUP BY baseline is slow: it stops at whichever comes first. */
const BASELINE_MAX_ITERATIONS = 40;
const BASELINE_MAX_MS = 120_000;
const TARGET_RATIO = 20;
const TARGET_P99_MS = 50;
const SEED = 1_000_000;
/** Saturday 5 December 2026, 12:00 in the district: the end of the generated history. */
const NOW_MS = Date.UTC(2026, 11, 5, 4, 0);
const PERCENTILE_50 = 0.5;
const PERCENTILE_99 = 0.99;
const MS_PER_SECOND = 1000;

interface Figures {
  iterations: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
}

function round(valueMs: number): number {
  return Math.round(valueMs * 1000) / 1000;
}

function summarise(durationsMs: number[]): Figures {
  const sorted = [...durationsMs].sort((left, right) => left - right);
  return {
    iterations: sorted.length,
    p50Ms: round(percentile(sorted, PERCENTILE_50)),
    p99Ms: round(percentile(sorted, PERCENTILE_99)),
    meanMs: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
    maxMs: round(sorted[sorted.length - 1]!),
  };
}

/** Times one street refresh per iteration, cycling through the streets. */
async function timeRefreshes(
  refresh: (street: string) => Promise<unknown>,
  streets: readonly string[],
  maxIterations: number,
  maxMs: number,
): Promise<Figures> {
  const durationsMs: number[] = [];
  const startedMs = performance.now();
  for (
    let iteration = 0;
    iteration < maxIterations && performance.now() - startedMs < maxMs;
    iteration++
  ) {
    const beforeMs = performance.now();
    await refresh(streets[iteration % streets.length]!);
    durationsMs.push(performance.now() - beforeMs);
  }
  return summarise(durationsMs);
}

function seconds(sinceMs: number): number {
  return Math.round((performance.now() - sinceMs) / MS_PER_SECOND);
}

function prepareDatabase(dbPath: string): { incidents: number; rebuildMs: number } {
  if (process.env.BENCH_DB !== undefined) {
    console.log(`copying ${process.env.BENCH_DB} …`);
    copyFileSync(process.env.BENCH_DB, dbPath);
  } else {
    console.log(`generating a district with ${RESIDENT_COUNT.toLocaleString('en')} residents …`);
    const generated = generateDistrict(dbPath, { seed: SEED, residentCount: RESIDENT_COUNT });
    console.log(`  done in ${Math.round(generated.elapsedMs / MS_PER_SECOND)} s`);
  }
  const db = openDatabase(dbPath);
  try {
    const stored = (db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }).n;
    if (stored === 0) {
      console.log(
        `writing ${INCIDENT_COUNT.toLocaleString('en')} incidents over ${HISTORY_DAYS} days …`,
      );
      const startedMs = performance.now();
      const gridCodes = (
        db.prepare('SELECT code FROM grids WHERE level = 4').all() as Array<{ code: string }>
      ).map((row) => row.code);
      const written = writeBulkIncidents(db, {
        count: INCIDENT_COUNT,
        days: HISTORY_DAYS,
        nowMs: NOW_MS,
        seed: SEED,
        gridCodes,
      });
      console.log(
        `  ${written.transitions.toLocaleString('en')} steps, ${written.escalations.toLocaleString('en')} escalations in ${seconds(startedMs)} s`,
      );
    }
    const movements = db.prepare('SELECT COUNT(*) AS n FROM register_movements').get() as {
      n: number;
    };
    if (movements.n === 0) {
      const startedMs = performance.now();
      // The rebuild below sums the history: no need for the rollup's triggers meanwhile.
      suspendStatsRollups(db);
      const rows = generateDemoMovements(residentsPerGrid(db), NOW_MS);
      replaceDemoMovements(db, rows);
      console.log(
        `wrote ${rows.length.toLocaleString('en')} grid-days of registrations and departures in ${seconds(startedMs)} s`,
      );
    }
    const startedMs = performance.now();
    rebuildStatsRollups(db);
    const rebuildMs = Math.round(performance.now() - startedMs);
    console.log(`rollups rebuilt from scratch in ${Math.round(rebuildMs / MS_PER_SECOND)} s`);
    const incidents = (db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }).n;
    return { incidents, rebuildMs };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'gcc-bench-stats-'));
  try {
    const dbPath = join(workDir, 'district.sqlite');
    const prepared = prepareDatabase(dbPath);
    if (process.env.BENCH_KEEP_DB !== undefined) copyFileSync(dbPath, process.env.BENCH_KEEP_DB);
    // The assessment store seeds its default scheme on first open: do it before going read-only.
    const writable = openDatabase(dbPath);
    new SqliteAssessmentStore(writable);
    writable.close();
    const db = openDatabase(dbPath, { readonly: true });
    const registry = new SqliteRegistryStore(db);
    const tracking = new SqliteTrackingStore(db);
    const districtCode = registry.readMeta().district_code ?? '';
    const caller: Caller = { username: 'bench', role: 'leader', scopes: [districtCode] };
    const streets = (
      db.prepare('SELECT code FROM grids WHERE level = 2 ORDER BY code').all() as Array<{
        code: string;
      }>
    ).map((row) => row.code);
    const residents = (db.prepare('SELECT COUNT(*) AS n FROM persons').get() as { n: number }).n;
    // Both sides measure today's patrol coverage the same way (it is not a rollup).
    const measurePatrol = createPatrolMeasure(
      sqliteAssessmentRepository(db),
      new GridStreets(registry),
    );
    const refreshWith = (stats: CockpitStatsRepository) => {
      const context: CockpitStatsContext = {
        stats,
        registry,
        listWorkers: () => tracking.listWorkers(),
        measurePatrol,
        statusOf: () => 'offline',
        nowMs: NOW_MS,
      };
      return (street: string) => readCockpitStats(context, caller, street);
    };
    const fromRollups = refreshWith(sqliteRollupStats(db));
    const fromTables = refreshWith(sqliteCockpitStats(db));
    console.log(
      `${residents.toLocaleString('en')} residents, ${prepared.incidents.toLocaleString('en')} incidents, ${streets.length} streets; checking every street's figures …`,
    );
    let movementsChecked = 0;
    for (const street of streets) {
      const figures = await fromRollups(street);
      movementsChecked += figures.people.movements.reduce(
        (sum, month) => sum + month.registrations + month.departures,
        0,
      );
      const tables = await fromTables(street);
      if (!isDeepStrictEqual(figures, tables)) {
        console.log(JSON.stringify({ street, rollups: figures, tables }));
        throw new Error(`street ${street}: the rollups and the GROUP BY disagree`);
      }
    }
    await timeRefreshes(fromRollups, streets, WARM_UP_ITERATIONS, Number.POSITIVE_INFINITY);
    const figures = await timeRefreshes(fromRollups, streets, ITERATIONS, Number.POSITIVE_INFINITY);
    const baseline = await timeRefreshes(
      fromTables,
      streets,
      BASELINE_MAX_ITERATIONS,
      BASELINE_MAX_MS,
    );
    db.close();

    const ratio = Math.round((baseline.p50Ms / figures.p50Ms) * 10) / 10;
    const ratioP99 = Math.round((baseline.p99Ms / figures.p99Ms) * 10) / 10;
    const targetMet = ratio >= TARGET_RATIO && figures.p99Ms <= TARGET_P99_MS;
    const describe = (name: string, measured: Figures) =>
      `${name}: p50 ${measured.p50Ms} ms, p99 ${measured.p99Ms} ms, mean ${measured.meanMs} ms over ${measured.iterations} street refreshes`;
    console.log(`registrations and departures in the streets' charts: ${movementsChecked}`);
    console.log(describe('rollups ', figures));
    console.log(describe('GROUP BY', baseline));
    console.log(
      `load average while measuring: ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs`,
    );
    console.log(
      `${ratio}x faster than GROUP BY (p50; p99 ${ratioP99}x); target >= ${TARGET_RATIO}x and p99 <= ${TARGET_P99_MS} ms ${targetMet ? 'met' : 'MISSED'}`,
    );
    console.log(
      JSON.stringify({
        bench: 'stats',
        residents,
        incidents: prepared.incidents,
        streets: streets.length,
        rebuildMs: prepared.rebuildMs,
        figures,
        baseline: {
          ...baseline,
          variant: 'GROUP BY over the raw tables (SqliteCockpitStatsStore)',
        },
        equal: true,
        movementsChecked,
        ratio,
        ratioP99,
        loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
        targetRatio: TARGET_RATIO,
        targetP99Ms: TARGET_P99_MS,
        targetMet,
      }),
    );
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
