/**
 * Pasquill–Gifford stability class from wind, cloud and the sun, by Turner's key.
 *
 * Source: D. B. Turner (1964), "A diffusion model for an urban area", J. Appl. Meteorol. 3,
 * 83–91, as restated in U.S. EPA (2000), Meteorological Monitoring Guidance for Regulatory
 * Modeling Applications, EPA-454/R-99-005, §6.4.4.1 (the insolation classes and the key of
 * stability class by wind speed in knots and net radiation index).
 */
import { STABILITY_CLASSES, type StabilityClass } from './dispersionCoefficients';
import { solarAltitudeDeg } from './solarAltitude';

const METRES_PER_SECOND_PER_KNOT = 0.514444;
/** 7,000 ft and 16,000 ft: Turner's ceiling bounds. */
const LOW_CEILING_M = 2134;
const HIGH_CEILING_M = 4877;
const HOUR_MS = 3_600_000;
const OVERCAST_TENTHS = 10;
const NIGHT_CLEAR_MAX_TENTHS = 4;
const DAY_CLEAR_MAX_TENTHS = 5;

export interface StabilityConditions {
  windMs: number;
  /** Total cloud cover in tenths (成), 0 to 10. */
  cloudCoverTenths: number;
  /**
   * Cloud ceiling in metres. Unknown counts as low (under 7,000 ft): by day that leans to the
   * more stable class, which draws the longer zone.
   */
  ceilingM?: number;
  atMs: number;
  lonDeg: number;
  latDeg: number;
}

/** Insolation class number by solar altitude: > 60° strong 4, > 35° 3, > 15° 2, else 1. */
function insolationClass(altitudeDeg: number): number {
  if (altitudeDeg > 60) return 4;
  if (altitudeDeg > 35) return 3;
  if (altitudeDeg > 15) return 2;
  return 1;
}

/** Turner's night runs from one hour before sunset to one hour after sunrise. */
function isTurnerNight({ atMs, lonDeg, latDeg }: StabilityConditions): boolean {
  return (
    solarAltitudeDeg(atMs - HOUR_MS, lonDeg, latDeg) <= 0 ||
    solarAltitudeDeg(atMs + HOUR_MS, lonDeg, latDeg) <= 0
  );
}

/** Net radiation index, −2 (clear night) to 4 (strong sun). */
export function netRadiationIndex(conditions: StabilityConditions): number {
  const { cloudCoverTenths } = conditions;
  const ceilingM = conditions.ceilingM ?? 0;
  if (cloudCoverTenths >= OVERCAST_TENTHS && ceilingM < LOW_CEILING_M) return 0;
  if (isTurnerNight(conditions)) return cloudCoverTenths <= NIGHT_CLEAR_MAX_TENTHS ? -2 : -1;
  const insolation = insolationClass(
    solarAltitudeDeg(conditions.atMs, conditions.lonDeg, conditions.latDeg),
  );
  if (cloudCoverTenths <= DAY_CLEAR_MAX_TENTHS) return insolation;
  let reduction = 0;
  if (ceilingM < LOW_CEILING_M) reduction = 2;
  else if (ceilingM < HIGH_CEILING_M || cloudCoverTenths >= OVERCAST_TENTHS) reduction = 1;
  return Math.max(1, insolation - reduction);
}

/**
 * Turner's key: one row per wind band (upper bound in knots), columns for net radiation index
 * 4, 3, 2, 1, 0, −1, −2; 1 is class A … 6 class F, 7 the extremely stable G.
 */
// prettier-ignore
const TURNER_KEY: readonly (readonly [maxKnots: number, classes: readonly number[]])[] = [
  [1, [1, 1, 2, 3, 4, 6, 7]],
  [3, [1, 2, 2, 3, 4, 6, 7]],
  [5, [1, 2, 3, 4, 4, 5, 6]],
  [6, [2, 2, 3, 4, 4, 5, 6]],
  [7, [2, 2, 3, 4, 4, 4, 5]],
  [9, [2, 3, 3, 4, 4, 4, 5]],
  [10, [3, 3, 4, 4, 4, 4, 5]],
  [11, [3, 3, 4, 4, 4, 4, 4]],
  [Infinity, [3, 4, 4, 4, 4, 4, 4]],
];
const HIGHEST_INDEX = 4;

/** The class for a wind (m/s, rounded to whole knots) and a net radiation index. */
export function turnerClass(windMs: number, radiationIndex: number): StabilityClass {
  const knots = Math.round(windMs / METRES_PER_SECOND_PER_KNOT);
  const [, classes] = TURNER_KEY.find(([maxKnots]) => knots <= maxKnots)!;
  const classNumber = classes[HIGHEST_INDEX - radiationIndex]!;
  // The Briggs curves stop at F, so Turner's G is modelled as F.
  return STABILITY_CLASSES[Math.min(classNumber, STABILITY_CLASSES.length) - 1]!;
}

export function deriveStabilityClass(conditions: StabilityConditions): StabilityClass {
  return turnerClass(conditions.windMs, netRadiationIndex(conditions));
}
