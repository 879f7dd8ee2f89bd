import { describe, expect, it } from 'vitest';
import { toLonLat } from '../geo/localFrame';
import type { LonLat } from '../registry';
import {
  FALLBACK_DETOUR_FACTOR,
  FALLBACK_SPEED_MPS,
  rankWorkersForDispatch,
  type DispatchCandidate,
  type NetworkRoute,
} from './dispatchRanking';
import { BASE_GRID } from './incidentFixtures.test-helper';

const SITE = { lon: 119.3, lat: 26.08 };

function worker(
  id: string,
  eastM: number,
  overrides: Partial<DispatchCandidate> = {},
): DispatchCandidate {
  return { id, ...toLonLat(SITE, eastM, 0), available: true, gridCodes: [BASE_GRID], ...overrides };
}

/** A fake router keyed by the worker's position; unknown positions have no route. */
function routerFor(routes: Map<DispatchCandidate, NetworkRoute | null>) {
  return (from: LonLat, to: LonLat): NetworkRoute | null => {
    expect(to).toEqual(SITE);
    for (const [candidate, route] of routes) {
      if (candidate.lon === from.lon && candidate.lat === from.lat) return route;
    }
    return null;
  };
}

describe('rankWorkersForDispatch', () => {
  it('ranks available workers by network time, then distance, and skips unavailable ones', () => {
    const nearButSlow = worker('near-slow', 100);
    const farButFast = worker('far-fast', 900);
    const tieShorter = worker('tie-shorter', 300);
    const busy = worker('busy', 10, { available: false });
    const route = routerFor(
      new Map<DispatchCandidate, NetworkRoute | null>([
        [nearButSlow, { distanceM: 800, durationS: 600 }], // round a river
        [farButFast, { distanceM: 1200, durationS: 300 }],
        [tieShorter, { distanceM: 400, durationS: 300 }],
        [busy, { distanceM: 10, durationS: 8 }],
      ]),
    );
    const ranked = rankWorkersForDispatch(SITE, [nearButSlow, farButFast, tieShorter, busy], route);
    expect(ranked.map((entry) => entry.workerId)).toEqual(['tie-shorter', 'far-fast', 'near-slow']);
    expect(ranked.every((entry) => entry.routeKind === 'network')).toBe(true);
    expect(
      rankWorkersForDispatch(SITE, [nearButSlow, farButFast, tieShorter], route, { limit: 1 }),
    ).toHaveLength(1);
  });

  it('falls back to a flagged straight-line estimate when the network has no route or a bad one', () => {
    const noRoute = worker('no-route', 600);
    const badRoute = worker('bad-route', 1200);
    const routed = worker('routed', 100);
    const route = routerFor(
      new Map<DispatchCandidate, NetworkRoute | null>([
        [noRoute, null],
        [badRoute, { distanceM: Number.NaN, durationS: -1 }],
        [routed, { distanceM: 150, durationS: 120 }],
      ]),
    );
    const ranked = rankWorkersForDispatch(SITE, [badRoute, noRoute, routed], route);
    expect(ranked.map((entry) => [entry.workerId, entry.routeKind])).toEqual([
      ['routed', 'network'],
      ['no-route', 'straight_line'],
      ['bad-route', 'straight_line'],
    ]);
    const estimate = ranked[1];
    expect(estimate?.distanceM).toBeCloseTo(600 * FALLBACK_DETOUR_FACTOR, 2);
    expect(estimate?.durationS).toBeCloseTo((600 * FALLBACK_DETOUR_FACTOR) / FALLBACK_SPEED_MPS, 2);
  });

  it('flags workers bound to the incident grid or an ancestor of it', () => {
    const own = worker('own', 100);
    const community = worker('community', 200, { gridCodes: ['350102001002'] });
    const neighbour = worker('neighbour', 50, { gridCodes: ['350102001002004'] });
    const ranked = rankWorkersForDispatch(SITE, [own, community, neighbour], () => null, {
      gridCode: BASE_GRID,
    });
    expect(
      Object.fromEntries(ranked.map((entry) => [entry.workerId, entry.inIncidentGrid])),
    ).toEqual({
      own: true,
      community: true,
      neighbour: false,
    });
  });

  it('takes numeric worker ids and breaks exact ties by id', () => {
    const workers = [7, 3, 12].map((id) => ({
      id,
      ...toLonLat(SITE, 100, 0),
      available: true,
      gridCodes: [],
    }));
    const ranked = rankWorkersForDispatch(SITE, workers, () => ({ distanceM: 120, durationS: 90 }));
    expect(ranked.map((entry) => entry.workerId)).toEqual([3, 7, 12]);
  });
});
