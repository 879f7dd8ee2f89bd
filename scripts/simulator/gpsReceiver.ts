/**
 * A phone's GPS receiver: turns the true position into a fix with the error a phone shows in a
 * city. The reported accuracy (68 % radius) wanders between 3 and 25 m; the error is drawn
 * consistent with it (a 2-D Gaussian whose 68 % circle is the accuracy) and is correlated in time
 * like real receiver error, so a trail drifts rather than zig-zags. Now and then a fix is bad
 * (multipath, a cell-tower fallback) and says so with a large accuracy. Speed and heading come
 * from the walk with a little noise, and some fixes carry none.
 */
import { toLonLat } from '../../src/domain/geo/localFrame';
import type { SeededRandom } from '../../src/domain/seededRandom';
import type { DeviceFix } from '../../src/shared/trackingEvents';
import type { WalkState } from './patrolWalk';
import type { LocalPoint } from '../../src/domain/geo/streetGraph';
import type { StreetGraph } from './streetGraph';

export const ACCURACY_RANGE_M = { min: 3, max: 25 } as const;
/** Typical open-street accuracy the receiver hovers around. */
const TYPICAL_ACCURACY_M = 8;
/** While standing at a doorstep the sky view is steady: accuracy stays at or below this. */
const STANDING_MAX_ACCURACY_M = 10;
export const BAD_FIX_ACCURACY_M = { min: 60, max: 400 } as const;
/** Radius of the 68 % circle of a 2-D Gaussian, in units of its per-axis sigma: √(−2 ln 0.32). */
export const SIGMA_PER_ACCURACY = 1 / Math.sqrt(-2 * Math.log(0.32));
/** How long receiver error and accuracy take to decorrelate. */
const ERROR_CORRELATION_MS = 15_000;
const ACCURACY_CORRELATION_MS = 60_000;
/** Spread of log-accuracy around the typical value. */
const LOG_ACCURACY_SPREAD = 0.45;
const SPEED_NOISE_MPS = 0.15;
const HEADING_NOISE_DEG = 8;

export interface GpsOptions {
  /** Share of fixes that are bad (large error, honestly large accuracy). */
  badFixShare: number;
  /** Share of moving fixes without speed and heading. */
  missingMotionShare: number;
}

export const DEFAULT_GPS_OPTIONS: GpsOptions = { badFixShare: 0.003, missingMotionShare: 0.1 };

/** A generated fix and where the worker really was (for tests and checks). */
export interface ReceivedFix {
  fix: DeviceFix;
  truth: LocalPoint;
  bad: boolean;
}

/** Standard normal from two uniforms (Box–Muller). */
export function gaussian(random: SeededRandom): number {
  const uniform = 1 - random.next();
  return Math.sqrt(-2 * Math.log(uniform)) * Math.cos(2 * Math.PI * random.next());
}

export class GpsReceiver {
  private logAccuracy = Math.log(TYPICAL_ACCURACY_M);
  private errorEastSigmas = 0;
  private errorNorthSigmas = 0;
  private lastFixMs: number | null = null;

  constructor(
    private readonly graph: StreetGraph,
    private readonly random: SeededRandom,
    private readonly options: GpsOptions = DEFAULT_GPS_OPTIONS,
  ) {}

  /** Steps a first-order Gauss–Markov process with the given stationary spread. */
  private correlated(previous: number, spread: number, gapMs: number, timeScaleMs: number): number {
    const keep = Math.exp(-gapMs / timeScaleMs);
    return keep * previous + Math.sqrt(1 - keep * keep) * spread * gaussian(this.random);
  }

  receive(fixTimeMs: number, walk: WalkState): ReceivedFix {
    const gapMs = this.lastFixMs === null ? Infinity : fixTimeMs - this.lastFixMs;
    this.lastFixMs = fixTimeMs;
    const typical = Math.log(TYPICAL_ACCURACY_M);
    this.logAccuracy =
      typical +
      this.correlated(
        this.logAccuracy - typical,
        LOG_ACCURACY_SPREAD,
        gapMs,
        ACCURACY_CORRELATION_MS,
      );
    const standing = walk.activity !== 'walking';
    const ceilingM = standing ? STANDING_MAX_ACCURACY_M : ACCURACY_RANGE_M.max;
    let accuracyM = Math.min(ceilingM, Math.max(ACCURACY_RANGE_M.min, Math.exp(this.logAccuracy)));
    const sigmaM = accuracyM * SIGMA_PER_ACCURACY;
    // The error is correlated in sigma units, so it always matches the accuracy now reported.
    this.errorEastSigmas = this.correlated(this.errorEastSigmas, 1, gapMs, ERROR_CORRELATION_MS);
    this.errorNorthSigmas = this.correlated(this.errorNorthSigmas, 1, gapMs, ERROR_CORRELATION_MS);
    let eastM = this.errorEastSigmas * sigmaM;
    let northM = this.errorNorthSigmas * sigmaM;
    const bad = !standing && this.random.chance(this.options.badFixShare);
    if (bad) {
      accuracyM = this.random.between(BAD_FIX_ACCURACY_M.min, BAD_FIX_ACCURACY_M.max);
      eastM = gaussian(this.random) * accuracyM * SIGMA_PER_ACCURACY;
      northM = gaussian(this.random) * accuracyM * SIGMA_PER_ACCURACY;
    }
    const position = toLonLat(
      this.graph.origin,
      walk.position.eastM + eastM,
      walk.position.northM + northM,
    );
    const hasMotion =
      walk.headingDeg !== null && !bad && !this.random.chance(this.options.missingMotionShare);
    const fix: DeviceFix = {
      fixTimeMs,
      lon: position.lon,
      lat: position.lat,
      accuracyM: Math.round(accuracyM * 10) / 10,
      speedMps: standing
        ? 0
        : hasMotion
          ? Math.max(0, walk.speedMps + gaussian(this.random) * SPEED_NOISE_MPS)
          : null,
      headingDeg: hasMotion
        ? (((walk.headingDeg! + gaussian(this.random) * HEADING_NOISE_DEG) % 360) + 360) % 360
        : null,
    };
    return { fix, truth: walk.position, bad };
  }
}
