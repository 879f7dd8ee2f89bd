/**
 * What the cockpit statistics benchmarks share (bench:stats on SQLite, bench:stats-postgres): the
 * district they measure (generated, or a copy of BENCH_DB; a year of incidents and of
 * registrations and departures added when it has none; SQLite's rollups rebuilt), a street
 * refresh as GET /api/stats reads it, and its timing.
 */
import { copyFileSync } from 'node:fs';
import { createPatrolMeasure } from '../../src/server/assessment/gridPatrolCoverage';
import type { AssessmentRepository } from '../../src/server/assessment/assessmentRepository';
import {
  readCockpitStats,
  type CockpitStatsContext,
} from '../../src/server/cockpit/cockpitStatsQueries';
import type { CockpitStatsRepository } from '../../src/server/cockpit/cockpitStatsRepository';
import type { Caller } from '../../src/server/registry/accessErrors';
import { generateDemoMovements } from '../../src/server/registry/demoRegisterMovements';
import { openDatabase, type SqliteDatabase } from '../../src/server/store/openDatabase';
import {
  replaceDemoMovements,
  residentsPerGrid,
} from '../../src/server/store/registerMovementRows';
import { sqliteAssessmentRepository } from '../../src/server/store/sqliteAssessmentStore';
import { SqliteRegistryStore } from '../../src/server/store/sqliteRegistry';
import { SqliteTrackingStore } from '../../src/server/store/sqliteTrackingStore';
import { rebuildStatsRollups, suspendStatsRollups } from '../../src/server/store/statsRollups';
import { GridStreets } from '../../src/server/tracking/gridStreets';
import { generateDistrict } from '../district/generateDistrict';
import { writeBulkIncidents } from './bulkIncidents';
import { percentile } from './percentile';

export const SEED = 1_000_000;
/** Saturday 5 December 2026, 12:00 in the district: the end of the generated history. */
export const NOW_MS = Date.UTC(2026, 11, 5, 4, 0);
const PERCENTILE_50 = 0.5;
const PERCENTILE_99 = 0.99;
const MS_PER_SECOND = 1000;

export interface DistrictSize {
  residents: number;
  incidents: number;
  historyDays: number;
}

export interface Figures {
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
export async function timeRefreshes<Area>(
  refresh: (area: Area) => Promise<unknown>,
  streets: readonly Area[],
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

export function prepareDatabase(
  dbPath: string,
  size: DistrictSize,
): { incidents: number; rebuildMs: number } {
  if (process.env.BENCH_DB !== undefined) {
    console.log(`copying ${process.env.BENCH_DB} …`);
    copyFileSync(process.env.BENCH_DB, dbPath);
  } else {
    console.log(`generating a district with ${size.residents.toLocaleString('en')} residents …`);
    const generated = generateDistrict(dbPath, { seed: SEED, residentCount: size.residents });
    console.log(`  done in ${Math.round(generated.elapsedMs / MS_PER_SECOND)} s`);
  }
  const db = openDatabase(dbPath);
  try {
    const stored = (db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }).n;
    if (stored === 0) {
      console.log(
        `writing ${size.incidents.toLocaleString('en')} incidents over ${size.historyDays} days …`,
      );
      const startedMs = performance.now();
      const gridCodes = (
        db.prepare('SELECT code FROM grids WHERE level = 4').all() as Array<{ code: string }>
      ).map((row) => row.code);
      const written = writeBulkIncidents(db, {
        count: size.incidents,
        days: size.historyDays,
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

/** The district's streets, a leader's caller over the district, and a street refresh per repository. */
export function streetRefreshes(db: SqliteDatabase) {
  const registry = new SqliteRegistryStore(db);
  const tracking = new SqliteTrackingStore(db);
  const districtCode = registry.readMeta().district_code ?? '';
  const caller: Caller = { username: 'bench', role: 'leader', scopes: [districtCode] };
  const streets = (
    db.prepare('SELECT code FROM grids WHERE level = 2 ORDER BY code').all() as Array<{
      code: string;
    }>
  ).map((row) => row.code);
  // Today's patrol coverage is not a rollup: each engine's server reads the workers' places from
  // its own assessment repository (`patrol`; default this SQLite file's), the streets alike.
  const gridStreets = new GridStreets(registry);
  const onSqlite = sqliteAssessmentRepository(db);
  const refreshWith = (
    stats: CockpitStatsRepository,
    patrol: Pick<AssessmentRepository, 'visitedPlacesOfWorkers'> = onSqlite,
  ) => {
    const context: CockpitStatsContext = {
      stats,
      registry,
      listWorkers: () => tracking.listWorkers(),
      measurePatrol: createPatrolMeasure(patrol, gridStreets),
      statusOf: () => 'offline',
      nowMs: NOW_MS,
    };
    // null: the whole district (the caller's scope), as a district's leader opens the cockpit.
    return (street: string | null) => readCockpitStats(context, caller, street);
  };
  return { streets, refreshWith };
}
