/** Routes on small known networks: crossings without shared vertices, T-junctions, islands. */
import { describe, expect, it } from 'vitest';
import { toLonLat } from '../../domain/geo/localFrame';
import type { LonLat } from '../../domain/registry';
import { MAX_ACCESS_M, StreetNetwork, WALKING_SPEED_MPS } from './streetNetwork';

const ORIGIN: LonLat = { lon: 119.29, lat: 26.08 };

function at(eastM: number, northM: number): LonLat {
  return toLonLat(ORIGIN, eastM, northM);
}

function line(...points: Array<[number, number]>): number[][] {
  return points.map(([eastM, northM]) => {
    const { lon, lat } = at(eastM, northM);
    return [lon, lat];
  });
}

describe('StreetNetwork', () => {
  it('turns at a crossing of two roads that share no vertex', () => {
    const network = new StreetNetwork([line([-500, 0], [500, 0]), line([0, -500], [0, 500])]);
    const route = network.route(at(-400, 0), at(0, 300));
    expect(route?.distanceM).toBeCloseTo(700, 0);
    expect(route?.durationS).toBeCloseTo(700 / WALKING_SPEED_MPS, 0);
  });

  it('joins a lane that stops short of a road', () => {
    const network = new StreetNetwork([
      line([-500, 0], [500, 0]),
      // A lane ending 12 m south of the arterial's centre line.
      line([100, -400], [100, -12]),
    ]);
    const route = network.route(at(100, -300), at(-200, 0));
    expect(route?.distanceM).toBeCloseTo(288 + 12 + 300, 0);
  });

  it('counts the walk to and from the nearest road', () => {
    const network = new StreetNetwork([line([0, 0], [1000, 0])]);
    const route = network.route(at(100, 50), at(600, -30));
    expect(route?.distanceM).toBeCloseTo(50 + 500 + 30, 0);
  });

  it('goes round when the straight way has no road', () => {
    // A U: the two arms are 100 m apart but only linked at the far end, 1 km away.
    const network = new StreetNetwork([
      line([0, 0], [0, 1000]),
      line([0, 1000], [100, 1000]),
      line([100, 1000], [100, 0]),
    ]);
    const route = network.route(at(0, 0), at(100, 0));
    expect(route?.distanceM).toBeCloseTo(2100, 0);
  });

  it('draws the walk: along the U, its length the route length, from the worker to the site', () => {
    const network = new StreetNetwork([
      line([0, 0], [0, 1000]),
      line([0, 1000], [100, 1000]),
      line([100, 1000], [100, 0]),
    ]);
    const walk = network.walk(at(-20, 0), at(120, 0))!;
    expect(walk.distanceM).toBeCloseTo(20 + 2100 + 20, 0);
    expect(walk.distanceM).toBeCloseTo(network.route(at(-20, 0), at(120, 0))!.distanceM, 6);
    const { lon: fromLon } = at(-20, 0);
    expect(walk.line[0]!.lon).toBeCloseTo(fromLon, 9);
    expect(walk.line.at(-1)!.lon).toBeCloseTo(at(120, 0).lon, 9);
    // It passes both far corners of the U, in walking order.
    const farCorners = walk.line.filter((point) => Math.abs(point.lat - at(0, 1000).lat) < 1e-7);
    expect(farCorners.map((point) => Math.round((point.lon - ORIGIN.lon) * 1e5))).toEqual(
      [at(0, 1000), at(100, 1000)].map((point) => Math.round((point.lon - ORIGIN.lon) * 1e5)),
    );
    expect(network.walk(at(50, 1000 + MAX_ACCESS_M + 50), at(0, 0))).toBeNull();
  });

  it('finds no route off the network or between islands', () => {
    const network = new StreetNetwork([line([0, 0], [100, 0]), line([0, 5000], [100, 5000])]);
    expect(network.route(at(50, MAX_ACCESS_M + 50), at(50, 0))).toBeNull();
    expect(network.route(at(50, 0), at(50, 5000))).toBeNull();
  });

  it('answers many workers to one site from one search', () => {
    const network = new StreetNetwork([line([-500, 0], [500, 0]), line([0, -500], [0, 500])]);
    const toSite = network.routesTo(at(0, 200));
    expect(toSite(at(-300, 0))?.distanceM).toBeCloseTo(500, 0);
    expect(toSite(at(0, -100))?.distanceM).toBeCloseTo(300, 0);
  });
});
