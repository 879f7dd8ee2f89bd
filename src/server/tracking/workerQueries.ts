/**
 * Use cases behind the worker REST routes: the worker list, the worker card ("today") and replay
 * tracks. Worker tracks are personal information (DESIGN.md §6): every read checks the caller's
 * scope against the worker's grids (any of them inside a scope: the same rule as /live), names
 * are masked for callers without the reveal permission, and track reads are audited.
 */
import { districtDayStartMs } from '../../domain/districtTime';
import { isInScope, touchesScope } from '../../domain/gridCode';
import type { Position, WorkerStatus } from '../../domain/tracking/fix';
import { detectStops, type Stop } from '../../domain/tracking/detectStops';
import { downsampleTrack } from '../../domain/tracking/downsampleTrack';
import { MAX_ACCURACY_FOR_DISTANCE_M } from '../../domain/tracking/walkedDistance';
import { measurePatrolCoverage } from '../../domain/tracking/patrolCoverage';
import { measureWalkedDistanceM } from '../../domain/tracking/walkedDistance';
import {
  DEFAULT_REPLAY_POINTS,
  MAX_REPLAY_RANGE_MS,
  type LonLatTime,
  type TracksResponse,
  type WorkerStopView,
  type WorkerSummary,
  type WorkerToday,
} from '../../shared/tracking';
import type { AuditRepository } from '../audit/auditRepository';
import { ForbiddenError, requireVisible, type Caller } from '../registry/accessErrors';
import type { GridStreets } from './gridStreets';
import { isWorkerVisible } from './liveSubscriptions';
import type { TrackingRepository, WorkerRecord } from './trackingRepository';
import { toWorkerSummary, workerDisplayName } from './workerMapper';

const DAY_MS = 24 * 60 * 60 * 1000;
export const AUDIT_ACTION_READ_TRACKS = 'read_tracks';
export const AUDIT_ACTION_READ_WORKER_DAY = 'read_worker_day';
const AUDIT_TARGET_WORKER = 'worker';

export interface WorkerQueryContext {
  tracking: Pick<TrackingRepository, 'listWorkers' | 'workerById' | 'trackOf'>;
  grids: GridStreets;
  audit: Pick<AuditRepository, 'recordAudit'>;
  /** The live status and newest position (the /live hub's view). */
  statusOf: (workerId: number) => WorkerStatus;
  newestPositionOf: (workerId: number) => Position | undefined;
  nowMs: () => number;
}

export interface WorkerCaller extends Caller {
  canReveal: boolean;
}

/** Thrown for a request that is well-formed but asks for something not allowed (→ 400). */
export class InvalidRangeError extends Error {
  readonly statusCode = 400;
}

function toLonLatTime(position: Position): LonLatTime {
  return { fixTimeMs: position.fixTimeMs, lon: position.lon, lat: position.lat };
}

function toStopView(stop: Stop): WorkerStopView {
  return {
    startMs: stop.startTimeMs,
    endMs: stop.endTimeMs,
    lon: stop.centre.lon,
    lat: stop.centre.lat,
  };
}

function summaryOf(
  context: WorkerQueryContext,
  worker: WorkerRecord,
  caller: WorkerCaller,
): WorkerSummary {
  const newest = context.newestPositionOf(worker.workerId);
  return toWorkerSummary(
    worker,
    worker.gridCodes.map((code) => context.grids.gridOf(code)?.name ?? code),
    context.statusOf(worker.workerId),
    newest === undefined ? null : toLonLatTime(newest),
    caller.canReveal,
  );
}

/** The worker, when it exists and the caller may see it. */
async function visibleWorker(
  context: WorkerQueryContext,
  caller: WorkerCaller,
  workerId: number,
): Promise<WorkerRecord> {
  return requireVisible(
    await context.tracking.workerById(workerId),
    (found) => isWorkerVisible(found, caller.scopes),
    'worker',
  );
}

/** Workers in the caller's scope, narrowed to a grid subtree when `gridCode` is given. */
export async function listWorkers(
  context: WorkerQueryContext,
  caller: WorkerCaller,
  gridCode: string | null,
): Promise<WorkerSummary[]> {
  if (gridCode !== null && !touchesScope(gridCode, caller.scopes)) throw new ForbiddenError();
  return (await context.tracking.listWorkers())
    .filter(
      (worker) =>
        isWorkerVisible(worker, caller.scopes) &&
        (gridCode === null || worker.gridCodes.some((code) => isInScope(code, [gridCode]))),
    )
    .map((worker) => summaryOf(context, worker, caller));
}

/** The worker card: today's distance, patrol coverage of the worker's grids and stops. */
export async function getWorkerToday(
  context: WorkerQueryContext,
  caller: WorkerCaller,
  workerId: number,
): Promise<WorkerToday> {
  const worker = await visibleWorker(context, caller, workerId);
  const nowMs = context.nowMs();
  const dayStartMs = districtDayStartMs(nowMs);
  // The whole day, not up to now: a phone clock slightly ahead still counts today.
  const track = await context.tracking.trackOf(workerId, dayStartMs, dayStartMs + DAY_MS - 1);
  const streets = worker.gridCodes.flatMap((code) => context.grids.streetsOf(code));
  const coverage = measurePatrolCoverage(streets, track);
  await context.audit.recordAudit({
    at: new Date(nowMs).toISOString(),
    username: caller.username,
    action: AUDIT_ACTION_READ_WORKER_DAY,
    targetType: AUDIT_TARGET_WORKER,
    targetId: String(workerId),
    fields: 'distance,coverage,stops',
    reason: '',
  });
  return {
    worker: summaryOf(context, worker, caller),
    dayStartMs,
    fixCount: track.length,
    distanceWalkedM: measureWalkedDistanceM(track),
    patrolCoverage: coverage.share,
    walkedStreetM: coverage.coveredM,
    gridStreetM: coverage.totalM,
    stops: detectStops(track).map(toStopView),
  };
}

export interface TracksRequest {
  workerIds: readonly number[];
  fromMs: number;
  toMs: number;
  maxPoints?: number;
}

/**
 * Replay tracks of several workers over one range: every worker must be visible (else 403 and
 * nothing is read), stops come from the full-resolution track, long tracks are downsampled to
 * `maxPoints`. One audit row names all the workers read.
 *
 * The drawn line leaves out imprecise fixes (accuracy worse than the distance measure accepts):
 * they are stored and counted, but a phone's occasional 200 m fix is not where the worker was,
 * and the downsampler, which keeps the worst deviations first, would otherwise keep exactly those.
 */
export async function getTracks(
  context: WorkerQueryContext,
  caller: WorkerCaller,
  request: TracksRequest,
): Promise<TracksResponse> {
  const { fromMs, toMs } = request;
  if (toMs < fromMs) throw new InvalidRangeError('toMs must not be before fromMs');
  if (toMs - fromMs > MAX_REPLAY_RANGE_MS) {
    throw new InvalidRangeError(`the range may span at most ${MAX_REPLAY_RANGE_MS} ms`);
  }
  const workerIds = [...new Set(request.workerIds)];
  const workers: WorkerRecord[] = [];
  for (const workerId of workerIds) workers.push(await visibleWorker(context, caller, workerId));
  const maxPoints = request.maxPoints ?? DEFAULT_REPLAY_POINTS;
  await context.audit.recordAudit({
    at: new Date(context.nowMs()).toISOString(),
    username: caller.username,
    action: AUDIT_ACTION_READ_TRACKS,
    targetType: AUDIT_TARGET_WORKER,
    targetId: workerIds.join(','),
    fields: `track ${new Date(fromMs).toISOString()}/${new Date(toMs).toISOString()}`,
    reason: '',
  });
  const tracks = await Promise.all(
    workers.map((worker) => context.tracking.trackOf(worker.workerId, fromMs, toMs)),
  );
  return {
    fromMs,
    toMs,
    tracks: workers.map((worker, index) => {
      const track = tracks[index]!;
      const stops = detectStops(track);
      const precise = track.filter((fix) => fix.accuracyM <= MAX_ACCURACY_FOR_DISTANCE_M);
      const points = downsampleTrack(precise, maxPoints, stops);
      return {
        workerId: worker.workerId,
        displayName: workerDisplayName(worker, caller.canReveal),
        points: points.map(toLonLatTime),
        stops: stops.map(toStopView),
        storedCount: track.length,
        downsampled: points.length < track.length,
      };
    }),
  };
}
