/**
 * The footprint where a plume's ground-level concentration reaches a threshold, as a profile
 * of half-widths along the downwind axis. The edge is solved in closed form at each sampled
 * distance (see `zoneHalfWidthM`), so no concentration field is needed to find it; the ends of
 * the footprint are found by bisection on the axis concentration.
 *
 * Samples are cosine-spaced (dense at both ends, where the edge turns fastest), which also lets
 * a point find its segment in O(1): the profile is the same shape as the polygon drawn from it,
 * so `isInsideZoneProfile` answers exactly what a point-in-polygon test on that polygon does.
 */
import type { PlanarPoint } from '../geo/planarGeometry';
import { zoneHalfWidthM, type PlumeModel } from './plumeModel';

/** Beyond 50 km a district-scale Gaussian model says nothing useful; zones are cut there. */
export const MAX_ZONE_DISTANCE_M = 50_000;
export const DEFAULT_PROFILE_SAMPLES = 256;
const SCAN_START_M = 1;
const SCAN_STEPS = 400;
const BISECTION_STEPS = 60;

export interface ZoneProfile {
  thresholdMgM3: number;
  /** Where the footprint starts (0 for a ground-level release; further out for a stack). */
  nearestM: number;
  /** The footprint's maximum downwind distance. */
  farthestM: number;
  /** True when the footprint reaches MAX_ZONE_DISTANCE_M and was cut there. */
  truncated: boolean;
  downwindM: Float64Array;
  halfWidthM: Float64Array;
}

function bisect(isInside: (distanceM: number) => boolean, insideM: number, outsideM: number) {
  let inside = insideM;
  let outside = outsideM;
  for (let step = 0; step < BISECTION_STEPS; step++) {
    const middle = (inside + outside) / 2;
    if (isInside(middle)) inside = middle;
    else outside = middle;
  }
  return inside;
}

/**
 * The axis concentration of a Briggs plume rises (for a raised source) and then falls with
 * distance, so the footprint on the axis is one interval; a log-spaced scan brackets its ends.
 */
function footprintOnAxis(model: PlumeModel, thresholdMgM3: number) {
  const reaches = (distanceM: number) => model.axisConcentrationMgM3(distanceM) >= thresholdMgM3;
  const growth = Math.pow(MAX_ZONE_DISTANCE_M / SCAN_START_M, 1 / SCAN_STEPS);
  const scanM = Array.from({ length: SCAN_STEPS + 1 }, (_, step) => SCAN_START_M * growth ** step);
  const first = scanM.findIndex(reaches);
  if (first < 0) return null;
  let last = first;
  while (last + 1 < scanM.length && reaches(scanM[last + 1]!)) last++;
  const nearestM = first === 0 ? 0 : bisect(reaches, scanM[first]!, scanM[first - 1]!);
  const truncated = last === scanM.length - 1;
  const farthestM = truncated
    ? MAX_ZONE_DISTANCE_M
    : bisect(reaches, scanM[last]!, scanM[last + 1]!);
  return { nearestM, farthestM, truncated };
}

/** Distance of sample `index` of `intervals` cosine-spaced intervals over [nearest, farthest]. */
const cosineSample = (nearestM: number, spanM: number, index: number, intervals: number) =>
  nearestM + (spanM * (1 - Math.cos((Math.PI * index) / intervals))) / 2;

export function computeZoneProfile(
  model: PlumeModel,
  thresholdMgM3: number,
  sampleCount = DEFAULT_PROFILE_SAMPLES,
): ZoneProfile | null {
  const footprint = footprintOnAxis(model, thresholdMgM3);
  if (footprint === null) return null;
  const { nearestM, farthestM } = footprint;
  const intervals = sampleCount - 1;
  const downwindM = new Float64Array(sampleCount);
  const halfWidthM = new Float64Array(sampleCount);
  for (let index = 0; index < sampleCount; index++) {
    downwindM[index] = cosineSample(nearestM, farthestM - nearestM, index, intervals);
    // The ends lie where the axis concentration equals the threshold: zero width there.
    const isEnd = index === 0 || (index === intervals && !footprint.truncated);
    halfWidthM[index] = isEnd ? 0 : zoneHalfWidthM(model, downwindM[index]!, thresholdMgM3);
  }
  return { thresholdMgM3, ...footprint, downwindM, halfWidthM };
}

export function maxHalfWidthM(profile: ZoneProfile): number {
  return profile.halfWidthM.reduce((widest, value) => Math.max(widest, value), 0);
}

/** Inside the zone's polygon, in the plume frame, in O(1) (inverting the cosine spacing). */
export function isInsideZoneProfile(
  profile: ZoneProfile,
  downwindM: number,
  crosswindM: number,
): boolean {
  const { nearestM, farthestM, downwindM: samples, halfWidthM } = profile;
  if (!(downwindM >= nearestM && downwindM <= farthestM) || farthestM <= nearestM) return false;
  const intervals = samples.length - 1;
  const fraction = (downwindM - nearestM) / (farthestM - nearestM);
  let index = Math.min(
    intervals - 1,
    Math.floor((Math.acos(1 - 2 * fraction) * intervals) / Math.PI),
  );
  // Rounding in acos can land one interval off at a sample; step to the one that holds x.
  if (downwindM < samples[index]! && index > 0) index--;
  else if (downwindM > samples[index + 1]! && index < intervals - 1) index++;
  const startM = samples[index]!;
  const endM = samples[index + 1]!;
  const along = endM > startM ? (downwindM - startM) / (endM - startM) : 0;
  const edgeM = halfWidthM[index]! + (halfWidthM[index + 1]! - halfWidthM[index]!) * along;
  return Math.abs(crosswindM) <= edgeM;
}

/**
 * The outline in the plume frame as a closed counter-clockwise ring: out along the right-hand
 * edge (negative y), back along the left-hand one.
 */
export function zoneProfileRing(profile: ZoneProfile): PlanarPoint[] {
  const { downwindM, halfWidthM } = profile;
  const ring: PlanarPoint[] = [];
  for (let index = 0; index < downwindM.length; index++) {
    ring.push([downwindM[index]!, -halfWidthM[index]!]);
  }
  for (let index = downwindM.length - 1; index >= 0; index--) {
    if (halfWidthM[index]! > 0) ring.push([downwindM[index]!, halfWidthM[index]!]);
  }
  ring.push(ring[0]!);
  return ring;
}
