import { describe, expect, it } from 'vitest';
import {
  decodePositionFrame,
  encodePositionFrame,
  POSITION_FRAME_HEADER_BYTES,
  POSITION_RECORD_BYTES,
  PositionFrameError,
  positionFrameFixTimes,
  type FramePosition,
} from './positionFrame';

const TICK_MS = Date.UTC(2026, 10, 27, 9, 30, 0) + 0.25;

function position(overrides: Partial<FramePosition> = {}): FramePosition {
  return {
    workerId: 1001,
    fixTimeMs: TICK_MS - 850,
    lon: 119.2965432,
    lat: 26.0745678,
    headingDeg: 273.45,
    speedMps: 1.37,
    accuracyM: 4.8,
    status: 'online',
    ...overrides,
  };
}

function expectClose(decoded: FramePosition, original: FramePosition): void {
  expect(decoded.workerId).toBe(original.workerId);
  expect(Math.abs(decoded.fixTimeMs - original.fixTimeMs)).toBeLessThanOrEqual(0.5);
  expect(Math.abs(decoded.lon - original.lon)).toBeLessThanOrEqual(0.5e-7);
  expect(Math.abs(decoded.lat - original.lat)).toBeLessThanOrEqual(0.5e-7);
  expect(decoded.accuracyM).toBeCloseTo(original.accuracyM, 1);
  expect(decoded.status).toBe(original.status);
  if (original.headingDeg === null) expect(decoded.headingDeg).toBeNull();
  else expect(decoded.headingDeg).toBeCloseTo(original.headingDeg, 2);
  if (original.speedMps === null) expect(decoded.speedMps).toBeNull();
  else expect(decoded.speedMps).toBeCloseTo(original.speedMps, 2);
}

describe('position frame', () => {
  it('gives the fix times alone as the full decode does, and checks the header the same', () => {
    const frame = encodePositionFrame(
      [position(), position({ workerId: 7, fixTimeMs: TICK_MS - 12 })],
      TICK_MS,
    );
    expect(positionFrameFixTimes(frame)).toEqual(
      decodePositionFrame(frame).positions.map((decoded) => decoded.fixTimeMs),
    );
    expect(() => positionFrameFixTimes(frame.subarray(0, frame.byteLength - 1))).toThrow(
      PositionFrameError,
    );
  });

  it('is 16 bytes of header and 23 bytes per position', () => {
    expect(encodePositionFrame([], TICK_MS).byteLength).toBe(16);
    const frame = encodePositionFrame([position(), position({ workerId: 2 })], TICK_MS);
    expect(frame.byteLength).toBe(POSITION_FRAME_HEADER_BYTES + 2 * POSITION_RECORD_BYTES);
    expect(POSITION_RECORD_BYTES).toBe(23);
  });

  it('round-trips a batch, keeping the tick time exactly', () => {
    const positions = [
      position(),
      position({ workerId: 7, status: 'idle', speedMps: null, headingDeg: null }),
      position({ workerId: 8, status: 'offline', fixTimeMs: TICK_MS - 3_600_000 }),
      position({ workerId: 9, status: 'sos', fixTimeMs: TICK_MS + 40_000 }),
    ];
    const decoded = decodePositionFrame(encodePositionFrame(positions, TICK_MS));
    expect(decoded.tickTimeMs).toBe(TICK_MS);
    expect(decoded.positions).toHaveLength(positions.length);
    decoded.positions.forEach((item, index) => expectClose(item, positions[index]!));
  });

  it('round-trips an empty batch', () => {
    expect(decodePositionFrame(encodePositionFrame([], TICK_MS))).toEqual({
      tickTimeMs: TICK_MS,
      positions: [],
    });
  });

  it('round-trips negative and extreme coordinates and the largest ids and offsets', () => {
    const extremes = [
      position({ lon: -179.9999999, lat: -89.9999999 }),
      position({ lon: 180, lat: 90 }),
      position({ lon: -0.0000001, lat: 0.0000001 }),
      position({ workerId: 2 ** 32 - 1, fixTimeMs: TICK_MS + 2 ** 31 - 1 }),
      position({ workerId: 0, fixTimeMs: TICK_MS - 2 ** 31 }),
      position({ headingDeg: 359.99, speedMps: 655.34, accuracyM: 6553.5 }),
      position({ headingDeg: 0, speedMps: 0, accuracyM: 0 }),
    ];
    const decoded = decodePositionFrame(encodePositionFrame(extremes, TICK_MS)).positions;
    decoded.forEach((item, index) => expectClose(item, extremes[index]!));
  });

  it('saturates speed and accuracy beyond their fields and wraps a heading of 360', () => {
    const [decoded] = decodePositionFrame(
      encodePositionFrame(
        [position({ speedMps: 5000, accuracyM: 99_999, headingDeg: 360 })],
        TICK_MS,
      ),
    ).positions;
    expect(decoded!.speedMps).toBeCloseTo(655.34, 2);
    expect(decoded!.accuracyM).toBeCloseTo(6553.5, 1);
    expect(decoded!.headingDeg).toBe(0);
  });

  it('decodes from a view into a larger buffer, as a Node Buffer from a pool is', () => {
    const frame = encodePositionFrame([position()], TICK_MS);
    const pool = new Uint8Array(frame.byteLength + 13);
    pool.set(frame, 7);
    const decoded = decodePositionFrame(pool.subarray(7, 7 + frame.byteLength));
    expectClose(decoded.positions[0]!, position());
    expect(decodePositionFrame(frame.slice().buffer).positions).toHaveLength(1);
  });

  it('writes little-endian fields at the documented offsets', () => {
    const frame = encodePositionFrame([position({ workerId: 0x01020304, lon: -1 })], TICK_MS);
    const view = new DataView(frame.buffer);
    expect(frame[0]).toBe(1);
    expect(frame[1]).toBe(23);
    expect(view.getUint32(4, true)).toBe(1);
    expect(view.getFloat64(8, true)).toBe(TICK_MS);
    expect([...frame.subarray(16, 20)]).toEqual([4, 3, 2, 1]);
    expect(view.getInt32(24, true)).toBe(-10_000_000);
  });

  it('refuses malformed frames with a clear error', () => {
    const good = encodePositionFrame([position(), position({ workerId: 5 })], TICK_MS);
    const corrupt = (edit: (bytes: Uint8Array, view: DataView) => void): Uint8Array => {
      const bytes = good.slice();
      edit(bytes, new DataView(bytes.buffer));
      return bytes;
    };
    const malformed: [string, Uint8Array][] = [
      ['shorter than the header', good.subarray(0, 10)],
      ['unsupported version', corrupt((bytes) => (bytes[0] = 2))],
      ['record size', corrupt((bytes) => (bytes[1] = 24))],
      ['reserved', corrupt((_, view) => view.setUint16(2, 1, true))],
      ['need 62 bytes, got 61', good.subarray(0, good.byteLength - 1)],
      ['need 39 bytes', corrupt((_, view) => view.setUint32(4, 1, true))],
      ['tick time', corrupt((_, view) => view.setFloat64(8, Number.NaN, true))],
      ['lon out of range', corrupt((_, view) => view.setInt32(16 + 8, 1_800_000_001, true))],
      ['lat out of range', corrupt((_, view) => view.setInt32(16 + 12, -900_000_001, true))],
      ['heading out of range', corrupt((_, view) => view.setUint16(16 + 16, 36_000, true))],
      ['unknown status 4', corrupt((bytes) => (bytes[16 + 22] = 4))],
    ];
    for (const [message, bytes] of malformed) {
      expect(() => decodePositionFrame(bytes)).toThrow(PositionFrameError);
      expect(() => decodePositionFrame(bytes)).toThrow(message);
    }
  });

  it('refuses to encode what the fields cannot hold', () => {
    const encodeOne = (overrides: Partial<FramePosition>) => () =>
      encodePositionFrame([position(overrides)], TICK_MS);
    expect(encodeOne({ workerId: -1 })).toThrow(RangeError);
    expect(encodeOne({ workerId: 2 ** 32 })).toThrow(RangeError);
    expect(encodeOne({ fixTimeMs: TICK_MS + 2 ** 31 })).toThrow(RangeError);
    expect(encodeOne({ lon: 180.1 })).toThrow(RangeError);
    expect(encodeOne({ lat: Number.NaN })).toThrow(RangeError);
    expect(encodeOne({ speedMps: -1 })).toThrow(RangeError);
    expect(encodeOne({ accuracyM: Number.NaN })).toThrow(RangeError);
    expect(encodeOne({ headingDeg: Infinity })).toThrow(RangeError);
    expect(encodeOne({ status: 'lost' as FramePosition['status'] })).toThrow(RangeError);
    expect(() => encodePositionFrame([], Number.NaN)).toThrow(RangeError);
  });
});
