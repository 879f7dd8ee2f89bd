/**
 * Wire types of the cockpit's statistics: figures for one level of the grid tree (district,
 * street, community or base grid) inside the caller's scope. Aggregates only — counts, rates
 * and durations; no names, no ids of people, no phones.
 */
import type { MovementMonth } from '../domain/statistics/movementMonths';
import { API_PREFIX } from './api';

export type { MovementMonth };

export const COCKPIT_STATS_PATH = `${API_PREFIX}/stats`;

/** Incidents of this many days make the trend, the breakdowns and the hottest grids. */
export const STATS_WINDOW_DAYS = 30;
/** Width of an age band of the pyramid. */
export const AGE_BAND_YEARS = 5;
/** Ages from this one up share the last band ("90+"). */
export const AGE_BAND_OPEN_FROM = 90;
/** Months of registrations and departures (the current month last). */
export const MOVEMENT_MONTHS = 12;
/** How many grids the "hottest grids" ranking lists. */
export const HOTTEST_GRID_COUNT = 5;

/** Query of GET /api/stats. */
export interface CockpitStatsQuery {
  /** Any level; left out: the caller's whole scope. */
  gridCode?: string;
}

/** A code (category, state, source, kind, tag) and how many. */
export interface CodeCount {
  code: string;
  count: number;
}

export interface AgeBand {
  /** First age of the band; the last band is open ("90+"). */
  fromAge: number;
  male: number;
  female: number;
}

export interface PeopleStats {
  total: number;
  /** registered (户籍), floating (流动), foreign (境外), lodging (寄住). */
  byCategory: CodeCount[];
  /** Youngest band first; age is the one reached in the district's current year. */
  ageBands: AgeBand[];
  /** Person tags: elderly_alone, disabled, key_care, low_income (低保), bedridden (卧床/失能). */
  specialGroups: CodeCount[];
  /**
   * Registrations into and departures from the register per district month, MOVEMENT_MONTHS
   * entries, oldest first, the current month last (so far). A move between base grids counts
   * as a departure from one and a registration in the other.
   */
  movements: MovementMonth[];
}

export interface BuildingKindStats {
  kind: string;
  buildings: number;
  units: number;
  occupiedUnits: number;
  rentalUnits: number;
  vacantUnits: number;
}

export interface HouseStats {
  buildings: number;
  units: number;
  /** Units with at least one household. */
  occupiedUnits: number;
  /** Units used as rentals or holding a rental or floating household. */
  rentalUnits: number;
  /** Units marked vacant (a unit merely holding no household is not counted). */
  vacantUnits: number;
  byBuildingKind: BuildingKindStats[];
}

export interface StepDuration {
  /** The state the incident waited in. */
  state: string;
  /** How many completed waits the figures are over. */
  samples: number;
  meanMs: number;
  p90Ms: number;
}

export interface HotGrid {
  gridCode: string;
  name: string;
  nameEn: string;
  count: number;
}

export interface IncidentStats {
  reportedToday: number;
  reportedThisWeek: number;
  reportedThisMonth: number;
  /** The breakdowns below are over the last STATS_WINDOW_DAYS days. */
  byCategory: CodeCount[];
  /** Current state of the window's incidents. */
  byState: CodeCount[];
  bySource: CodeCount[];
  /** Fed back before the due time, among the window's incidents whose clock has stopped. */
  onTimeClosed: number;
  lateClosed: number;
  /** onTimeClosed / (onTimeClosed + lateClosed); null when there is none. */
  onTimeRate: number | null;
  /** Running clocks past their due time now (any report date). */
  overdueNow: number;
  /** Escalations that happened in the window. */
  escalations: number;
  /** Time spent in each state by the window's incidents (completed waits only). */
  stepDurations: StepDuration[];
  /** Reports per district day, oldest first, STATS_WINDOW_DAYS entries. */
  trend: Array<{ dayStartMs: number; count: number }>;
  hottestGrids: HotGrid[];
}

export interface WorkerStats {
  total: number;
  /** Live status: online, idle, sos (offline is the rest). */
  online: number;
  idle: number;
  sos: number;
  /** Share of the window's incidents whose source is a worker; null when there is none. */
  workerFoundShare: number | null;
  /**
   * Share of the area's street length its workers' fixes came near since the district day began
   * (the assessment's patrol coverage, for today); null when the area has no streets.
   */
  patrolCoverageToday: number | null;
}

export interface CockpitStatsResponse {
  /** The level the figures are for; null: the caller's whole scope. */
  gridCode: string | null;
  /** The server's clock when computed. */
  nowMs: number;
  people: PeopleStats;
  houses: HouseStats;
  incidents: IncidentStats;
  workers: WorkerStats;
}
