/**
 * Enter/leave events when a worker crosses the boundary of one of their own grids (issue 3 §2).
 * A worker walking along a boundary street would flap in and out with GPS noise, so a change of
 * side only counts when the fix lies clearly on the new side: farther from the boundary than its
 * accuracy (within named bounds). Feed it the newest fix only; late fixes must not rewind state.
 */
import type { TrackPoint } from './fix';
import { distanceToAreaBoundaryM, isPointInArea, type AreaGeometry } from './polygonContainment';

/** Even a perfect fix must clear the boundary by this much (boundaries run down street middles). */
export const MIN_BOUNDARY_MARGIN_M = 5;
/** A poor fix is not allowed to freeze the state forever: its margin is capped. */
export const MAX_BOUNDARY_MARGIN_M = 30;

export interface WorkerGrid {
  gridCode: string;
  area: AreaGeometry;
}

export interface GridTransitionEvent {
  kind: 'enter' | 'leave';
  workerId: number;
  gridCode: string;
  fixTimeMs: number;
}

export interface GridMembership {
  /** Codes of the worker's grids the worker is inside now. */
  insideCodes: Set<string>;
  events: GridTransitionEvent[];
}

export function boundaryMarginM(accuracyM: number): number {
  return Math.min(MAX_BOUNDARY_MARGIN_M, Math.max(MIN_BOUNDARY_MARGIN_M, accuracyM));
}

/**
 * The membership after one fix. `previousInside` null means unknown (first fix since start): the
 * raw membership is taken and no events are given, so a restarted server does not replay enters.
 */
export function detectGridTransitions(
  previousInside: ReadonlySet<string> | null,
  point: TrackPoint & { workerId: number },
  grids: readonly WorkerGrid[],
): GridMembership {
  const insideCodes = new Set<string>();
  const events: GridTransitionEvent[] = [];
  for (const grid of grids) {
    const rawInside = isPointInArea(point, grid.area);
    if (previousInside === null) {
      if (rawInside) insideCodes.add(grid.gridCode);
      continue;
    }
    const wasInside = previousInside.has(grid.gridCode);
    const changed =
      rawInside !== wasInside &&
      distanceToAreaBoundaryM(point, grid.area) >= boundaryMarginM(point.accuracyM);
    const nowInside = changed ? rawInside : wasInside;
    if (nowInside) insideCodes.add(grid.gridCode);
    if (changed) {
      events.push({
        kind: nowInside ? 'enter' : 'leave',
        workerId: point.workerId,
        gridCode: grid.gridCode,
        fixTimeMs: point.fixTimeMs,
      });
    }
  }
  return { insideCodes, events };
}

/** All transitions along a track ordered by fix time (replay, tests, a server warm start). */
export function detectGridTransitionsAlongTrack(
  workerId: number,
  track: readonly TrackPoint[],
  grids: readonly WorkerGrid[],
): GridTransitionEvent[] {
  let inside: ReadonlySet<string> | null = null;
  const events: GridTransitionEvent[] = [];
  for (const point of track) {
    const membership = detectGridTransitions(inside, { ...point, workerId }, grids);
    inside = membership.insideCodes;
    events.push(...membership.events);
  }
  return events;
}
