/**
 * Enter/leave events when a worker crosses the boundary of one of their own grids. Grid edges run
 * down street middles, so a worker patrolling a boundary street sits right on the line while the
 * phone's error (3–25 m, correlated over many seconds) wanders across it. The side therefore has
 * hysteresis in distance and in time: a change counts only once the worker's fixes have been
 * clearly on the new side (beyond a margin) for a dwell time without a single fix back inside the
 * band. Fixes too vague to tell a side are ignored; a dropout neither confirms nor cancels. Feed it
 * the newest fix only; late fixes must not rewind the state.
 */
import type { TrackPoint } from './fix';
import {
  distanceToAreaBoundaryM,
  isPointInArea,
  type AreaGeometry,
} from '../geo/polygonContainment';

/** A fix must lie at least this far beyond the boundary to count for the new side. */
export const GRID_BOUNDARY_MARGIN_M = 20;
/** How long the fixes must stay clearly on the new side before the side changes. */
export const GRID_SIDE_DWELL_MS = 25_000;
/** A fix less precise than this says nothing about the side (cell-tower fallback, multipath). */
export const MAX_SIDE_ACCURACY_M = 50;

export interface WorkerGrid {
  gridCode: string;
  area: AreaGeometry;
}

export interface GridTransitionEvent {
  kind: 'enter' | 'leave';
  workerId: number;
  gridCode: string;
  /** Fix time of the fix that confirmed the change (a dwell after the boundary was crossed). */
  fixTimeMs: number;
}

/** Which of the worker's grids count as inside, and the changes waiting out their dwell. */
export interface GridMembership {
  insideCodes: ReadonlySet<string>;
  /** Per grid: fix time of the first of an unbroken run of fixes clearly on the other side. */
  otherSideSinceMs: ReadonlyMap<string, number>;
}

export interface GridMembershipUpdate {
  membership: GridMembership;
  events: GridTransitionEvent[];
}

/** The margin for one fix: the named margin, widened to the fix's own accuracy when poorer. */
export function boundaryMarginM(accuracyM: number): number {
  return Math.max(GRID_BOUNDARY_MARGIN_M, accuracyM);
}

/**
 * The membership after one fix. `previous` null means unknown (first fix since start): the raw
 * membership is taken and no events are given, so a restarted server does not replay enters.
 */
export function detectGridTransitions(
  previous: GridMembership | null,
  point: TrackPoint & { workerId: number },
  grids: readonly WorkerGrid[],
): GridMembershipUpdate {
  if (previous === null) {
    const insideCodes = new Set(
      grids.filter((grid) => isPointInArea(point, grid.area)).map((grid) => grid.gridCode),
    );
    return { membership: { insideCodes, otherSideSinceMs: new Map() }, events: [] };
  }
  if (point.accuracyM > MAX_SIDE_ACCURACY_M) return { membership: previous, events: [] };
  const insideCodes = new Set<string>();
  const otherSideSinceMs = new Map<string, number>();
  const leaves: GridTransitionEvent[] = [];
  const enters: GridTransitionEvent[] = [];
  for (const { gridCode, area } of grids) {
    const wasInside = previous.insideCodes.has(gridCode);
    const clearlyOtherSide =
      isPointInArea(point, area) !== wasInside &&
      distanceToAreaBoundaryM(point, area) >= boundaryMarginM(point.accuracyM);
    const sinceMs = previous.otherSideSinceMs.get(gridCode) ?? point.fixTimeMs;
    const changed = clearlyOtherSide && point.fixTimeMs - sinceMs >= GRID_SIDE_DWELL_MS;
    const nowInside = changed ? !wasInside : wasInside;
    if (nowInside) insideCodes.add(gridCode);
    if (clearlyOtherSide && !changed) otherSideSinceMs.set(gridCode, sinceMs);
    if (changed) {
      const event = { workerId: point.workerId, gridCode, fixTimeMs: point.fixTimeMs };
      if (nowInside) enters.push({ kind: 'enter', ...event });
      else leaves.push({ kind: 'leave', ...event });
    }
  }
  // A move from one grid to the next reads as leaving first, whatever the order of the grids.
  return { membership: { insideCodes, otherSideSinceMs }, events: [...leaves, ...enters] };
}

/** All transitions along a track ordered by fix time (replay, tests, a server warm start). */
export function detectGridTransitionsAlongTrack(
  workerId: number,
  track: readonly TrackPoint[],
  grids: readonly WorkerGrid[],
): GridTransitionEvent[] {
  let membership: GridMembership | null = null;
  const events: GridTransitionEvent[] = [];
  for (const point of track) {
    const update = detectGridTransitions(membership, { ...point, workerId }, grids);
    membership = update.membership;
    events.push(...update.events);
  }
  return events;
}
