/**
 * The evacuation plan rides with the active scenario: a dispatcher's release is pushed with
 * advice, shelter assignments and routes; each screen gets the buildings of its own scope; no
 * shelter takes more than it holds; no route re-enters a zone once out of it; a wind change
 * recomputes the plan in the same push; and the time slider can ask for any step's plan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvacuationPlan } from '../../domain/emergency/evacuation/evacuationPlan';
import { toLonLat } from '../../domain/geo/localFrame';
import { isPointInArea } from '../../domain/geo/polygonContainment';
import { isWithinGrid } from '../../domain/gridCode';
import type { LonLat } from '../../domain/registry';
import type { PlumeAssessmentRequest, ZonePolygon } from '../../shared/emergency';
import {
  EMERGENCY_SCENARIO_EVENT,
  EMERGENCY_SCENARIO_PATH,
  EVACUATION_STEP_PATH,
  type ActiveScenario,
  type EmergencyScenarioPush,
  type EvacuationStepResponse,
} from '../../shared/emergencyScenario';
import { EMERGENCY_RECORDS_PATH } from '../../shared/emergencyRecords';
import { insertTestServerRoads } from '../testing/basemapFixtures';
import { connectTestScreen, waitFor, type TestScreen } from '../testing/testScreen';
import { listTestBuildings, type TestBuilding } from '../testing/testBuildings';
import { startTestServer, type TestServer } from '../testing/testServer';

const WAIT_MS = 5_000;
/** Samples along each route segment for the zone test, at least one every this many metres. */
const SAMPLE_STEP_M = 2;

let server: TestServer;
let admin: string;
let dispatcher: string;
let viewer: string;
let buildings: TestBuilding[];
let release: PlumeAssessmentRequest;
let northCapacity: number;
const screens: TestScreen[] = [];

async function addShelter(name: string, place: LonLat, capacityPersons: number): Promise<void> {
  const answer = await server.request('POST', EMERGENCY_RECORDS_PATH, {
    token: admin,
    body: {
      kind: 'shelter',
      name,
      location: place,
      attributes: { capacityPersons, areaM2: capacityPersons * 2, status: 'available' },
    },
  });
  expect(answer.status).toBe(200);
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login('admin');
  dispatcher = await server.login('dispatcher');
  viewer = await server.login('viewer');
  buildings = await listTestBuildings(server);
  // The buildings stand in a row 10 m apart from west to east. Roads: one along the row 15 m
  // south of it, one across it (north–south) through its middle; shelters 1.2 km north and south
  // on that road, and one downwind on the row's road, inside the zones.
  const first = buildings[0]!;
  const across = 35;
  await insertTestServerRoads(server, [
    [toLonLat(first, -2000, -15), toLonLat(first, 3000, -15)].map((p) => [p.lon, p.lat]),
    [toLonLat(first, across, -2000), toLonLat(first, across, 2000)].map((p) => [p.lon, p.lat]),
  ]);
  const total = buildings.reduce((sum, building) => sum + building.residents, 0);
  northCapacity = Math.ceil(total / 2);
  await addShelter('北避难场所', toLonLat(first, across, 1200), northCapacity);
  await addShelter('南避难场所', toLonLat(first, across, -1200), total * 2);
  await addShelter('下风向避难场所', toLonLat(first, 400, -5), total * 2);
  // 1.6 km upwind, so the gas front needs about 20 minutes: time to walk out.
  release = {
    substance: 'chlorine',
    release: { kind: 'continuous', rateGPerS: 2000 },
    source: toLonLat(first, -1600, 0),
    windMs: 1.5,
    windFromDeg: 270,
    stability: 'D',
    terrain: 'urban',
  };
});

afterAll(async () => {
  for (const screen of screens) screen.close();
  await server?.close();
});

async function watch(token: string): Promise<EmergencyScenarioPush[]> {
  const screen = connectTestScreen(server.baseUrl, token);
  screens.push(screen);
  const pushes: EmergencyScenarioPush[] = [];
  screen.socket.on(EMERGENCY_SCENARIO_EVENT, (push) => pushes.push(push));
  await screen.connected();
  await waitFor(() => pushes.length >= 1, WAIT_MS, 'the push on connect');
  return pushes;
}

/** Points every SAMPLE_STEP_M along the line, ends included. */
function sampled(line: readonly number[][]): LonLat[] {
  const points: LonLat[] = [];
  for (let index = 1; index < line.length; index++) {
    const [lon1, lat1] = line[index - 1]!;
    const [lon2, lat2] = line[index]!;
    const lengthM = Math.hypot((lon2! - lon1!) * 100_000, (lat2! - lat1!) * 111_000);
    const steps = Math.max(1, Math.ceil(lengthM / SAMPLE_STEP_M));
    for (let step = 0; step <= steps; step++) {
      const fraction = step / steps;
      points.push({
        lon: lon1! + (lon2! - lon1!) * fraction,
        lat: lat1! + (lat2! - lat1!) * fraction,
      });
    }
  }
  return points;
}

function expectRoutesNeverReenter(plan: EvacuationPlan, polygons: ZonePolygon[]): void {
  const inAnyZone = (point: LonLat) => polygons.some((polygon) => isPointInArea(point, polygon));
  for (const building of plan.buildings) {
    if (building.route === null) continue;
    const points = sampled(building.route.line);
    const firstOut = points.findIndex((point) => !inAnyZone(point));
    expect(firstOut).toBeGreaterThanOrEqual(0);
    expect(points.slice(firstOut).filter(inAnyZone)).toEqual([]);
  }
}

function expectCapacityRespected(plan: EvacuationPlan): void {
  for (const shelter of plan.shelters) {
    const routed = plan.buildings
      .filter((building) => building.route?.shelterId === shelter.id)
      .reduce((sum, building) => sum + building.persons, 0);
    expect(shelter.assignedPersons).toBeLessThanOrEqual(shelter.capacityPersons);
    expect(routed).toBeLessThanOrEqual(shelter.assignedPersons);
  }
}

const polygonsOf = (scenario: ActiveScenario) =>
  scenario.assessment.zones.flatMap((zone) => (zone.polygon === null ? [] : [zone.polygon]));

describe('the evacuation plan of the active scenario', () => {
  let wall: EmergencyScenarioPush[];
  let desk: EmergencyScenarioPush[];

  it('comes with the push: advice, shelters filled within capacity, routes out of the zones', async () => {
    wall = await watch(viewer);
    desk = await watch(dispatcher);
    const startedMs = performance.now();
    expect(
      (await server.request('PUT', EMERGENCY_SCENARIO_PATH, { token: dispatcher, body: release }))
        .status,
    ).toBe(200);
    await waitFor(() => wall.length === 2 && desk.length === 2, WAIT_MS, 'pushes');
    console.info(
      `scenario start with evacuation plan → both screens: ${(performance.now() - startedMs).toFixed(1)} ms`,
    );
    const scenario = wall.at(-1)!.scenario!;
    const plan = scenario.evacuation!;
    expect(plan.buildings.length).toBe(scenario.assessment.buildings.length);
    const evacuating = plan.buildings.filter((building) => building.action === 'evacuate');
    expect(evacuating.length).toBeGreaterThan(0);
    const shelterNamed = (name: string) => plan.shelters.find((shelter) => shelter.name === name)!;
    expect(shelterNamed('下风向避难场所')).toMatchObject({ state: 'in_zone', assignedPersons: 0 });
    expect(shelterNamed('北避难场所').state).toBe('open');
    // The north shelter holds half the residents: the rest walk south.
    const placed = evacuating.filter((building) => building.route !== null);
    expect(placed.reduce((sum, building) => sum + building.persons, 0)).toBe(
      evacuating
        .filter((building) => building.unplaced === null)
        .reduce((sum, b) => sum + b.persons, 0),
    );
    expect(new Set(placed.map((building) => building.route!.shelterId)).size).toBeGreaterThan(0);
    expectCapacityRespected(plan);
    expectRoutesNeverReenter(plan, polygonsOf(scenario));
    for (const building of placed) {
      expect(building.route!.walkS).toBe(
        Math.round(building.route!.distanceM / plan.walkingSpeedMps),
      );
    }
  });

  it('gives each screen the buildings of its own scope and the same shelter fill', () => {
    const onWall = wall.at(-1)!.scenario!.evacuation!;
    const onDesk = desk.at(-1)!.scenario!.evacuation!;
    const firstStreet = server.district.baseGridCodes[0]!.slice(0, 9);
    expect(onDesk.buildings.length).toBeGreaterThan(0);
    expect(onDesk.buildings.length).toBeLessThan(onWall.buildings.length);
    expect(onDesk.buildings.every((building) => isWithinGrid(building.gridCode, firstStreet))).toBe(
      true,
    );
    expect(onDesk.shelters).toEqual(onWall.shelters);
  });

  it('is recomputed by a wind change in the same push, still within capacity and out of the zones', async () => {
    const before = wall.at(-1)!.scenario!;
    const changed = { ...release, windFromDeg: 275 };
    expect(
      (await server.request('PUT', EMERGENCY_SCENARIO_PATH, { token: dispatcher, body: changed }))
        .status,
    ).toBe(200);
    await waitFor(() => wall.at(-1)?.scenario?.version === 2, WAIT_MS, 'the wind change');
    const after = wall.at(-1)!.scenario!;
    expect(
      after.evacuation!.buildings.map((building) => [building.arrivalS, building.leaveS]),
    ).not.toEqual(
      before.evacuation!.buildings.map((building) => [building.arrivalS, building.leaveS]),
    );
    expectCapacityRespected(after.evacuation!);
    expectRoutesNeverReenter(after.evacuation!, polygonsOf(after));
  });

  it('answers the plan of an earlier step for the time slider, for the caller’s scope', async () => {
    const answer = await server.request('GET', `${EVACUATION_STEP_PATH}?step=0`, { token: viewer });
    expect(answer.status).toBe(200);
    const step = answer.json as EvacuationStepResponse;
    const first = wall[1]!.scenario!;
    expect(step.atMs).toBe(first.history[0]!.atMs);
    expect(step.evacuation).toEqual(first.evacuation);
    expect(
      (await server.request('GET', `${EVACUATION_STEP_PATH}?step=9`, { token: viewer })).status,
    ).toBe(404);
  });
});
