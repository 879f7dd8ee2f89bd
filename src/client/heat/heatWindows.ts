/**
 * The heatmap's incidents as plain data, its time windows and its filter. The heat is counted
 * by report time: an incident belongs to the window while its report is younger than the
 * window, whatever its state since.
 */
import type { IncidentHeatResponse } from '../../shared/incidentHeat';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const HEAT_WINDOWS = ['1h', '24h', '7d', '30d'] as const;
export type HeatWindow = (typeof HEAT_WINDOWS)[number];

export const HEAT_WINDOW_MS: Readonly<Record<HeatWindow, number>> = {
  '1h': HOUR_MS,
  '24h': DAY_MS,
  '7d': 7 * DAY_MS,
  '30d': 30 * DAY_MS,
};

export interface HeatIncident {
  id: string;
  lon: number;
  lat: number;
  reportedAtMs: number;
  categoryCode: string;
  gridCode: string;
}

export interface HeatFilter {
  window: HeatWindow;
  /** null: every category. */
  categoryCode: string | null;
}

/** The first report time inside the window that ends at `nowMs`. */
export function windowStartMs(window: HeatWindow, nowMs: number): number {
  return nowMs - HEAT_WINDOW_MS[window];
}

export function isInHeatFilter(incident: HeatIncident, filter: HeatFilter, nowMs: number): boolean {
  return (
    incident.reportedAtMs >= windowStartMs(filter.window, nowMs) &&
    incident.reportedAtMs <= nowMs &&
    (filter.categoryCode === null || incident.categoryCode === filter.categoryCode)
  );
}

export function filterHeatIncidents(
  incidents: readonly HeatIncident[],
  filter: HeatFilter,
  nowMs: number,
): HeatIncident[] {
  return incidents.filter((incident) => isInHeatFilter(incident, filter, nowMs));
}

/** The REST answer's compact rows as incidents; rows with an unknown category index are dropped. */
export function heatIncidentsOf(response: IncidentHeatResponse): HeatIncident[] {
  const incidents: HeatIncident[] = [];
  for (const [id, lon, lat, reportedAtMs, categoryIndex, gridCode] of response.rows) {
    const categoryCode = response.categoryCodes[categoryIndex];
    if (categoryCode === undefined) continue;
    incidents.push({ id, lon, lat, reportedAtMs, categoryCode, gridCode });
  }
  return incidents;
}
