/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32) for reproducible
 * demo data: the same seed gives the same sequence on every platform, because it uses only
 * 32-bit integer arithmetic. Not for anything secret.
 */

export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Uniform real in [min, max). */
  between(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One item, chosen with probability proportional to its weight. */
  pickWeighted<T>(items: readonly T[], weights: readonly number[]): T;
  /**
   * An independent stream derived from this generator's seed and a salt, so that a stage can
   * draw more or fewer numbers without shifting the numbers every other stage sees.
   */
  fork(salt: number | string): SeededRandom;
}

const GOLDEN_GAMMA = 0x9e3779b9;
const WARM_UP_ROUNDS = 12;
const UINT32_RANGE = 0x100000000;

function splitmix32(state: number): [next: number, output: number] {
  const advanced = (state + GOLDEN_GAMMA) | 0;
  let mixed = advanced;
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
  return [advanced, (mixed ^ (mixed >>> 16)) >>> 0];
}

/** FNV-1a over the UTF-16 code units of a string; deterministic salt for `fork`. */
export function hashString32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  return hash >>> 0;
}

export function createSeededRandom(seed: number): SeededRandom {
  const seed32 = seed >>> 0;
  let splitState = seed32;
  const words: number[] = [];
  for (let index = 0; index < 4; index++) {
    const [nextState, output] = splitmix32(splitState);
    splitState = nextState;
    words.push(output);
  }
  let [a, b, c, d] = words as [number, number, number, number];

  function nextUint32(): number {
    const result = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + result) | 0;
    return result >>> 0;
  }
  for (let round = 0; round < WARM_UP_ROUNDS; round++) nextUint32();

  const random: SeededRandom = {
    next: () => nextUint32() / UINT32_RANGE,
    int(min, max) {
      return min + Math.floor((nextUint32() / UINT32_RANGE) * (max - min + 1));
    },
    between(min, max) {
      return min + (nextUint32() / UINT32_RANGE) * (max - min);
    },
    chance(probability) {
      return nextUint32() / UINT32_RANGE < probability;
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[Math.floor((nextUint32() / UINT32_RANGE) * items.length)]!;
    },
    pickWeighted(items, weights) {
      if (items.length === 0 || items.length !== weights.length) {
        throw new RangeError('items and weights must be non-empty and of equal length');
      }
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      let remaining = (nextUint32() / UINT32_RANGE) * total;
      for (let index = 0; index < items.length; index++) {
        remaining -= weights[index]!;
        if (remaining < 0) return items[index]!;
      }
      return items[items.length - 1]!;
    },
    fork(salt) {
      const saltHash = typeof salt === 'number' ? salt >>> 0 : hashString32(salt);
      return createSeededRandom((Math.imul(seed32 ^ saltHash, 0x27d4eb2d) + saltHash) >>> 0);
    },
  };
  return random;
}
