/**
 * npm run bench:lookup — a unit's households lookup (unit, households, members, masked mapping:
 * the use case GET /api/units/:id runs) on a district of 1,000,000 residents, timed per call:
 * p50 and p99. Baseline, in the same run: the same code on a copy of the database without the
 * households_unit / persons_household indexes. Target: p99 at most 10 ms. Last line: JSON.
 *
 * BENCH_RESIDENTS (default 1,000,000) and BENCH_ITERATIONS (default 5,000) change the sizes;
 * BENCH_DB=path measures a copy of an existing district database instead of generating one.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSeededRandom } from '../../src/domain/seededRandom';
import type { Caller } from '../../src/server/registry/accessErrors';
import { getUnitDetail } from '../../src/server/registry/unitQueries';
import { dropLookupIndexes } from '../../src/server/store/lookupIndexes';
import { openDatabase } from '../../src/server/store/openDatabase';
import type { RegistryRepository } from '../../src/server/registry/registryRepository';
import { sqliteRegistryRepository } from '../../src/server/store/sqliteRegistry';
import { generateDistrict } from '../district/generateDistrict';
import { percentile } from './percentile';

const RESIDENT_COUNT = Number(process.env.BENCH_RESIDENTS ?? 1_000_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 5_000);
const WARM_UP_ITERATIONS = 200;
/** The unindexed baseline is slow: it stops at whichever comes first. */
const BASELINE_MAX_ITERATIONS = 200;
const BASELINE_MAX_MS = 30_000;
const SAMPLE_UNIT_COUNT = 1_000;
const MAX_SAMPLE_DRAWS = 100_000;
const TARGET_P99_MS = 10;
const SEED = 1_000_000;
const PERCENTILE_50 = 0.5;
const PERCENTILE_99 = 0.99;

interface Figures {
  iterations: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  /** CPU time of this process per lookup: what the lookup costs when the machine is busy with others. */
  cpuP50Ms: number;
  cpuP99Ms: number;
}

const MICROSECONDS_PER_MS = 1000;

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / MICROSECONDS_PER_MS;
}

function round(valueMs: number): number {
  return Math.round(valueMs * 1000) / 1000;
}

function summarise(durationsMs: number[], cpuDurationsMs: number[]): Figures {
  const sorted = [...durationsMs].sort((left, right) => left - right);
  const cpuSorted = [...cpuDurationsMs].sort((left, right) => left - right);
  return {
    iterations: sorted.length,
    p50Ms: round(percentile(sorted, PERCENTILE_50)),
    p99Ms: round(percentile(sorted, PERCENTILE_99)),
    meanMs: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
    maxMs: round(sorted[sorted.length - 1]!),
    cpuP50Ms: round(percentile(cpuSorted, PERCENTILE_50)),
    cpuP99Ms: round(percentile(cpuSorted, PERCENTILE_99)),
  };
}

/** Times `lookup` over the sample, cycling through it, until either limit is reached. */
async function timeLookups(
  lookup: (unitId: number) => Promise<unknown>,
  unitIds: readonly number[],
  maxIterations: number,
  maxMs: number,
): Promise<Figures> {
  const durationsMs: number[] = [];
  const cpuDurationsMs: number[] = [];
  const startedMs = performance.now();
  for (
    let iteration = 0;
    iteration < maxIterations && performance.now() - startedMs < maxMs;
    iteration++
  ) {
    const unitId = unitIds[iteration % unitIds.length]!;
    const beforeCpuMs = cpuMs();
    const beforeMs = performance.now();
    await lookup(unitId);
    durationsMs.push(performance.now() - beforeMs);
    cpuDurationsMs.push(cpuMs() - beforeCpuMs);
  }
  return summarise(durationsMs, cpuDurationsMs);
}

/** Occupied units drawn at random (the lookup a click on a lit window makes), untimed. */
async function sampleOccupiedUnits(
  registry: Pick<RegistryRepository, 'listUnitsOfBuilding'>,
  lookup: (unitId: number) => Promise<{ householdCount: number }>,
  buildingCount: number,
): Promise<number[]> {
  const random = createSeededRandom(SEED);
  const unitIds: number[] = [];
  for (let draw = 0; draw < MAX_SAMPLE_DRAWS && unitIds.length < SAMPLE_UNIT_COUNT; draw++) {
    const units = await registry.listUnitsOfBuilding(random.int(1, buildingCount));
    if (units.length === 0) continue;
    const unitId = random.pick(units).id;
    if ((await lookup(unitId)).householdCount > 0) unitIds.push(unitId);
  }
  if (unitIds.length === 0) throw new Error('no occupied unit found');
  return unitIds;
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'gcc-bench-lookup-'));
  try {
    const dbPath = join(workDir, 'district.sqlite');
    const baselinePath = join(workDir, 'baseline.sqlite');
    if (process.env.BENCH_DB !== undefined) {
      console.log(`copying ${process.env.BENCH_DB} …`);
      copyFileSync(process.env.BENCH_DB, dbPath);
    } else {
      console.log(`generating a district with ${RESIDENT_COUNT.toLocaleString('en')} residents …`);
      const generated = generateDistrict(dbPath, { seed: SEED, residentCount: RESIDENT_COUNT });
      console.log(`  done in ${Math.round(generated.elapsedMs / 1000)} s`);
    }
    copyFileSync(dbPath, baselinePath);
    dropLookupIndexes(baselinePath);

    const db = openDatabase(dbPath, { readonly: true });
    const baselineDb = openDatabase(baselinePath, { readonly: true });
    const registry = sqliteRegistryRepository(db);
    const baselineRegistry = sqliteRegistryRepository(baselineDb);
    const districtCode = (await registry.readMeta()).district_code ?? '';
    const caller: Caller = { username: 'bench', role: 'admin', scopes: [districtCode] };
    const today = new Date();
    const lookup = (unitId: number) => getUnitDetail(registry, caller, unitId, today);
    const baselineLookup = (unitId: number) =>
      getUnitDetail(baselineRegistry, caller, unitId, today);

    const district = await registry.countInGrid(districtCode, [districtCode]);
    console.log(
      `  ${district.buildingCount} buildings, ${district.unitCount} units, ` +
        `${district.householdCount} households, ${district.residentCount} residents`,
    );
    const unitIds = await sampleOccupiedUnits(registry, lookup, district.buildingCount);
    await timeLookups(lookup, unitIds, WARM_UP_ITERATIONS, Number.POSITIVE_INFINITY);
    const figures = await timeLookups(lookup, unitIds, ITERATIONS, Number.POSITIVE_INFINITY);
    const baseline = await timeLookups(
      baselineLookup,
      unitIds,
      BASELINE_MAX_ITERATIONS,
      BASELINE_MAX_MS,
    );
    db.close();
    baselineDb.close();

    const ratio = Math.round((baseline.p99Ms / figures.p99Ms) * 10) / 10;
    const ratioP50 = Math.round((baseline.p50Ms / figures.p50Ms) * 10) / 10;
    const targetMet = figures.p99Ms <= TARGET_P99_MS;
    const describe = (name: string, measured: Figures) =>
      `${name}: p50 ${measured.p50Ms} ms, p99 ${measured.p99Ms} ms (CPU p99 ${measured.cpuP99Ms} ms) over ${measured.iterations} lookups`;
    console.log(describe('indexed  ', figures));
    console.log(describe('unindexed', baseline));
    console.log(
      `load average while measuring: ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs`,
    );
    console.log(
      `p99 ${ratio}x better than the unindexed baseline; target p99 <= ${TARGET_P99_MS} ms ${targetMet ? 'met' : 'MISSED'}`,
    );
    console.log(
      JSON.stringify({
        bench: 'lookup',
        residents: district.residentCount,
        units: district.unitCount,
        households: district.householdCount,
        figures,
        baseline: { ...baseline, variant: 'no households_unit / persons_household indexes' },
        ratio,
        ratioP50,
        loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
        targetP99Ms: TARGET_P99_MS,
        targetMet,
      }),
    );
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
