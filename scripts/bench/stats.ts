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
import { openDatabase } from '../../src/server/store/openDatabase';
import { SqliteAssessmentStore } from '../../src/server/store/sqliteAssessmentStore';
import { sqliteCockpitStats } from '../../src/server/store/sqliteCockpitStatsStore';
import { sqliteRollupStats } from '../../src/server/store/sqliteRollupStatsStore';
import { prepareDatabase, streetRefreshes, timeRefreshes, type Figures } from './statsDistrict';

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

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'gcc-bench-stats-'));
  try {
    const dbPath = join(workDir, 'district.sqlite');
    const prepared = prepareDatabase(dbPath, {
      residents: RESIDENT_COUNT,
      incidents: INCIDENT_COUNT,
      historyDays: HISTORY_DAYS,
    });
    if (process.env.BENCH_KEEP_DB !== undefined) copyFileSync(dbPath, process.env.BENCH_KEEP_DB);
    // The assessment store seeds its default scheme on first open: do it before going read-only.
    const writable = openDatabase(dbPath);
    new SqliteAssessmentStore(writable);
    writable.close();
    const db = openDatabase(dbPath, { readonly: true });
    const { streets, refreshWith } = streetRefreshes(db);
    const residents = (db.prepare('SELECT COUNT(*) AS n FROM persons').get() as { n: number }).n;
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
    // On the exact ratio: one rounded up to the target has not met it.
    const targetMet =
      baseline.p50Ms / figures.p50Ms >= TARGET_RATIO && figures.p99Ms <= TARGET_P99_MS;
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
