/**
 * The cockpit's statistics for one level of the grid tree inside the caller's scope.
 *
 * The figures come from a CockpitStatsRepository (asynchronous; its reads go out at once): on
 * SQLite the server reads the rollups kept current by every register and incident write
 * (sqliteRollupStats, decision 0027); the GROUP BY adapter over the raw tables
 * (sqliteCockpitStats) answers the same and is the baseline of `npm run bench:stats` and of the
 * rollup tests; on PostgreSQL the GROUP BY runs in SQL (postgresCockpitStats.ts). Each figure is
 * one query; a write may land between two of them, as between two refreshes.
 */
import { windowStartsOf } from './statsWindows';
import { touchesScope, isInScope } from '../../domain/gridCode';
import { DAY_MS, districtDayStartMs, districtYearOf } from '../../domain/districtTime';
import { GRID_LEVELS } from '../../domain/registry';
import { foldAgeBands } from '../../domain/statistics/ageBands';
import { foldMovementMonths, movementWindowOf } from '../../domain/statistics/movementMonths';
import type { WorkerStatus } from '../../domain/tracking/fix';
import {
  AGE_BAND_OPEN_FROM,
  AGE_BAND_YEARS,
  HOTTEST_GRID_COUNT,
  MOVEMENT_MONTHS,
  STATS_WINDOW_DAYS,
  type CockpitStatsResponse,
  type HouseStats,
  type IncidentStats,
  type PeopleStats,
  type WorkerStats,
} from '../../shared/cockpitStats';
import { requireVisible, type Caller } from '../registry/accessErrors';
import type { RegistryRows } from '../registry/registryRepository';
import type { WorkerRecord } from '../tracking/trackingRepository';
import type { PatrolMeasure } from '../assessment/gridPatrolCoverage';
import type { CockpitStatsRepository, StatsArea } from './cockpitStatsRepository';

/** Person tags shown as special groups. */
export const SPECIAL_GROUP_TAGS = [
  'elderly_alone',
  'disabled',
  'key_care',
  'low_income',
  'bedridden',
] as const;

export interface CockpitStatsContext {
  stats: CockpitStatsRepository;
  registry: Pick<RegistryRows, 'findGrid' | 'listGrids'>;
  listWorkers(): WorkerRecord[];
  /** Patrol coverage as the assessment measures it (gridPatrolCoverage.ts). */
  measurePatrol: PatrolMeasure;
  statusOf(workerId: number): WorkerStatus;
  nowMs: number;
}

async function peopleIn(
  stats: CockpitStatsRepository,
  area: StatsArea,
  nowMs: number,
): Promise<PeopleStats> {
  const window = movementWindowOf(nowMs, MOVEMENT_MONTHS);
  const [byCategory, byBirthYear, specialGroups, months] = await Promise.all([
    stats.countPersonsByCategory(area),
    stats.countPersonsByBirthYear(area),
    stats.countPersonsByTag(area, SPECIAL_GROUP_TAGS),
    stats.countMovementsPerMonth(area, window.fromMs, window.toMs),
  ]);
  return {
    total: byCategory.reduce((sum, entry) => sum + entry.count, 0),
    byCategory,
    ageBands: foldAgeBands(byBirthYear, districtYearOf(nowMs), {
      bandYears: AGE_BAND_YEARS,
      openFromAge: AGE_BAND_OPEN_FROM,
    }),
    specialGroups,
    movements: foldMovementMonths(months, nowMs, MOVEMENT_MONTHS),
  };
}

async function housesIn(stats: CockpitStatsRepository, area: StatsArea): Promise<HouseStats> {
  const byBuildingKind = await stats.countUnitsByBuildingKind(area);
  const total = (key: 'buildings' | 'units' | 'occupiedUnits' | 'rentalUnits' | 'vacantUnits') =>
    byBuildingKind.reduce((sum, entry) => sum + entry[key], 0);
  return {
    buildings: total('buildings'),
    units: total('units'),
    occupiedUnits: total('occupiedUnits'),
    rentalUnits: total('rentalUnits'),
    vacantUnits: total('vacantUnits'),
    byBuildingKind,
  };
}

async function incidentsIn(
  stats: CockpitStatsRepository,
  area: StatsArea,
  nowMs: number,
): Promise<IncidentStats> {
  const windows = windowStartsOf(nowMs, STATS_WINDOW_DAYS);
  const fromMs = windows.trendFromMs;
  const [
    [today = 0, week = 0, month = 0],
    closures,
    perDayCounts,
    byCategory,
    byState,
    bySource,
    overdueNow,
    escalations,
    stepDurations,
    hottestGrids,
  ] = await Promise.all([
    stats.countIncidentsSince(area, [windows.todayMs, windows.weekMs, windows.monthMs]),
    stats.countClosures(area, fromMs),
    stats.countIncidentsPerDay(area, fromMs),
    stats.countIncidentsBy(area, 'category', fromMs),
    stats.countIncidentsBy(area, 'state', fromMs),
    stats.countIncidentsBy(area, 'source', fromMs),
    stats.countOverdue(area, nowMs),
    stats.countEscalations(area, fromMs),
    stats.summariseStepWaits(area, fromMs),
    stats.hottestGrids(area, fromMs, HOTTEST_GRID_COUNT),
  ]);
  const perDay = new Map(perDayCounts.map((day) => [day.dayStartMs, day.count]));
  const trend = Array.from({ length: STATS_WINDOW_DAYS }, (_, index) => {
    const dayStartMs = fromMs + index * DAY_MS;
    return { dayStartMs, count: perDay.get(dayStartMs) ?? 0 };
  });
  const closed = closures.onTime + closures.late;
  return {
    reportedToday: today,
    reportedThisWeek: week,
    reportedThisMonth: month,
    byCategory,
    byState,
    bySource,
    onTimeClosed: closures.onTime,
    lateClosed: closures.late,
    onTimeRate: closed === 0 ? null : closures.onTime / closed,
    overdueNow,
    escalations,
    stepDurations,
    trend,
    hottestGrids,
  };
}

/** Workers with a grid under the selection that the caller may see; status from the live hub. */
async function workersIn(
  context: CockpitStatsContext,
  area: StatsArea,
  incidents: IncidentStats,
): Promise<WorkerStats> {
  const selected = context
    .listWorkers()
    .filter((worker) =>
      worker.gridCodes.some(
        (code) =>
          isInScope(code, area.scopes) &&
          (area.gridCode === null || isInScope(code, [area.gridCode])),
      ),
    );
  const statuses = selected.map((worker) => context.statusOf(worker.workerId));
  const baseGrids = context.registry
    .listGrids()
    .filter(
      (grid) =>
        grid.level === GRID_LEVELS.grid &&
        isInScope(grid.code, area.scopes) &&
        (area.gridCode === null || isInScope(grid.code, [area.gridCode])),
    )
    .map((grid) => grid.code);
  const patrol = await context.measurePatrol(
    baseGrids,
    selected,
    districtDayStartMs(context.nowMs),
    context.nowMs,
  );
  const windowTotal = incidents.bySource.reduce((sum, entry) => sum + entry.count, 0);
  const byWorkers = incidents.bySource.find((entry) => entry.code === 'worker')?.count ?? 0;
  const stats: WorkerStats = {
    total: selected.length,
    online: statuses.filter((status) => status === 'online').length,
    idle: statuses.filter((status) => status === 'idle').length,
    sos: statuses.filter((status) => status === 'sos').length,
    workerFoundShare: windowTotal === 0 ? null : byWorkers / windowTotal,
    // Summed pieces can overshoot the total by a hair (as in the assessment): a share stays ≤ 1.
    patrolCoverageToday: patrol.totalM === 0 ? null : Math.min(1, patrol.coveredM / patrol.totalM),
  };
  return stats;
}

/**
 * Figures for `gridCode` (null: the caller's whole scope). A grid that does not exist and one
 * the caller's scope does not touch answer the same 404; a grid that contains the scope counts
 * only the part inside it.
 */
export async function readCockpitStats(
  context: CockpitStatsContext,
  caller: Caller,
  gridCode: string | null,
): Promise<CockpitStatsResponse> {
  if (gridCode !== null) {
    requireVisible(
      context.registry.findGrid(gridCode),
      () => touchesScope(gridCode, caller.scopes),
      'grid',
    );
  }
  const area: StatsArea = { gridCode, scopes: caller.scopes };
  const { nowMs, stats } = context;
  const [people, houses, incidents] = await Promise.all([
    peopleIn(stats, area, nowMs),
    housesIn(stats, area),
    incidentsIn(stats, area, nowMs),
  ]);
  return {
    gridCode,
    nowMs,
    people,
    houses,
    incidents,
    workers: await workersIn(context, area, incidents),
  };
}
