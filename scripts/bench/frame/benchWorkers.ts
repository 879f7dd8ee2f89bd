/**
 * Deterministic synthetic workers for bench:frame: each walks a straight-ish line at walking
 * speed and reports one fix per second. Plain data, no Cesium.
 */
import type { FramePosition } from '../../../src/shared/positionFrame';

/** Gulou District, Fuzhou: where the demo district lies. */
export const BENCH_CENTRE = { lon: 119.296, lat: 26.082 };
const SPREAD_DEG = 0.04;
const WALK_SPEED_MPS = 1.4;
const METRES_PER_DEG_LAT = 111_320;
const SEED = 20_261_127;

/** Park–Miller LCG: enough randomness for a bench, the same every run. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}

export interface BenchWalker {
  workerId: number;
  lon: number;
  lat: number;
  headingRad: number;
}

export function createWalkers(count: number): BenchWalker[] {
  const random = createRandom(SEED);
  return Array.from({ length: count }, (_, index) => ({
    workerId: index + 1,
    lon: BENCH_CENTRE.lon + (random() - 0.5) * SPREAD_DEG,
    lat: BENCH_CENTRE.lat + (random() - 0.5) * SPREAD_DEG,
    headingRad: random() * 2 * Math.PI,
  }));
}

/** Moves every walker one fix interval on and returns the fixes (one frame's positions). */
export function stepWalkers(
  walkers: BenchWalker[],
  intervalS: number,
  fixTimeMs: number,
): FramePosition[] {
  const metresPerDegLon = METRES_PER_DEG_LAT * Math.cos((BENCH_CENTRE.lat * Math.PI) / 180);
  return walkers.map((walker) => {
    walker.headingRad += 0.2 * Math.sin(fixTimeMs / 7000 + walker.workerId);
    const stepM = WALK_SPEED_MPS * intervalS;
    walker.lon += (Math.sin(walker.headingRad) * stepM) / metresPerDegLon;
    walker.lat += (Math.cos(walker.headingRad) * stepM) / METRES_PER_DEG_LAT;
    return {
      workerId: walker.workerId,
      fixTimeMs,
      lon: walker.lon,
      lat: walker.lat,
      headingDeg: null,
      speedMps: WALK_SPEED_MPS,
      accuracyM: 5,
      status: 'online' as const,
    };
  });
}
