/**
 * Use cases of the heatmap: the incidents of a time window and the residents per
 * building, both limited to the caller's scopes like every read. Storage is behind
 * IncidentHeatRepository (adapters: store/sqliteIncidentHeatStore.ts and
 * store/pg/postgresIncidentHeat.ts, checked by incidentHeatRepository.contract.test.ts).
 */
import { INCIDENT_CATEGORIES } from '../../domain/incidents/incidentCategories';
import {
  HEAT_CLOCK_SKEW_ALLOWANCE_MS,
  MAX_HEAT_ROWS,
  MAX_HEAT_WINDOW_MS,
  type HeatResidentsResponse,
  type IncidentHeatQuery,
  type IncidentHeatResponse,
  type IncidentHeatRow,
  type ResidentPoint,
} from '../../shared/incidentHeat';
import type { Caller } from '../registry/accessErrors';

/** A 400 the HTTP error handler passes through with its message. */
export class HeatQueryError extends Error {
  readonly statusCode = 400;
}

export interface HeatIncidentRecord {
  id: string;
  lon: number;
  lat: number;
  reportedAtMs: number;
  categoryCode: string;
  gridCode: string;
}

export interface HeatIncidentFilter {
  /** Grid-code prefixes; an empty list matches nothing. */
  scopes: readonly string[];
  fromMs: number;
  toMs: number;
  categoryCode?: string;
  /** Newest `limit` rows are returned. */
  limit: number;
}

export interface IncidentHeatRepository {
  /** Oldest report first. */
  listHeatIncidents(filter: HeatIncidentFilter): Promise<HeatIncidentRecord[]>;
  /** Per building with residents: its origin and how many live there, by building id. */
  listResidentPoints(scopes: readonly string[]): Promise<ResidentPoint[]>;
}

/** Category order of the answer: the domain's, so an index means the same on every screen. */
export const HEAT_CATEGORY_CODES: readonly string[] = INCIDENT_CATEGORIES.map(
  (category) => category.code,
);

export async function readIncidentHeat(
  repository: IncidentHeatRepository,
  caller: Caller,
  query: IncidentHeatQuery,
  nowMs: number,
): Promise<IncidentHeatResponse> {
  if (query.fromMs < nowMs - MAX_HEAT_WINDOW_MS - HEAT_CLOCK_SKEW_ALLOWANCE_MS) {
    throw new HeatQueryError('fromMs reaches back further than the longest heat window (30 days)');
  }
  if (query.categoryCode !== undefined && !HEAT_CATEGORY_CODES.includes(query.categoryCode)) {
    throw new HeatQueryError(`unknown incident category ${query.categoryCode}`);
  }
  const records = await repository.listHeatIncidents({
    scopes: caller.scopes,
    fromMs: query.fromMs,
    toMs: nowMs + 1,
    categoryCode: query.categoryCode,
    limit: MAX_HEAT_ROWS + 1,
  });
  const truncated = records.length > MAX_HEAT_ROWS;
  const kept = truncated ? records.slice(records.length - MAX_HEAT_ROWS) : records;
  const rows = kept.map((record): IncidentHeatRow => [
    record.id,
    record.lon,
    record.lat,
    record.reportedAtMs,
    HEAT_CATEGORY_CODES.indexOf(record.categoryCode),
    record.gridCode,
  ]);
  return { categoryCodes: [...HEAT_CATEGORY_CODES], rows, nowMs, truncated };
}

export async function readHeatResidents(
  repository: IncidentHeatRepository,
  caller: Caller,
): Promise<HeatResidentsResponse> {
  const points = await repository.listResidentPoints(caller.scopes);
  const residentTotal = points.reduce((sum, [, , residents]) => sum + residents, 0);
  return { points, residentTotal };
}
