/**
 * The compact binary frame that carries one tick's batch of worker positions to screens:
 * 5,000 workers at 1 Hz to 20 screens is too much JSON. Fixed-size little-endian
 * records read with DataView; the decoder checks every length and range, because a screen must
 * fail loudly on a malformed frame rather than draw workers in the sea.
 *
 * Layout, version 1 (16-byte header + 23 bytes per position; 5,000 positions = 115,016 bytes):
 *   header  0 u8 version | 1 u8 record bytes (23) | 2 u16 reserved (0) | 4 u32 count
 *           8 f64 tick time, epoch ms
 *   record  0 u32 worker id | 4 i32 fix time - tick, ms | 8 i32 lon, 1e-7 deg | 12 i32 lat, 1e-7 deg
 *          16 u16 heading, 0.01 deg (0xFFFF unknown) | 18 u16 speed, cm/s (0xFFFF unknown,
 *             saturates at 0xFFFE) | 20 u16 accuracy, dm (saturates) | 22 u8 status index
 */
import { WORKER_STATUSES, type WorkerStatus } from '../domain/tracking/fix';

export const POSITION_FRAME_VERSION = 1;
export const POSITION_FRAME_HEADER_BYTES = 16;
export const POSITION_RECORD_BYTES = 23;

/** 1e-7 degree is about 1.1 cm on the ground: finer than any phone fix, and fits an int32. */
const COORDINATE_UNITS_PER_DEG = 1e7;
const HEADING_UNITS_PER_DEG = 100;
const SPEED_UNITS_PER_MPS = 100;
const ACCURACY_UNITS_PER_M = 10;
const UINT16_UNKNOWN = 0xffff;
const UINT16_MAX_VALUE = 0xfffe;
const ACCURACY_MAX_UNITS = 0xffff;
const FULL_TURN_HEADING_UNITS = 360 * HEADING_UNITS_PER_DEG;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const UINT32_MAX = 2 ** 32 - 1;
const LITTLE_ENDIAN = true;

/** One position as screens use it; `workerId` is the worker's numeric id. */
export interface FramePosition {
  workerId: number;
  fixTimeMs: number;
  lon: number;
  lat: number;
  headingDeg: number | null;
  speedMps: number | null;
  accuracyM: number;
  status: WorkerStatus;
}

export interface PositionFrame {
  tickTimeMs: number;
  positions: FramePosition[];
}

export class PositionFrameError extends Error {
  constructor(message: string) {
    super(`malformed position frame: ${message}`);
    this.name = 'PositionFrameError';
  }
}

function requireInteger(value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be an integer in [${min}, ${max}], got ${value}`);
  }
  return value;
}

function encodeCoordinate(valueDeg: number, limitDeg: number, what: string): number {
  if (!(Math.abs(valueDeg) <= limitDeg)) throw new RangeError(`${what} out of range: ${valueDeg}`);
  return Math.round(valueDeg * COORDINATE_UNITS_PER_DEG);
}

function encodeHeading(headingDeg: number | null): number {
  if (headingDeg === null) return UINT16_UNKNOWN;
  if (!Number.isFinite(headingDeg))
    throw new RangeError(`heading must be finite, got ${headingDeg}`);
  const units = Math.round(headingDeg * HEADING_UNITS_PER_DEG) % FULL_TURN_HEADING_UNITS;
  return units < 0 ? units + FULL_TURN_HEADING_UNITS : units;
}

function encodeSaturated(
  value: number,
  unitsPerValue: number,
  maxUnits: number,
  what: string,
): number {
  if (!(value >= 0)) throw new RangeError(`${what} must be a non-negative number, got ${value}`);
  return Math.min(Math.round(value * unitsPerValue), maxUnits);
}

function encodeStatus(status: WorkerStatus): number {
  const code = WORKER_STATUSES.indexOf(status);
  if (code < 0) throw new RangeError(`unknown worker status: ${String(status)}`);
  return code;
}

export function encodePositionFrame(
  positions: readonly FramePosition[],
  tickTimeMs: number,
): Uint8Array {
  if (!Number.isFinite(tickTimeMs))
    throw new RangeError(`tick time must be finite, got ${tickTimeMs}`);
  requireInteger(positions.length, 0, UINT32_MAX, 'position count');
  const bytes = new Uint8Array(
    POSITION_FRAME_HEADER_BYTES + positions.length * POSITION_RECORD_BYTES,
  );
  const view = new DataView(bytes.buffer);
  view.setUint8(0, POSITION_FRAME_VERSION);
  view.setUint8(1, POSITION_RECORD_BYTES);
  view.setUint16(2, 0, LITTLE_ENDIAN);
  view.setUint32(4, positions.length, LITTLE_ENDIAN);
  view.setFloat64(8, tickTimeMs, LITTLE_ENDIAN);
  let offset = POSITION_FRAME_HEADER_BYTES;
  for (const position of positions) {
    const fixOffsetMs = Math.round(position.fixTimeMs - tickTimeMs);
    view.setUint32(
      offset,
      requireInteger(position.workerId, 0, UINT32_MAX, 'worker id'),
      LITTLE_ENDIAN,
    );
    view.setInt32(
      offset + 4,
      requireInteger(fixOffsetMs, INT32_MIN, INT32_MAX, 'fix time offset'),
      LITTLE_ENDIAN,
    );
    view.setInt32(offset + 8, encodeCoordinate(position.lon, 180, 'lon'), LITTLE_ENDIAN);
    view.setInt32(offset + 12, encodeCoordinate(position.lat, 90, 'lat'), LITTLE_ENDIAN);
    view.setUint16(offset + 16, encodeHeading(position.headingDeg), LITTLE_ENDIAN);
    const speedUnits =
      position.speedMps === null
        ? UINT16_UNKNOWN
        : encodeSaturated(position.speedMps, SPEED_UNITS_PER_MPS, UINT16_MAX_VALUE, 'speed');
    view.setUint16(offset + 18, speedUnits, LITTLE_ENDIAN);
    view.setUint16(
      offset + 20,
      encodeSaturated(position.accuracyM, ACCURACY_UNITS_PER_M, ACCURACY_MAX_UNITS, 'accuracy'),
      LITTLE_ENDIAN,
    );
    view.setUint8(offset + 22, encodeStatus(position.status));
    offset += POSITION_RECORD_BYTES;
  }
  return bytes;
}

function readHeader(view: DataView): { count: number; tickTimeMs: number } {
  if (view.byteLength < POSITION_FRAME_HEADER_BYTES) {
    throw new PositionFrameError(`${view.byteLength} bytes is shorter than the header`);
  }
  const version = view.getUint8(0);
  if (version !== POSITION_FRAME_VERSION)
    throw new PositionFrameError(`unsupported version ${version}`);
  const recordBytes = view.getUint8(1);
  if (recordBytes !== POSITION_RECORD_BYTES)
    throw new PositionFrameError(`record size ${recordBytes}`);
  if (view.getUint16(2, LITTLE_ENDIAN) !== 0)
    throw new PositionFrameError('reserved header bits set');
  const count = view.getUint32(4, LITTLE_ENDIAN);
  const expectedBytes = POSITION_FRAME_HEADER_BYTES + count * POSITION_RECORD_BYTES;
  if (view.byteLength !== expectedBytes) {
    throw new PositionFrameError(
      `${count} positions need ${expectedBytes} bytes, got ${view.byteLength}`,
    );
  }
  const tickTimeMs = view.getFloat64(8, LITTLE_ENDIAN);
  if (!Number.isFinite(tickTimeMs)) throw new PositionFrameError('tick time is not finite');
  return { count, tickTimeMs };
}

function readPosition(
  view: DataView,
  offset: number,
  tickTimeMs: number,
  index: number,
): FramePosition {
  const lonUnits = view.getInt32(offset + 8, LITTLE_ENDIAN);
  const latUnits = view.getInt32(offset + 12, LITTLE_ENDIAN);
  const headingUnits = view.getUint16(offset + 16, LITTLE_ENDIAN);
  const speedUnits = view.getUint16(offset + 18, LITTLE_ENDIAN);
  const statusCode = view.getUint8(offset + 22);
  if (Math.abs(lonUnits) > 180 * COORDINATE_UNITS_PER_DEG)
    throw new PositionFrameError(`position ${index}: lon out of range`);
  if (Math.abs(latUnits) > 90 * COORDINATE_UNITS_PER_DEG)
    throw new PositionFrameError(`position ${index}: lat out of range`);
  if (headingUnits !== UINT16_UNKNOWN && headingUnits >= FULL_TURN_HEADING_UNITS) {
    throw new PositionFrameError(`position ${index}: heading out of range`);
  }
  const status = WORKER_STATUSES[statusCode];
  if (status === undefined)
    throw new PositionFrameError(`position ${index}: unknown status ${statusCode}`);
  return {
    workerId: view.getUint32(offset, LITTLE_ENDIAN),
    fixTimeMs: tickTimeMs + view.getInt32(offset + 4, LITTLE_ENDIAN),
    lon: lonUnits / COORDINATE_UNITS_PER_DEG,
    lat: latUnits / COORDINATE_UNITS_PER_DEG,
    headingDeg: headingUnits === UINT16_UNKNOWN ? null : headingUnits / HEADING_UNITS_PER_DEG,
    speedMps: speedUnits === UINT16_UNKNOWN ? null : speedUnits / SPEED_UNITS_PER_MPS,
    accuracyM: view.getUint16(offset + 20, LITTLE_ENDIAN) / ACCURACY_UNITS_PER_M,
    status,
  };
}

/**
 * The fix times of a frame's positions, after the header's checks, without building positions:
 * what a load generator's screens need to time delivery (scripts/bench/fanoutScreens.ts).
 */
export function positionFrameFixTimes(bytes: ArrayBuffer | ArrayBufferView): number[] {
  const view = ArrayBuffer.isView(bytes)
    ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : new DataView(bytes);
  const { count, tickTimeMs } = readHeader(view);
  const fixTimes: number[] = [];
  for (let index = 0; index < count; index++) {
    const offset = POSITION_FRAME_HEADER_BYTES + index * POSITION_RECORD_BYTES;
    fixTimes.push(tickTimeMs + view.getInt32(offset + 4, LITTLE_ENDIAN));
  }
  return fixTimes;
}

/** Decodes a frame; throws PositionFrameError when any length or field is out of place. */
export function decodePositionFrame(bytes: ArrayBuffer | ArrayBufferView): PositionFrame {
  // A Node Buffer is a view into a shared pool: honour its offset and length.
  const view = ArrayBuffer.isView(bytes)
    ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : new DataView(bytes);
  const { count, tickTimeMs } = readHeader(view);
  const positions: FramePosition[] = [];
  for (let index = 0; index < count; index++) {
    positions.push(
      readPosition(
        view,
        POSITION_FRAME_HEADER_BYTES + index * POSITION_RECORD_BYTES,
        tickTimeMs,
        index,
      ),
    );
  }
  return { tickTimeMs, positions };
}
