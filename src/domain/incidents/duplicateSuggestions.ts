/**
 * Possible duplicates of a new report: open incidents of the same category close by and recent.
 * Only a suggestion for the dispatcher — two stalls on one corner are sometimes two incidents.
 */
import type { LonLat } from '../registry';
import { isOpenIncident, type Incident } from './incident';
import { groundDistanceM } from '../geo/groundDistance';

/** About a building frontage: GPS error plus "the same pothole seen from across the street". */
export const DUPLICATE_RADIUS_M = 50;
/** Older open reports are more likely a recurrence worth its own case than the same event. */
export const DUPLICATE_WINDOW_MS = 24 * 3_600_000;

export interface DuplicateQuery {
  categoryCode: string;
  location: LonLat;
  reportedAtMs: number;
}

export interface DuplicateOptions {
  radiusM?: number;
  windowMs?: number;
}

export interface DuplicateCandidate {
  incident: Incident;
  distanceM: number;
}

/** Candidates nearest first; equal distances keep the newer report first. */
export function suggestDuplicates(
  report: DuplicateQuery,
  incidents: readonly Incident[],
  options: DuplicateOptions = {},
): DuplicateCandidate[] {
  const radiusM = options.radiusM ?? DUPLICATE_RADIUS_M;
  const windowMs = options.windowMs ?? DUPLICATE_WINDOW_MS;
  const candidates: DuplicateCandidate[] = [];
  for (const incident of incidents) {
    if (incident.categoryCode !== report.categoryCode || !isOpenIncident(incident)) continue;
    if (Math.abs(report.reportedAtMs - incident.reportedAtMs) > windowMs) continue;
    const distanceM = groundDistanceM(report.location, incident.location);
    if (distanceM <= radiusM) candidates.push({ incident, distanceM });
  }
  return candidates.sort(
    (left, right) =>
      left.distanceM - right.distanceM || right.incident.reportedAtMs - left.incident.reportedAtMs,
  );
}
