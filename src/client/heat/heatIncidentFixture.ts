/** Test-only: heat-map incidents of a given age at one fixed "now", for the heat-map tests. */
import type { HeatIncident } from './heatWindows';

export const FIXTURE_NOW_MS = Date.UTC(2026, 10, 27, 12);

/** An incident in the demo grid, reported `ageMs` before FIXTURE_NOW_MS. */
export function heatIncidentAged(id: string, ageMs: number, categoryCode: string): HeatIncident {
  return {
    id,
    lon: 119.3,
    lat: 26.08,
    reportedAtMs: FIXTURE_NOW_MS - ageMs,
    categoryCode,
    gridCode: '350102001001001',
  };
}
