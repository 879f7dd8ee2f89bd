/**
 * The generator's parameters: defaults, validation, and how one size follows the other when
 * only one is given (so `{ buildingCount: 20000 }` stays as dense as the default district).
 */

export interface DistrictOptions {
  seed?: number;
  buildingCount?: number;
  residentCount?: number;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface DistrictParams {
  seed: number;
  buildingCount: number;
  residentCount: number;
}

export const DEFAULT_SEED = 350102;
export const DEFAULT_BUILDING_COUNT = 1500;
export const DEFAULT_RESIDENT_COUNT = 100_000;
const RESIDENTS_PER_BUILDING = DEFAULT_RESIDENT_COUNT / DEFAULT_BUILDING_COUNT;
export const MAX_BUILDING_COUNT = 500_000;
export const MAX_RESIDENT_COUNT = 20_000_000;

function checkCount(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`${name} must be an integer in 1..${max}, got ${value}`);
  }
  return value;
}

export function resolveDistrictParams(options: DistrictOptions): DistrictParams {
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in 0..2^32-1, got ${seed}`);
  }
  const buildingCount =
    options.buildingCount ??
    (options.residentCount === undefined
      ? DEFAULT_BUILDING_COUNT
      : Math.max(1, Math.round(options.residentCount / RESIDENTS_PER_BUILDING)));
  const residentCount =
    options.residentCount ??
    (options.buildingCount === undefined
      ? DEFAULT_RESIDENT_COUNT
      : Math.max(1, Math.round(options.buildingCount * RESIDENTS_PER_BUILDING)));
  return {
    seed,
    buildingCount: checkCount('buildingCount', buildingCount, MAX_BUILDING_COUNT),
    residentCount: checkCount('residentCount', residentCount, MAX_RESIDENT_COUNT),
  };
}
