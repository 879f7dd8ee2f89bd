/**
 * What the /live fan-out knows about each worker between ticks: the newest position (by fix
 * time: a late, older fix never replaces a newer one), the activity the status is derived from,
 * the status last announced, and which of the worker's own grids the worker is inside. Plain
 * state driven by calls with explicit times, so the hub and its tests need no timers.
 */
import type { Position, WorkerStatus } from '../../domain/tracking/fix';
import {
  detectGridTransitions,
  type GridMembership,
  type GridTransitionEvent,
  type WorkerGrid,
} from '../../domain/tracking/gridTransitions';
import {
  deriveWorkerStatus,
  updateWorkerActivity,
  type StatusThresholds,
  DEFAULT_STATUS_THRESHOLDS,
  type WorkerActivity,
} from '../../domain/tracking/workerStatus';
import type { WorkerStatusChange } from '../../shared/trackingEvents';
import type { GridRecord } from '../../domain/registry';
import type { WorkerRecord } from './trackingRepository';

/** Each worker's own grids with their polygons (codes without a grid row are skipped). */
export function workerGridsOf(
  workers: readonly WorkerRecord[],
  grids: readonly GridRecord[],
): Map<number, WorkerGrid[]> {
  const areaByCode = new Map(grids.map((grid) => [grid.code, grid.polygon]));
  return new Map(
    workers.map((worker) => [
      worker.workerId,
      worker.gridCodes.flatMap((gridCode) => {
        const area = areaByCode.get(gridCode);
        return area === undefined ? [] : [{ gridCode, area }];
      }),
    ]),
  );
}

export class LiveWorkerStates {
  private readonly newest = new Map<number, Position>();
  private readonly activities = new Map<number, WorkerActivity>();
  private readonly statuses = new Map<number, WorkerStatus>();
  /** Which own grids each worker counts as inside, with the side changes still in their dwell. */
  private readonly gridMemberships = new Map<number, GridMembership>();
  /** Newest position per worker since the last takeChanged(). */
  private changed = new Map<number, Position>();

  constructor(
    /** The worker's own base grids with their polygons (empty for an unknown worker). */
    private readonly gridsOf: (workerId: number) => readonly WorkerGrid[],
    private readonly thresholds: StatusThresholds = DEFAULT_STATUS_THRESHOLDS,
  ) {}

  /**
   * Initial state after a (re)start: the store's newest fix per worker and the active SOS. The
   * worker counts as having moved at its newest fix (benefit of the doubt, as for a first fix).
   */
  seed(
    newestPositions: readonly Position[],
    activeSos: ReadonlyArray<{ workerId: number }>,
    nowMs: number,
  ): void {
    for (const position of newestPositions) {
      const known = this.newest.get(position.workerId);
      if (known !== undefined && known.fixTimeMs >= position.fixTimeMs) continue;
      this.newest.set(position.workerId, position);
      this.activities.set(position.workerId, {
        newestFixTimeMs: position.fixTimeMs,
        lastMovedAtMs: position.fixTimeMs,
        sosActive: false,
      });
    }
    for (const { workerId } of activeSos) this.setSosFlag(workerId, true);
    for (const workerId of this.activities.keys()) {
      this.statuses.set(workerId, this.deriveStatus(workerId, nowMs));
    }
  }

  /**
   * Takes one committed position. Returns false for a fix not newer than the newest known one
   * (it is in the store for replay, but the wall shows where the worker is now). Grid
   * enter/leave events of the accepted fix are appended to `transitions`.
   */
  applyPosition(position: Position, transitions: GridTransitionEvent[]): boolean {
    const previous = this.newest.get(position.workerId) ?? null;
    if (previous !== null && previous.fixTimeMs >= position.fixTimeMs) return false;
    this.newest.set(position.workerId, position);
    this.changed.set(position.workerId, position);
    this.activities.set(
      position.workerId,
      updateWorkerActivity(this.activities.get(position.workerId) ?? null, previous, position),
    );
    const grids = this.gridsOf(position.workerId);
    if (grids.length > 0) {
      const update = detectGridTransitions(
        this.gridMemberships.get(position.workerId) ?? null,
        position,
        grids,
      );
      this.gridMemberships.set(position.workerId, update.membership);
      for (const event of update.events) transitions.push(event);
    }
    return true;
  }

  /** The SOS flag; the status change it causes is returned by the next refreshStatuses. */
  setSos(workerId: number, active: boolean): void {
    this.setSosFlag(workerId, active);
  }

  /** Positions that changed since the previous call (newest per worker), and a fresh start. */
  takeChanged(): Map<number, Position> {
    const taken = this.changed;
    this.changed = new Map();
    return taken;
  }

  newestOf(workerId: number): Position | undefined {
    return this.newest.get(workerId);
  }

  statusOf(workerId: number): WorkerStatus {
    return this.statuses.get(workerId) ?? 'offline';
  }

  /** Re-derives the status of the given workers (all known ones when omitted) at `nowMs`. */
  refreshStatuses(nowMs: number, workerIds?: Iterable<number>): WorkerStatusChange[] {
    const changes: WorkerStatusChange[] = [];
    for (const workerId of workerIds ?? this.activities.keys()) {
      const status = this.deriveStatus(workerId, nowMs);
      const previousStatus = this.statusOf(workerId);
      if (status === previousStatus) continue;
      this.statuses.set(workerId, status);
      changes.push({ workerId, status, previousStatus, atMs: nowMs });
    }
    return changes;
  }

  private deriveStatus(workerId: number, nowMs: number): WorkerStatus {
    return deriveWorkerStatus(this.activities.get(workerId) ?? null, nowMs, this.thresholds);
  }

  private setSosFlag(workerId: number, active: boolean): void {
    const activity = this.activities.get(workerId);
    // A worker who presses SOS before any fix still needs an activity to carry the flag.
    this.activities.set(
      workerId,
      activity === undefined
        ? {
            newestFixTimeMs: Number.NEGATIVE_INFINITY,
            lastMovedAtMs: Number.NEGATIVE_INFINITY,
            sosActive: active,
          }
        : { ...activity, sosActive: active },
    );
  }
}
