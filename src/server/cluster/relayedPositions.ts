/**
 * Committed positions as the cluster relay carries them (clusterRelay.ts): eight little-endian
 * doubles a position in one byte array, rather than an object of eight named fields. The adapter
 * sends server-side events through Redis with MessagePack and every node decodes every message
 * (its own included, then dropped), so at 1 Hz a field name per value was most of the relay's
 * cost; a byte array is copied, not walked. Doubles hold every field exactly (ids and epoch
 * milliseconds are integers below 2^53); NaN stands for an unknown speed or heading.
 */
import type { Position } from '../../domain/tracking/fix';

/** Eight doubles: worker, fix time, lon, lat, accuracy, speed, heading, received time. */
const BYTES_PER_POSITION = 8 * Float64Array.BYTES_PER_ELEMENT;
const LITTLE_ENDIAN = true;

export function packPositions(positions: readonly Position[]): Uint8Array {
  const bytes = new Uint8Array(positions.length * BYTES_PER_POSITION);
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const position of positions) {
    view.setFloat64(at, position.workerId, LITTLE_ENDIAN);
    view.setFloat64(at + 8, position.fixTimeMs, LITTLE_ENDIAN);
    view.setFloat64(at + 16, position.lon, LITTLE_ENDIAN);
    view.setFloat64(at + 24, position.lat, LITTLE_ENDIAN);
    view.setFloat64(at + 32, position.accuracyM, LITTLE_ENDIAN);
    view.setFloat64(at + 40, position.speedMps ?? Number.NaN, LITTLE_ENDIAN);
    view.setFloat64(at + 48, position.headingDeg ?? Number.NaN, LITTLE_ENDIAN);
    view.setFloat64(at + 56, position.receivedAtMs, LITTLE_ENDIAN);
    at += BYTES_PER_POSITION;
  }
  return bytes;
}

/** The positions packed by packPositions; the bytes may sit anywhere in a larger buffer. */
export function unpackPositions(bytes: Uint8Array): Position[] {
  if (bytes.byteLength % BYTES_PER_POSITION !== 0) {
    throw new RangeError(`relayed positions: ${bytes.byteLength} bytes is not whole positions`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const positions: Position[] = [];
  for (let at = 0; at < bytes.byteLength; at += BYTES_PER_POSITION) {
    const speedMps = view.getFloat64(at + 40, LITTLE_ENDIAN);
    const headingDeg = view.getFloat64(at + 48, LITTLE_ENDIAN);
    positions.push({
      workerId: view.getFloat64(at, LITTLE_ENDIAN),
      fixTimeMs: view.getFloat64(at + 8, LITTLE_ENDIAN),
      lon: view.getFloat64(at + 16, LITTLE_ENDIAN),
      lat: view.getFloat64(at + 24, LITTLE_ENDIAN),
      accuracyM: view.getFloat64(at + 32, LITTLE_ENDIAN),
      speedMps: Number.isNaN(speedMps) ? null : speedMps,
      headingDeg: Number.isNaN(headingDeg) ? null : headingDeg,
      receivedAtMs: view.getFloat64(at + 56, LITTLE_ENDIAN),
    });
  }
  return positions;
}
