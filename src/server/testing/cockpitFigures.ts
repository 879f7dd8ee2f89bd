/**
 * Every figure of CockpitStatsRepository for one area, as the cockpit asks for them, and the
 * areas worth asking (each level, two scopes, a district seen from a scope, no scope): what the
 * cockpit contract suites compare between adapters. Test support only.
 */
import { movementWindowOf } from '../../domain/statistics/movementMonths';
import { MOVEMENT_MONTHS, STATS_WINDOW_DAYS } from '../../shared/cockpitStats';
import { SPECIAL_GROUP_TAGS } from '../cockpit/cockpitStatsQueries';
import type { CockpitStatsRepository, StatsArea } from '../cockpit/cockpitStatsRepository';
import { windowStartsOf } from '../cockpit/statsWindows';

const HOTTEST = 5;

/** Labelled areas over a district's base grid codes (sorted). */
export function cockpitAreasOf(baseGrids: readonly string[]): Array<[string, StatsArea]> {
  const districtCode = baseGrids[0]!.slice(0, 6);
  const street = baseGrids[0]!.slice(0, 9);
  const community = baseGrids.at(-1)!.slice(0, 12);
  return [
    ['the district', { gridCode: null, scopes: [districtCode] }],
    ['a street', { gridCode: street, scopes: [districtCode] }],
    ['a community', { gridCode: community, scopes: [districtCode] }],
    ['a base grid', { gridCode: baseGrids[0]!, scopes: [districtCode] }],
    ['two scopes', { gridCode: null, scopes: [street, baseGrids.at(-1)!] }],
    ['a district seen from a scope', { gridCode: districtCode, scopes: [community] }],
    ['no scope', { gridCode: null, scopes: [] }],
  ];
}

/** Every figure of the interface for one area at `nowMs`. */
export async function cockpitFiguresOf(
  stats: CockpitStatsRepository,
  area: StatsArea,
  nowMs: number,
) {
  const windows = windowStartsOf(nowMs, STATS_WINDOW_DAYS);
  const fromMs = windows.trendFromMs;
  const movementWindow = movementWindowOf(nowMs, MOVEMENT_MONTHS);
  const byYear = await stats.countPersonsByBirthYear(area);
  return {
    byCategory: await stats.countPersonsByCategory(area),
    byBirthYear: [...byYear].sort(
      (a, b) => a.birthYear - b.birthYear || a.sex.localeCompare(b.sex),
    ),
    byTag: await stats.countPersonsByTag(area, SPECIAL_GROUP_TAGS),
    units: await stats.countUnitsByBuildingKind(area),
    movements: await stats.countMovementsPerMonth(area, movementWindow.fromMs, movementWindow.toMs),
    since: await stats.countIncidentsSince(area, [
      windows.todayMs,
      windows.weekMs,
      windows.monthMs,
    ]),
    byCategoryOfIncidents: await stats.countIncidentsBy(area, 'category', fromMs),
    byState: await stats.countIncidentsBy(area, 'state', fromMs),
    bySource: await stats.countIncidentsBy(area, 'source', fromMs),
    closures: await stats.countClosures(area, fromMs),
    overdue: await stats.countOverdue(area, nowMs),
    escalations: await stats.countEscalations(area, fromMs),
    waits: await stats.summariseStepWaits(area, fromMs),
    perDay: await stats.countIncidentsPerDay(area, fromMs),
    hottest: await stats.hottestGrids(area, fromMs, HOTTEST),
  };
}
