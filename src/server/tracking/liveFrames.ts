/** Positions into the binary frame screens receive (src/shared/positionFrame.ts). */
import type { Position, WorkerStatus } from '../../domain/tracking/fix';
import { encodePositionFrame, type FramePosition } from '../../shared/positionFrame';

/**
 * One frame of the positions `include` lets through, each with the worker's current status;
 * null when none is left (no empty frames go out).
 */
export function encodeLiveFrame(
  positions: Iterable<Position>,
  statusOf: (workerId: number) => WorkerStatus,
  tickTimeMs: number,
  include: (workerId: number) => boolean = () => true,
): Uint8Array | null {
  const framePositions: FramePosition[] = [];
  for (const position of positions) {
    if (!include(position.workerId)) continue;
    framePositions.push({
      workerId: position.workerId,
      fixTimeMs: position.fixTimeMs,
      lon: position.lon,
      lat: position.lat,
      headingDeg: position.headingDeg,
      speedMps: position.speedMps,
      accuracyM: position.accuracyM,
      status: statusOf(position.workerId),
    });
  }
  return framePositions.length === 0 ? null : encodePositionFrame(framePositions, tickTimeMs);
}
