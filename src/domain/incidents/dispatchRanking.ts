/**
 * Which worker to send: available workers ranked by travel time along the street network, then
 * by distance. The router is injected (the domain knows no network); where it has no route the
 * worker is still ranked on a straight-line estimate, flagged so the dispatcher sees it is a
 * guess and not silently ranked as if it were measured.
 */
import { isWithinGrid } from '../gridCode';
import type { LonLat } from '../registry';
import { groundDistanceM } from '../geo/groundDistance';

/** Walking pace of a worker on patrol, for the straight-line estimate. */
export const FALLBACK_SPEED_MPS = 1.2;
/** Streets are not straight: typical ratio of network to straight-line distance in a city. */
export const FALLBACK_DETOUR_FACTOR = 1.3;

/** `Id` is whatever the caller keys workers by (the tracking feed uses numbers). */
export interface DispatchCandidate<Id extends string | number = string> {
  id: Id;
  lon: number;
  lat: number;
  available: boolean;
  /** Base grids (or higher levels) the worker is bound to. */
  gridCodes: readonly string[];
}

export interface NetworkRoute {
  distanceM: number;
  durationS: number;
}

export type RouteOnNetwork = (from: LonLat, to: LonLat) => NetworkRoute | null;

export interface RankedWorker<Id extends string | number = string> {
  workerId: Id;
  distanceM: number;
  durationS: number;
  /** 'straight_line' when the network had no route and the figures are an estimate. */
  routeKind: 'network' | 'straight_line';
  /** True when the worker is bound to the incident's grid or one of its ancestors. */
  inIncidentGrid: boolean;
}

export interface DispatchRankingOptions {
  gridCode?: string;
  /** Keep the best N; all when absent. */
  limit?: number;
}

export function rankWorkersForDispatch<Id extends string | number>(
  site: LonLat,
  workers: readonly DispatchCandidate<Id>[],
  routeOnNetwork: RouteOnNetwork,
  options: DispatchRankingOptions = {},
): RankedWorker<Id>[] {
  const ranked = workers
    .filter((worker) => worker.available)
    .map((worker) => rankOne(site, worker, routeOnNetwork, options.gridCode));
  ranked.sort(
    (left, right) =>
      left.durationS - right.durationS ||
      left.distanceM - right.distanceM ||
      compareIds(left.workerId, right.workerId),
  );
  return options.limit === undefined ? ranked : ranked.slice(0, options.limit);
}

function rankOne<Id extends string | number>(
  site: LonLat,
  worker: DispatchCandidate<Id>,
  routeOnNetwork: RouteOnNetwork,
  gridCode: string | undefined,
): RankedWorker<Id> {
  const from = { lon: worker.lon, lat: worker.lat };
  const inIncidentGrid =
    gridCode !== undefined && worker.gridCodes.some((code) => isWithinGrid(gridCode, code));
  const route = routeOnNetwork(from, site);
  if (route !== null && isUsableRoute(route)) {
    return { workerId: worker.id, ...route, routeKind: 'network', inIncidentGrid };
  }
  const distanceM = groundDistanceM(from, site) * FALLBACK_DETOUR_FACTOR;
  return {
    workerId: worker.id,
    distanceM,
    durationS: distanceM / FALLBACK_SPEED_MPS,
    routeKind: 'straight_line',
    inIncidentGrid,
  };
}

/** Ties broken by id so the same inputs always give the same list. */
function compareIds(left: string | number, right: string | number): number {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  return String(left).localeCompare(String(right));
}

/** A router bug (NaN, negative) must not put a worker first. */
function isUsableRoute(route: NetworkRoute): boolean {
  return (
    Number.isFinite(route.distanceM) &&
    Number.isFinite(route.durationS) &&
    route.distanceM >= 0 &&
    route.durationS >= 0
  );
}
