import { describe, expect, it } from 'vitest';
import type { Position } from '../../domain/tracking/fix';
import { packPositions, unpackPositions } from './relayedPositions';

const positions: Position[] = [
  {
    workerId: 4_000_000_001,
    fixTimeMs: 1_765_000_000_123,
    lon: 116.397_128_123_456_78,
    lat: 39.916_527_987_654_32,
    accuracyM: 8.5,
    speedMps: 1.2,
    headingDeg: 359.99,
    receivedAtMs: 1_765_000_000_456,
  },
  {
    workerId: 2,
    fixTimeMs: 1_765_000_001_000,
    lon: -0.1,
    lat: -33.3,
    accuracyM: 0,
    speedMps: null,
    headingDeg: null,
    receivedAtMs: 1_765_000_001_001,
  },
  {
    workerId: 3,
    fixTimeMs: 1,
    lon: 0,
    lat: 0,
    accuracyM: 1_000,
    speedMps: 0,
    headingDeg: 0,
    receivedAtMs: 2,
  },
];

describe('relayed positions', () => {
  it('come back exactly, unknown speed and heading as null and zero as zero', () => {
    expect(unpackPositions(packPositions(positions))).toEqual(positions);
  });

  it('are read from a view inside a larger, unaligned buffer (as a decoder hands them over)', () => {
    const packed = packPositions(positions);
    const carrier = new Uint8Array(packed.byteLength + 3);
    carrier.set(packed, 3);
    expect(unpackPositions(carrier.subarray(3))).toEqual(positions);
  });

  it('an empty batch is an empty array, and a cut one is refused', () => {
    expect(unpackPositions(packPositions([]))).toEqual([]);
    expect(() => unpackPositions(packPositions(positions).subarray(0, 70))).toThrow(RangeError);
  });
});
