/**
 * What the cockpit's statistics need from the store, by interface (SQLite adapter:
 * src/server/store/sqliteCockpitStatsStore.ts). Every read is limited to `area`: under its grid
 * code (null: anywhere) and under one of its scopes. Each answer is an aggregate.
 */
import type { BirthYearCount } from '../../domain/statistics/ageBands';
import type { MovementCount } from '../../domain/statistics/movementMonths';
import type {
  BuildingKindStats,
  CodeCount,
  HotGrid,
  StepDuration,
} from '../../shared/cockpitStats';

export interface StatsArea {
  gridCode: string | null;
  /** Grid-code prefixes; an empty list matches nothing. */
  scopes: readonly string[];
}

export interface ClosureCounts {
  onTime: number;
  late: number;
}

export interface CockpitStatsRepository {
  /** Persons by register category (registered, floating, foreign, lodging). */
  countPersonsByCategory(area: StatsArea): CodeCount[];
  countPersonsByBirthYear(area: StatsArea): BirthYearCount[];
  /** Persons carrying each of `tags` (one entry per tag, zero included). */
  countPersonsByTag(area: StatsArea, tags: readonly string[]): CodeCount[];
  countUnitsByBuildingKind(area: StatsArea): BuildingKindStats[];
  /**
   * Registrations and departures per district calendar month in [fromMs, toMs) (month starts),
   * months and kinds without any left out, by month then kind.
   */
  countMovementsPerMonth(area: StatsArea, fromMs: number, toMs: number): MovementCount[];

  /** Incidents reported at or after each instant (one count per instant, same order). */
  countIncidentsSince(area: StatsArea, sinceMs: readonly number[]): number[];
  countIncidentsBy(
    area: StatsArea,
    column: 'category' | 'state' | 'source',
    fromMs: number,
  ): CodeCount[];
  /** Of incidents reported since `fromMs` whose handling clock has stopped. */
  countClosures(area: StatsArea, fromMs: number): ClosureCounts;
  countOverdue(area: StatsArea, nowMs: number): number;
  countEscalations(area: StatsArea, fromMs: number): number;
  /**
   * Completed waits in each state of incidents reported since `fromMs`, summarised per state
   * (summariseWaitsByState in src/domain/statistics: samples, mean, nearest-rank p90), in state
   * order.
   */
  summariseStepWaits(area: StatsArea, fromMs: number): StepDuration[];
  /** Reports per district day since `fromMs` (a day start: epoch ms), days without any left out. */
  countIncidentsPerDay(
    area: StatsArea,
    fromMs: number,
  ): Array<{ dayStartMs: number; count: number }>;
  hottestGrids(area: StatsArea, fromMs: number, limit: number): HotGrid[];
}
