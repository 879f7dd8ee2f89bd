import { describe, expect, it } from 'vitest';
import type { Position } from './fix';
import { ingestFix } from './ingestFix';
import { TrackBuffer } from './TrackBuffer';
import { pointAt, TEST_START_MS } from './trackFixtures';

const NOW_MS = TEST_START_MS + 3_600_000;

function positionAt(eastM: number, secondsAfter: number): Position {
  const fixTimeMs = TEST_START_MS + secondsAfter * 1000;
  return {
    workerId: 11,
    fixTimeMs,
    ...pointAt(eastM, 0),
    accuracyM: 5,
    speedMps: 1.2,
    headingDeg: 90,
    receivedAtMs: NOW_MS,
  };
}

describe('ingestFix', () => {
  it('stores fixes out of order and tells whether each became the newest', () => {
    const track = new TrackBuffer<Position>(100);
    expect(ingestFix(track, positionAt(0, 0), NOW_MS)).toEqual({
      kind: 'stored',
      becameNewest: true,
    });
    expect(ingestFix(track, positionAt(24, 20), NOW_MS)).toEqual({
      kind: 'stored',
      becameNewest: true,
    });
    expect(ingestFix(track, positionAt(12, 10), NOW_MS)).toEqual({
      kind: 'stored',
      becameNewest: false,
    });
    expect(track.toArray().map((item) => item.fixTimeMs - TEST_START_MS)).toEqual([
      0, 10_000, 20_000,
    ]);
    expect(track.newest()!.fixTimeMs).toBe(TEST_START_MS + 20_000);
  });

  it('reports a resent fix as a duplicate, even if it would now fail validation', () => {
    const track = new TrackBuffer<Position>(100);
    ingestFix(track, positionAt(0, 0), NOW_MS);
    expect(ingestFix(track, positionAt(0, 0), NOW_MS)).toEqual({ kind: 'duplicate' });
    const muchLater = NOW_MS + 72 * 3_600_000;
    expect(ingestFix(track, positionAt(0, 0), muchLater)).toEqual({ kind: 'duplicate' });
    expect(track.length).toBe(1);
  });

  it('rejects with the reason and leaves the track alone', () => {
    const track = new TrackBuffer<Position>(100);
    ingestFix(track, positionAt(0, 0), NOW_MS);
    expect(ingestFix(track, positionAt(5_000, 5), NOW_MS)).toEqual({
      kind: 'rejected',
      reason: 'impossible_jump',
    });
    expect(ingestFix(track, { ...positionAt(1, 6), lat: Number.NaN }, NOW_MS)).toEqual({
      kind: 'rejected',
      reason: 'not_finite',
    });
    expect(track.length).toBe(1);
  });
});
