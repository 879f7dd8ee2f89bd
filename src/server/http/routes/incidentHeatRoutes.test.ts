/** The heatmap's reads on the real server: window, category, scope, residents, bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentActor } from '../../../domain/incidents/incident';
import { reportIncident } from '../../../domain/incidents/incidentStateMachine';
import {
  INCIDENT_HEAT_PATH,
  INCIDENT_HEAT_RESIDENTS_PATH,
  HEAT_CLOCK_SKEW_ALLOWANCE_MS,
  MAX_HEAT_WINDOW_MS,
  type HeatResidentsResponse,
  type IncidentHeatResponse,
} from '../../../shared/incidentHeat';
import { seedIncident } from '../../testing/seedIncident';
import { startTestServer, type TestServer } from '../../testing/testServer';

const HOUR_MS = 3_600_000;
const ADMIN: IncidentActor = { username: 'admin', role: 'dispatcher' };

let server: TestServer;
let nowMs: number;

/** Straight into the server's incident repository (either engine), at the time given. */
async function seed(gridCode: string, reportedAtMs: number, categoryCode: string): Promise<void> {
  await seedIncident(server.server.stores.incidents, (id) => {
    const result = reportIncident(
      {
        id,
        categoryCode,
        source: 'dispatcher',
        location: { lon: 119.3, lat: 26.08 },
        gridCode,
        description: 'heat test',
        attachments: [],
      },
      ADMIN,
      reportedAtMs,
    );
    if (!result.ok) throw new Error(result.error.message.en);
    return result.incident;
  });
}

beforeAll(async () => {
  server = await startTestServer();
  nowMs = Date.now();
  const [firstStreetGrid, otherStreetGrid] = [
    server.district.baseGridCodes[0]!,
    server.district.baseGridCodes.at(-1)!,
  ];
  await seed(firstStreetGrid, nowMs - 2 * HOUR_MS, 'street_order');
  await seed(firstStreetGrid, nowMs - 30 * 60_000, 'safety_hazard');
  await seed(otherStreetGrid, nowMs - 10 * 60_000, 'street_order');
  await seed(otherStreetGrid, nowMs - 40 * 24 * HOUR_MS, 'street_order');
});

afterAll(async () => {
  await server?.close();
});

async function heat(username: string, query: string) {
  const token = await server.login(username);
  return server.request('GET', `${INCIDENT_HEAT_PATH}?${query}`, { token });
}

describe('GET /api/incidents/heat', () => {
  it('returns the window oldest first as compact rows with category indexes', async () => {
    const answer = await heat('admin', `fromMs=${nowMs - 24 * HOUR_MS}`);
    expect(answer.status).toBe(200);
    const body = answer.json as IncidentHeatResponse;
    expect(body.rows).toHaveLength(3);
    expect(body.rows.map((row) => row[3])).toEqual([...body.rows.map((row) => row[3])].sort());
    const [id, lon, lat, , categoryIndex, gridCode] = body.rows[0]!;
    expect(id).toMatch(/^INC/);
    expect([lon, lat]).toEqual([119.3, 26.08]);
    expect(body.categoryCodes[categoryIndex]).toBe('street_order');
    expect(gridCode).toBe(server.district.baseGridCodes[0]);
    expect(body.truncated).toBe(false);
  });

  it('narrows to the last hour and to one category', async () => {
    const lastHour = (await heat('admin', `fromMs=${nowMs - HOUR_MS}`))
      .json as IncidentHeatResponse;
    expect(lastHour.rows).toHaveLength(2);
    const hazards = (await heat('admin', `fromMs=${nowMs - HOUR_MS}&categoryCode=safety_hazard`))
      .json as IncidentHeatResponse;
    expect(hazards.rows).toHaveLength(1);
    expect(hazards.categoryCodes[hazards.rows[0]![4]]).toBe('safety_hazard');
  });

  it('keeps a scoped caller to its street', async () => {
    const body = (await heat('dispatcher', `fromMs=${nowMs - 24 * HOUR_MS}`))
      .json as IncidentHeatResponse;
    const street = server.district.streetCodes[0]!;
    expect(body.rows).toHaveLength(2);
    expect(body.rows.every((row) => row[5].startsWith(street))).toBe(true);
  });

  it('refuses a window longer than 30 days, an unknown category and no session', async () => {
    expect(
      (
        await heat(
          'admin',
          `fromMs=${nowMs - MAX_HEAT_WINDOW_MS - HEAT_CLOCK_SKEW_ALLOWANCE_MS - HOUR_MS}`,
        )
      ).status,
    ).toBe(400);
    expect((await heat('admin', `fromMs=${nowMs}&categoryCode=no_such_thing`)).status).toBe(400);
    expect((await heat('admin', 'fromMs=abc')).status).toBe(400);
    expect((await server.request('GET', `${INCIDENT_HEAT_PATH}?fromMs=${nowMs}`)).status).toBe(401);
  });
});

describe('GET /api/incidents/heat/residents', () => {
  it('counts every resident of the register for the district, and only the street for a scoped caller', async () => {
    const adminToken = await server.login('admin');
    const all = (await server.request('GET', INCIDENT_HEAT_RESIDENTS_PATH, { token: adminToken }))
      .json as HeatResidentsResponse;
    expect(all.residentTotal).toBe(server.district.personCount);
    expect(all.points).toHaveLength(server.district.buildingCount);
    const dispatcherToken = await server.login('dispatcher');
    const street = (
      await server.request('GET', INCIDENT_HEAT_RESIDENTS_PATH, { token: dispatcherToken })
    ).json as HeatResidentsResponse;
    expect(street.residentTotal).toBeGreaterThan(0);
    expect(street.residentTotal).toBeLessThan(all.residentTotal);
  });
});
