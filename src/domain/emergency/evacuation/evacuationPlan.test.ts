import { describe, expect, it } from 'vitest';
import { toLocalMetres, toLonLat } from '../../geo/localFrame';
import { isPointInRing } from '../../geo/planarGeometry';
import { nearestEdgePoint, nodeStreetSegments, type LocalSegment } from '../../geo/streetGraph';
import type { LonLat } from '../../registry';
import { EVACUATION_PREPARATION_S, EVACUATION_WALKING_SPEED_MPS } from './evacuationAdvice';
import {
  planEvacuation,
  RESPONSE_DRIVING_SPEED_MPS,
  type EvacuationInput,
  type PlanBuilding,
  type PlanShelter,
} from './evacuationPlan';

// Hand-drawn streets in metres east/north of the origin: three east–west roads (y = 0, 400) and
// three north–south ones (x = −500, 0, 500); the zone is the box x ∈ [−100, 300], y ∈ [−200, 200].
const origin: LonLat = { lon: 120, lat: 30 };
const at = (eastM: number, northM: number) => toLonLat(origin, eastM, northM);
const road = (x1: number, y1: number, x2: number, y2: number): LocalSegment => ({
  start: { eastM: x1, northM: y1 },
  end: { eastM: x2, northM: y2 },
});
const graph = nodeStreetSegments(
  [
    road(-1000, 0, 1000, 0),
    road(-1000, 400, 1000, 400),
    road(-500, -500, -500, 500),
    road(0, -500, 0, 500),
    road(500, -500, 500, 500),
  ],
  { nodeMergeM: 0.05, junctionSnapM: 20 },
);
const zoneRing = [at(-100, -200), at(300, -200), at(300, 200), at(-100, 200), at(-100, -200)].map(
  (point) => [point.lon, point.lat],
);

function building(id: number, eastM: number, northM: number, extra: Partial<PlanBuilding> = {}) {
  return {
    id,
    name: `B${id}`,
    nameEn: `B${id}`,
    gridCode: '1',
    persons: 50,
    zoneMask: 0b11,
    arrivalS: 10_000,
    ...at(eastM, northM),
    ...extra,
  };
}
function shelter(id: number, eastM: number, northM: number, capacityPersons: number): PlanShelter {
  return { id, name: `S${id}`, capacityPersons, open: true, ...at(eastM, northM) };
}

function input(overrides: Partial<EvacuationInput>): EvacuationInput {
  return {
    graph,
    origin,
    zones: [
      { tier: 'AEGL-1', ring: zoneRing },
      { tier: 'AEGL-2', ring: zoneRing },
    ],
    buildings: [building(1, 10, 20)],
    shelters: [shelter(10, -500, 410, 1000), shelter(11, 800, -10, 1000)],
    resources: [],
    source: at(0, 0),
    accessOf: (place) => nearestEdgePoint(graph, toLocalMetres(origin, place), 300),
    ...overrides,
  };
}

const insideZone = ([lon, lat]: readonly number[]) => isPointInRing([lon!, lat!], zoneRing);

describe('planEvacuation', () => {
  it('walks out of the zone by the shortest street and on to the nearest shelter', () => {
    const plan = planEvacuation(input({}));
    const [only] = plan.buildings;
    // Out: 10 m to the road, 180 m north to the zone's edge at y = 200.
    expect(only!.leaveS).toBe(
      Math.round(EVACUATION_PREPARATION_S + 190 / EVACUATION_WALKING_SPEED_MPS),
    );
    expect(only!.action).toBe('evacuate');
    // West: 20 m south and 100 m west inside the zone (cost 10 + 120·10 + 400 + 400 + 10 = 2020),
    // 10 + 20 + 500 + 400 + 10 = 940 m. North would be 900 m but 180 of them inside (2520); the
    // east shelter is 840 m away with 320 inside (3720).
    expect(only!.route).toMatchObject({ shelterId: 10, distanceM: 940 });
    expect(only!.route!.walkS).toBe(Math.round(940 / EVACUATION_WALKING_SPEED_MPS));
    expect(plan.shelters.map((fill) => fill.assignedPersons)).toEqual([50, 0]);
  });

  it('respects capacity: the nearest shelter full, the next one takes the building', () => {
    const plan = planEvacuation(
      input({ shelters: [shelter(10, -500, 410, 40), shelter(11, 800, -10, 1000)] }),
    );
    // North out, east along y = 400, south on x = 500, east to 800: 10+380+500+400+300+10.
    expect(plan.buildings[0]!.route).toMatchObject({ shelterId: 11, distanceM: 1600 });
    expect(plan.shelters.map((fill) => fill.assignedPersons)).toEqual([0, 50]);
  });

  it('reports a building no shelter can take, with the reason', () => {
    const full = planEvacuation(input({ shelters: [shelter(10, -500, 410, 49)] }));
    expect(full.buildings[0]).toMatchObject({ route: null, unplaced: 'no_capacity' });
    const none = planEvacuation(input({ shelters: [] }));
    expect(none.buildings[0]).toMatchObject({ route: null, unplaced: 'no_route' });
  });

  it('never lets a route enter the zone again once it is out, nor use a shelter inside it', () => {
    // The zone box now reaches x = −450; the shelter in it is refused.
    const wide = [at(-450, -200), at(300, -200), at(300, 200), at(-450, 200), at(-450, -200)].map(
      (point) => [point.lon, point.lat],
    );
    const plan = planEvacuation(
      input({
        zones: [
          { tier: 'AEGL-1', ring: wide },
          { tier: 'AEGL-2', ring: wide },
        ],
        buildings: [building(1, -300, 10), building(2, 10, 20)],
        shelters: [shelter(11, 800, -10, 1000), shelter(12, 100, 0, 1000)],
      }),
    );
    expect(plan.shelters.map((fill) => fill.state)).toEqual(['open', 'in_zone']);
    for (const entry of plan.buildings) {
      const line = entry.route!.line;
      const firstOut = line.findIndex((point) => !isPointInRing(point, wide));
      expect(firstOut).toBeGreaterThan(0);
      expect(line.slice(firstOut).some((point) => isPointInRing(point, wide))).toBe(false);
    }
    // Building 1 at (−300, 10): west 200 m out of the zone, north 400, east 1000, south 400, east
    // 300 and in 10: 2320 m. Along y = 0 it would be 1120 m, 750 of them inside the zone.
    expect(plan.buildings.find((entry) => entry.buildingId === 1)!.route!.distanceM).toBe(2320);
  });

  it('shelters in place where the gas arrives before the residents are out, and in AEGL-1', () => {
    const leaveS = EVACUATION_PREPARATION_S + 190 / EVACUATION_WALKING_SPEED_MPS;
    const plan = planEvacuation(
      input({
        buildings: [
          building(1, 10, 20, { arrivalS: leaveS - 1 }),
          building(2, 10, 20, { arrivalS: leaveS + 1 }),
          building(3, 10, 20, { zoneMask: 0b01 }),
        ],
      }),
    );
    const actionOf = (id: number) =>
      plan.buildings.find((entry) => entry.buildingId === id)!.action;
    expect([actionOf(1), actionOf(2), actionOf(3)]).toEqual([
      'shelter_in_place',
      'evacuate',
      'shelter_in_place',
    ]);
    expect(plan.buildings.filter((entry) => entry.route !== null)).toHaveLength(1);
  });

  it('gives each resource its driving time to the release point over every street', () => {
    const plan = planEvacuation(
      input({ resources: [{ id: 5, name: 'R', resourceType: 'rescue_team', ...at(-1000, 10) }] }),
    );
    // 10 m to y = 0, 1000 m east to the source at (0, 0), straight through the zone.
    expect(plan.resources[0]).toMatchObject({
      distanceM: 1010,
      etaS: Math.round(1010 / RESPONSE_DRIVING_SPEED_MPS),
    });
  });

  it('keeps every route outside the zone after its first step out (the original box)', () => {
    const plan = planEvacuation(input({}));
    const line = plan.buildings[0]!.route!.line;
    const firstOut = line.findIndex((point) => !insideZone(point));
    expect(line.slice(firstOut).every((point) => !insideZone(point))).toBe(true);
  });
});
