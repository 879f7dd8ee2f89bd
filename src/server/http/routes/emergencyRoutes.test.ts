/** The plume assessment on the real server: zones, residents per zone in scope, counts only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPointInArea } from '../../../domain/geo/polygonContainment';
import { toLonLat } from '../../../domain/geo/localFrame';
import { isWithinGrid } from '../../../domain/gridCode';
import {
  PLUME_ASSESSMENT_PATH,
  type PlumeAssessmentRequest,
  type PlumeAssessmentResponse,
} from '../../../shared/emergency';
import { openDatabase } from '../../store/openDatabase';
import { startTestServer, type TestServer } from '../../testing/testServer';

interface BuildingRow {
  id: number;
  lon: number;
  lat: number;
  gridCode: string;
  residents: number;
}

let server: TestServer;
let buildings: BuildingRow[];
let request: PlumeAssessmentRequest;

beforeAll(async () => {
  server = await startTestServer();
  const db = openDatabase(server.dbPath);
  buildings = db
    .prepare(
      'SELECT b.id, b.origin_lon AS lon, b.origin_lat AS lat, b.grid_code AS gridCode, ' +
        '(SELECT COUNT(*) FROM units u JOIN households h ON h.unit_id = u.id ' +
        'JOIN persons p ON p.household_id = h.id WHERE u.building_id = b.id) AS residents ' +
        'FROM buildings b ORDER BY b.id',
    )
    .all() as BuildingRow[];
  db.close();
  // The test district's buildings stand in a row 10 m apart from west to east. A west wind from
  // 30 m west of the first: 25 g/s of chlorine reaches AEGL-3 (20 ppm) only about 45 m
  // downwind (the first two buildings) and AEGL-1 past the whole row.
  const first = buildings[0]!;
  request = {
    substance: 'chlorine',
    release: { kind: 'continuous', rateGPerS: 25 },
    source: toLonLat(first, -30, 0),
    windMs: 3,
    windFromDeg: 270,
    stability: 'D',
    terrain: 'urban',
  };
});

afterAll(async () => {
  await server?.close();
});

async function assess(username: string, body: unknown) {
  const token = await server.login(username);
  return server.request('POST', PLUME_ASSESSMENT_PATH, { token, body });
}

/** Residents of the buildings whose point lies in the polygon, counted straight from the rows. */
function expectedResidents(
  polygon: PlumeAssessmentResponse['zones'][number]['polygon'],
  scope: string | null,
) {
  return buildings
    .filter((building) => scope === null || isWithinGrid(building.gridCode, scope))
    .filter((building) => polygon !== null && isPointInArea(building, polygon))
    .reduce((sum, building) => sum + building.residents, 0);
}

describe('POST /api/emergency/plume', () => {
  it('answers the three zones with the residents of the buildings inside each', async () => {
    const answer = await assess('admin', request);
    expect(answer.status).toBe(200);
    const body = answer.json as PlumeAssessmentResponse;
    expect(body.zones.map((zone) => [zone.tier, zone.ppm])).toEqual([
      ['AEGL-1', 0.5],
      ['AEGL-2', 2],
      ['AEGL-3', 20],
    ]);
    for (const zone of body.zones) {
      expect(zone.residents).toBe(expectedResidents(zone.polygon, null));
      const banded = Object.values(zone.byAgeBand).reduce((sum, count) => sum + count, 0);
      expect(banded).toBe(zone.residents);
    }
    expect(body.zones[2]!.buildings).toBe(2);
    expect(body.zones[0]!.buildings).toBe(buildings.length);
    expect(body.zones[2]!.residents).toBeLessThan(body.zones[0]!.residents);
    expect(body.zones[0]!.byTag.elderly_alone).toBeGreaterThan(0);
  });

  it('lists the buildings inside with their zones and the gas front’s arrival, nearest first', async () => {
    const body = (await assess('admin', request)).json as PlumeAssessmentResponse;
    expect(body.buildings).toHaveLength(buildings.length);
    // The first building stands 30 m downwind at 3 m/s: 10 s, in all three zones (bits 0–2).
    expect(body.buildings[0]).toEqual([buildings[0]!.id, 0b111, 10]);
    expect(body.buildings[1]).toEqual([buildings[1]!.id, 0b111, 13]);
    expect(body.buildings.at(-1)![1]).toBe(0b011);
  });

  it('counts only the caller’s own street for a scoped dispatcher', async () => {
    const admin = (await assess('admin', request)).json as PlumeAssessmentResponse;
    const dispatcher = (await assess('dispatcher', request)).json as PlumeAssessmentResponse;
    const street = server.district.streetCodes[0]!;
    dispatcher.zones.forEach((zone, index) => {
      expect(zone.residents).toBe(expectedResidents(zone.polygon, street));
      expect(zone.residents).toBeLessThanOrEqual(admin.zones[index]!.residents);
    });
    expect(dispatcher.zones[0]!.residents).toBeGreaterThan(0);
    expect(dispatcher.zones[0]!.residents).toBeLessThan(admin.zones[0]!.residents);
  });

  it('names nobody: no person fields or register names in the answer', async () => {
    const answer = await assess('admin', request);
    expect(answer.text).not.toMatch(/idNumber|phone|birth|"name"|[王李张刘陈杨黄赵吴周]/);
  });

  it('refuses a calm wind in both languages, and a call without a session', async () => {
    const calm = await assess('admin', { ...request, windMs: 0.5 });
    expect(calm.status).toBe(400);
    expect(calm.json).toMatchObject({
      messages: { zh: expect.stringMatching(/风速/), en: expect.stringMatching(/wind speed/) },
    });
    expect((await assess('admin', { ...request, substance: 'unobtainium' })).status).toBe(400);
    expect((await assess('admin', { ...request, extra: 1 })).status).toBe(400);
    expect((await server.request('POST', PLUME_ASSESSMENT_PATH, { body: request })).status).toBe(
      401,
    );
  });
});
