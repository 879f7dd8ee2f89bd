/** Test-only: one incident as the wall keeps it, reported an hour before NOW_MS in GRID_A. */
import type { WallIncident } from './incidentStore';

export const GRID_A = '350102001001001';
export const NOW_MS = 1_700_000_000_000;
export const HOUR_MS = 3_600_000;

export function wallIncident(id: string, overrides: Partial<WallIncident> = {}): WallIncident {
  return {
    id,
    categoryCode: 'city_appearance',
    priority: 'normal',
    source: 'dispatcher',
    location: { lon: 119.3, lat: 26.08 },
    gridCode: GRID_A,
    description: id,
    state: 'reported',
    department: null,
    assigneeUsername: null,
    reportedAtMs: NOW_MS - HOUR_MS,
    dispatchedAtMs: null,
    dueAtMs: null,
    evaluationScore: null,
    escalations: [],
    ...overrides,
  };
}
