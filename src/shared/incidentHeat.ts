/**
 * Wire types of the incident heatmap: a compact, column-light answer the wall can
 * load for a 30-day window in one request, and the register's residents per building for the
 * per-1,000-residents rate. Aggregates and places only — no descriptions, no people.
 */
import { INCIDENTS_API_PATH } from './incidents';

export const INCIDENT_HEAT_PATH = `${INCIDENTS_API_PATH}/heat`;
export const INCIDENT_HEAT_RESIDENTS_PATH = `${INCIDENTS_API_PATH}/heat/residents`;

/** The longest window the heatmap offers (30 days); older reports are never asked for. */
export const MAX_HEAT_WINDOW_MS = 30 * 24 * 3_600_000;
/** A screen's clock may run this far behind the server's; a 30-day window asked for with it still passes. */
export const HEAT_CLOCK_SKEW_ALLOWANCE_MS = 10 * 60_000;
/** One answer holds at most this many incidents (newest kept); `truncated` says when cut. */
export const MAX_HEAT_ROWS = 200_000;

/** Query of GET /api/incidents/heat. */
export interface IncidentHeatQuery {
  /** Reported at or after (epoch ms); at most MAX_HEAT_WINDOW_MS before the server's now. */
  fromMs: number;
  categoryCode?: string;
}

/**
 * One incident: [id, lon, lat, reportedAtMs, categoryIndex, gridCode]. `categoryIndex` points
 * into the answer's `categoryCodes`.
 */
export type IncidentHeatRow = [string, number, number, number, number, string];

export interface IncidentHeatResponse {
  categoryCodes: string[];
  /** Oldest report first. */
  rows: IncidentHeatRow[];
  /** The server's clock when read: windows are measured back from it. */
  nowMs: number;
  /** True when more than MAX_HEAT_ROWS matched and the oldest were left out. */
  truncated: boolean;
}

/** One building with residents: [lon, lat, residents]. */
export type ResidentPoint = [number, number, number];

export interface HeatResidentsResponse {
  /** Buildings inside the caller's scope that have at least one registered resident. */
  points: ResidentPoint[];
  residentTotal: number;
}
