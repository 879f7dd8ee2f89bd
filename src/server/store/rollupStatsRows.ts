/**
 * What the two rollup readers (sqliteRollupStatsStore.ts, pg/postgresRollupStats.ts) share: the
 * windows the rollups can answer, and the figures made from their summed rows. No SQL here: each
 * engine reads its own tables; the rows they hand over have the same shape.
 */
import { districtDayStartMs, districtMonthStartMs } from '../../domain/districtTime';
import { gridLevelOf, isGridCode, subtreesInScope } from '../../domain/gridCode';
import type { BirthYearCount } from '../../domain/statistics/ageBands';
import { nearestRank } from '../../domain/statistics/percentile';
import { meanWaitMs, STEP_DURATION_PERCENTILE } from '../../domain/statistics/stepDurations';
import type { BuildingKindStats, CodeCount, StepDuration } from '../../shared/cockpitStats';
import type { StatsArea } from '../cockpit/cockpitStatsRepository';

export type RollupRow = Record<string, unknown>;

/** The register rollup's dims of houses, in the order countUnitsByBuildingKind asks for them. */
export const HOUSE_DIMS = ['buildings', 'units', 'occupied', 'rental', 'vacant'] as const;
const HOUSE_FIELDS = {
  buildings: 'buildings',
  units: 'units',
  occupied: 'occupiedUnits',
  rental: 'rentalUnits',
  vacant: 'vacantUnits',
} as const;

/** Rows of `code` and its summed `total`. */
export function codeCounts(rows: readonly RollupRow[]): CodeCount[] {
  return rows.map((row) => ({ code: String(row.code), count: Number(row.total) }));
}

/** The movement rollup counts whole district months: its windows start and end at one. */
export function requireMonthStart(timeMs: number): number {
  if (districtMonthStartMs(timeMs) !== timeMs) {
    throw new RangeError(`movement windows start at a district month, got ${timeMs}`);
  }
  return timeMs;
}

/** The rollups count whole district days: a window must start at one. */
export function requireDayStart(fromMs: number): number {
  if (districtDayStartMs(fromMs) !== fromMs) {
    throw new RangeError(`rollup windows start at a district day, got ${fromMs}`);
  }
  return fromMs;
}

/** Birth rows (code 'year:sex', total) as the age pyramid's counts. */
export function birthYearCounts(rows: readonly RollupRow[]): BirthYearCount[] {
  return rows.map((row) => {
    const [birthYear, sex] = String(row.code).split(':');
    return { birthYear: Number(birthYear), sex: sex === 'F' ? 'F' : 'M', count: Number(row.total) };
  });
}

/** The requested tags in their order, from the tag rows (0 where a tag has none). */
export function tagCounts(rows: readonly RollupRow[], tags: readonly string[]): CodeCount[] {
  const counts = new Map(codeCounts(rows).map((entry) => [entry.code, entry.count]));
  return tags.map((code) => ({ code, count: counts.get(code) ?? 0 }));
}

/** Rows of (dim, code = building kind, total) as one entry per kind, as the GROUP BY answers. */
export function buildingKindStats(rows: readonly RollupRow[]): BuildingKindStats[] {
  const byKind = new Map<string, BuildingKindStats>();
  for (const row of rows) {
    const kind = String(row.code);
    const entry = byKind.get(kind) ?? {
      kind,
      buildings: 0,
      units: 0,
      occupiedUnits: 0,
      rentalUnits: 0,
      vacantUnits: 0,
    };
    entry[HOUSE_FIELDS[row.dim as (typeof HOUSE_DIMS)[number]]] += Number(row.total);
    byKind.set(kind, entry);
  }
  // A kind is listed while a building of it is in the area, as the GROUP BY over buildings does.
  return [...byKind.values()]
    .filter((entry) => entry.buildings > 0)
    .sort((left, right) => right.units - left.units || compareCodes(left.kind, right.kind));
}

/** Reports since each start, from the reports per day (all days from the earliest start). */
export function countsSince(
  days: ReadonlyArray<{ dayStartMs: number; count: number }>,
  sinceMs: readonly number[],
): number[] {
  return sinceMs.map((fromMs) =>
    days.reduce((sum, day) => (day.dayStartMs >= fromMs ? sum + day.count : sum), 0),
  );
}

export interface WaitBucket {
  bucket: number;
  samples: number;
  totalMs: number;
}

/** Rows of (state, bucket, samples, total_ms) in bucket order, per state. */
export function waitBucketsByState(rows: readonly RollupRow[]): Map<string, WaitBucket[]> {
  const buckets = new Map<string, WaitBucket[]>();
  for (const row of rows) {
    const state = String(row.state);
    const entries = buckets.get(state) ?? [];
    entries.push({
      bucket: Number(row.bucket),
      samples: Number(row.samples),
      totalMs: Number(row.total_ms),
    });
    buckets.set(state, entries);
  }
  return buckets;
}

/**
 * Where the 1-based `rank` falls: its bucket, and how to read that bucket's waits to reach it —
 * `offset` waits skipped in ascending order, or, when the rank lies in the bucket's upper half,
 * in descending order from the top (the same wait; the read keeps the fewer waits in its sort).
 */
export function bucketOfRank(
  entries: readonly WaitBucket[],
  rank: number,
): { bucket: number; descending: boolean; offset: number } | null {
  let before = 0;
  for (const entry of entries) {
    if (before + entry.samples >= rank) {
      const fromBottom = rank - before - 1;
      const fromTop = entry.samples - 1 - fromBottom;
      return fromTop < fromBottom
        ? { bucket: entry.bucket, descending: true, offset: fromTop }
        : { bucket: entry.bucket, descending: false, offset: fromBottom };
    }
    before += entry.samples;
  }
  return null;
}

/** A state's samples, mean and the rank of its p90 (null when the state has no samples). */
export function waitSummaryOf(
  state: string,
  entries: readonly WaitBucket[],
): (Omit<StepDuration, 'p90Ms'> & { rank: number }) | null {
  const samples = entries.reduce((sum, entry) => sum + entry.samples, 0);
  if (samples === 0) return null;
  const totalMs = entries.reduce((sum, entry) => sum + entry.totalMs, 0);
  return {
    state,
    samples,
    meanMs: meanWaitMs(totalMs, samples),
    rank: nearestRank(samples, STEP_DURATION_PERCENTILE),
  };
}

/** SQLite's BINARY order for the ASCII codes the register uses. */
function compareCodes(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The area's roots, the level codes its rollup keys are kept for; validated, since they name
 * rollup keys (scopes come from the users table, codes from validated input).
 */
export function rootsOf(area: StatsArea): string[] {
  const roots = subtreesInScope(area.gridCode, area.scopes);
  for (const root of roots) {
    if (!isGridCode(root)) throw new Error(`not a grid code: ${JSON.stringify(root)}`);
  }
  return roots;
}

/**
 * The roots when every one is a whole district (a district's or a city's leader), else null:
 * such an area's step waits are read by district code rather than grid by grid.
 */
export function districtRoots(roots: readonly string[]): string[] | null {
  return roots.length > 0 && roots.every((root) => gridLevelOf(root) === 1) ? [...roots] : null;
}
