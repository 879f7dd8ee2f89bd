import { describe, expect, it } from 'vitest';
import {
  MAX_GLIDE_GAP_MS,
  MAX_GLIDE_MS,
  MIN_GLIDE_MS,
  WorkerMotionTable,
  glideDurationMs,
  glideFraction,
} from './workerMotion';

describe('glideDurationMs', () => {
  it('places a first fix at once and ignores fixes that are not newer', () => {
    expect(glideDurationMs(null, 1000)).toBe(0);
    expect(glideDurationMs(2000, 2000)).toBeNull();
    expect(glideDurationMs(2000, 1500)).toBeNull();
  });

  it('glides over the fix interval, within bounds, and not across a long gap', () => {
    expect(glideDurationMs(0, 1000)).toBe(1000);
    expect(glideDurationMs(0, 10)).toBe(MIN_GLIDE_MS);
    expect(glideDurationMs(0, 20_000)).toBe(MAX_GLIDE_MS);
    expect(glideDurationMs(0, MAX_GLIDE_GAP_MS + 1)).toBe(0);
  });
});

describe('glideFraction', () => {
  it('runs from 0 to 1 across the glide and clamps outside it', () => {
    expect(glideFraction(100, 200, 50)).toBe(0);
    expect(glideFraction(100, 200, 150)).toBeCloseTo(0.5);
    expect(glideFraction(100, 200, 250)).toBe(1);
    expect(glideFraction(100, 100, 100)).toBe(1);
  });
});

describe('WorkerMotionTable', () => {
  const out = { x: 0, y: 0, z: 0 };

  it('interpolates linearly between the drawn position and the newest fix', () => {
    const table = new WorkerMotionTable();
    table.place(3, { x: 0, y: 0, z: 0 }, 0);
    table.glideTo(3, { x: 10, y: 20, z: -4 }, 1000, 1000);
    expect(table.sample(3, 1000, out)).toBe(true);
    expect(out).toEqual({ x: 0, y: 0, z: 0 });
    expect(table.sample(3, 1250, out)).toBe(true);
    expect(out.x).toBeCloseTo(2.5);
    expect(out.y).toBeCloseTo(5);
    expect(out.z).toBeCloseTo(-1);
    expect(table.sample(3, 2500, out)).toBe(false);
    expect(out).toEqual({ x: 10, y: 20, z: -4 });
  });

  it('starts a new glide from where the dot is drawn, so it never jumps back', () => {
    const table = new WorkerMotionTable();
    table.place(0, { x: 0, y: 0, z: 0 }, 0);
    table.glideTo(0, { x: 10, y: 0, z: 0 }, 0, 1000);
    table.glideTo(0, { x: 20, y: 0, z: 0 }, 500, 1000);
    table.sample(0, 500, out);
    expect(out.x).toBeCloseTo(5);
    table.sample(0, 1000, out);
    expect(out.x).toBeCloseTo(12.5);
  });

  it('places at once for a zero duration and keeps motions when it grows', () => {
    const table = new WorkerMotionTable();
    table.place(1, { x: 7, y: 8, z: 9 }, 0);
    table.glideTo(2, { x: 1, y: 1, z: 1 }, 0, 0);
    expect(table.sample(2, 0, out)).toBe(false);
    expect(out).toEqual({ x: 1, y: 1, z: 1 });
    table.ensureSlot(5000);
    expect(table.capacity).toBeGreaterThan(5000);
    table.sample(1, 10, out);
    expect(out).toEqual({ x: 7, y: 8, z: 9 });
  });
});
