/**
 * What the cockpit's statistics need from the store, by interface (adapters: the SQLite rollups,
 * store/sqliteRollupStatsStore.ts, and GROUP BY, store/sqliteCockpitStatsStore.ts; PostgreSQL,
 * store/pg/postgresCockpitStats.ts; asynchronous, docs/decisions/0040-postgresql.md). Every read is
 * limited to `area`: under its grid code (null: anywhere) and under one of its scopes. Each answer
 * is an aggregate.
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
  countPersonsByCategory(area: StatsArea): Promise<CodeCount[]>;
  countPersonsByBirthYear(area: StatsArea): Promise<BirthYearCount[]>;
  /** Persons carrying each of `tags` (one entry per tag, zero included). */
  countPersonsByTag(area: StatsArea, tags: readonly string[]): Promise<CodeCount[]>;
  countUnitsByBuildingKind(area: StatsArea): Promise<BuildingKindStats[]>;
  /**
   * Registrations and departures per district calendar month in [fromMs, toMs) (month starts),
   * months and kinds without any left out, by month then kind.
   */
  countMovementsPerMonth(area: StatsArea, fromMs: number, toMs: number): Promise<MovementCount[]>;

  /** Incidents reported at or after each instant (one count per instant, same order). */
  countIncidentsSince(area: StatsArea, sinceMs: readonly number[]): Promise<number[]>;
  countIncidentsBy(
    area: StatsArea,
    column: 'category' | 'state' | 'source',
    fromMs: number,
  ): Promise<CodeCount[]>;
  /** Of incidents reported since `fromMs` whose handling clock has stopped. */
  countClosures(area: StatsArea, fromMs: number): Promise<ClosureCounts>;
  countOverdue(area: StatsArea, nowMs: number): Promise<number>;
  countEscalations(area: StatsArea, fromMs: number): Promise<number>;
  /**
   * Completed waits in each state of incidents reported since `fromMs`, summarised per state
   * (summariseWaitsByState in src/domain/statistics: samples, mean, nearest-rank p90), in state
   * order.
   */
  summariseStepWaits(area: StatsArea, fromMs: number): Promise<StepDuration[]>;
  /** Reports per district day since `fromMs` (a day start: epoch ms), days without any left out. */
  countIncidentsPerDay(
    area: StatsArea,
    fromMs: number,
  ): Promise<Array<{ dayStartMs: number; count: number }>>;
  hottestGrids(area: StatsArea, fromMs: number, limit: number): Promise<HotGrid[]>;
}
