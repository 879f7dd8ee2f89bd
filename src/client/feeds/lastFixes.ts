/**
 * Workers who sent nothing since the screen subscribed (offline, idle) still belong on the wall:
 * their last stored fix, read by REST, places them. Newer live fixes win (the workers layer
 * ignores a fix older than the one it shows), so seeding late never moves a dot backwards.
 */
import type { FramePosition } from '../../shared/positionFrame';
import type { ApiClient } from './apiClient';

/** Stored fixes carry no accuracy on the worker list; they are placed, not judged. */
const SEED_ACCURACY_M = 0;

export type ListWorkers = ApiClient['workers'];

export async function loadLastFixes(
  listWorkers: ListWorkers,
  gridCodes: readonly string[],
  signal: AbortSignal,
): Promise<FramePosition[]> {
  const lists = await Promise.all(gridCodes.map((code) => listWorkers(code, signal)));
  return lists.flat().flatMap((worker) =>
    worker.lastFix === null
      ? []
      : [
          {
            workerId: worker.workerId,
            fixTimeMs: worker.lastFix.fixTimeMs,
            lon: worker.lastFix.lon,
            lat: worker.lastFix.lat,
            headingDeg: null,
            speedMps: null,
            accuracyM: SEED_ACCURACY_M,
            status: worker.status,
          },
        ],
  );
}
