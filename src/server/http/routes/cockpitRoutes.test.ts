/**
 * The cockpit's statistics on the real server, checked against rows counted by hand: the tiny
 * synthetic district (4 base grids of 2 buildings × 3 floors × 2 units, every 5th unit vacant,
 * every 4th household renting, 3 persons per household) and five incidents seeded below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Incident,
  IncidentActor,
  IncidentCommand,
  IncidentSource,
} from '../../../domain/incidents/incident';
import { escalate, recordEscalations } from '../../../domain/incidents/incidentEscalation';
import { applyTransition, reportIncident } from '../../../domain/incidents/incidentStateMachine';
import { COCKPIT_STATS_PATH, type CockpitStatsResponse } from '../../../shared/cockpitStats';
import { insertTestServerRoads } from '../../testing/basemapFixtures';
import { seedIncident } from '../../testing/seedIncident';
import { startTestServer, type TestServer } from '../../testing/testServer';
import { runTestSql } from '../../testing/testSql';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Saturday 5 December 2026, 12:00 in the district (UTC+8). */
const NOW_MS = Date.UTC(2026, 11, 5, 4, 0);
const DISPATCHER: IncidentActor = { username: 'admin', role: 'dispatcher' };
const WORKER: IncidentActor = { username: 'worker01', role: 'grid_worker' };

type Step = [offsetMs: number, command: IncidentCommand, actor: IncidentActor];

const REGISTER: IncidentCommand = { action: 'register' };
const DISPATCH: IncidentCommand = {
  action: 'dispatch',
  assigneeUsername: 'worker01',
  department: 'urban_management',
};
const ACCEPT: IncidentCommand = { action: 'accept' };
const FEED_BACK: IncidentCommand = { action: 'feed_back' };
const VERIFY: IncidentCommand = { action: 'verify' };

let server: TestServer;
let gridA: string;
let gridA2: string;
let gridC: string;
let seededEscalations = 0;

/** Straight into the server's incident repository (either engine), steps and all. */
async function seed(
  incident: {
    gridCode: string;
    categoryCode: string;
    source: IncidentSource;
    reportedAtMs: number;
  },
  steps: readonly Step[] = [],
): Promise<Incident> {
  return seedIncident(server.server.stores.incidents, (id) => {
    const reported = reportIncident(
      {
        id,
        categoryCode: incident.categoryCode,
        source: incident.source,
        location: { lon: 119.3, lat: 26.08 },
        gridCode: incident.gridCode,
        description: 'cockpit test',
        attachments: [],
      },
      DISPATCHER,
      incident.reportedAtMs,
    );
    if (!reported.ok) throw new Error(reported.error.message.en);
    let current = reported.incident;
    for (const [offsetMs, command, actor] of steps) {
      const next = applyTransition(current, command, actor, incident.reportedAtMs + offsetMs);
      if (!next.ok) throw new Error(next.error.message.en);
      current = next.incident;
    }
    // Escalations due by now are recorded here, so the server's job finds none left to add.
    const due = escalate(current, NOW_MS);
    seededEscalations += due.length;
    return recordEscalations(current, due);
  });
}

/** Half the length of a 200 m street through grid A's centre, in degrees of longitude. */
const ROAD_HALF_DEG = 0.001;

/**
 * Grid A's worker (worker 1) walks the western 80 % of the street's western half an hour ago,
 * and the eastern half yesterday: today's coverage is 0.4 of the street plus the 25 m buffer
 * at the walk's end (0.125), yesterday's walk does not count.
 */
async function seedPatrol(gridCode: string): Promise<void> {
  const [centre] = (await runTestSql(
    server,
    'SELECT center_lon AS lon, center_lat AS lat FROM grids WHERE code = ?',
    [gridCode],
  )) as Array<{ lon: number; lat: number }>;
  if (centre === undefined) throw new Error(`no grid ${gridCode}`);
  await insertTestServerRoads(server, [
    [
      [centre.lon - ROAD_HALF_DEG, centre.lat],
      [centre.lon + ROAD_HALF_DEG, centre.lat],
    ],
  ]);
  const steps = 50;
  const walk = (startMs: number, fromLon: number, spanDeg: number) =>
    Array.from({ length: steps + 1 }, (_, index) => ({
      workerId: 1,
      fixTimeMs: startMs + index * 1000,
      lon: fromLon + (index / steps) * spanDeg,
      lat: centre.lat,
      accuracyM: 5,
      speedMps: 1,
      headingDeg: 90,
      receivedAtMs: startMs + index * 1000,
    }));
  await server.server.stores.tracking.insertPositions([
    ...walk(NOW_MS - HOUR_MS, centre.lon - ROAD_HALF_DEG, ROAD_HALF_DEG * 0.8),
    ...walk(NOW_MS - DAY_MS, centre.lon, ROAD_HALF_DEG),
  ]);
}

/** District midnight of a calendar day (UTC+8). */
const districtDay = (year: number, month: number, day: number) =>
  Date.UTC(year, month, day) - 8 * HOUR_MS;

/**
 * History rows as the triggers would have counted them: grid A 3 in, 1 out in November and 2 in
 * on 1 December; grid A2 4 out in November; grid C (other street) 5 in in November; grid A 9 in
 * in November 2025, a month before the 12-month window.
 */
async function seedMovements(): Promise<void> {
  // The synthetic district was written with the triggers on, on the real clock's day: start clean.
  await runTestSql(server, 'DELETE FROM register_movements');
  const rows: Array<[string, number, string, number]> = [
    [gridA, districtDay(2026, 10, 3), 'registration', 2],
    [gridA, districtDay(2026, 10, 30), 'registration', 1],
    [gridA, districtDay(2026, 10, 30), 'departure', 1],
    [gridA, districtDay(2026, 11, 1), 'registration', 2],
    [gridA2, districtDay(2026, 10, 12), 'departure', 4],
    [gridC, districtDay(2026, 10, 12), 'registration', 5],
    [gridA, districtDay(2025, 10, 20), 'registration', 9],
  ];
  for (const row of rows) {
    await runTestSql(
      server,
      'INSERT INTO register_movements (grid_code, day_ms, kind, count) VALUES (?, ?, ?, ?)',
      row,
    );
  }
}

/** The last two months (November, December 2026) of a movement chart. */
const lastTwoMonths = (figures: CockpitStatsResponse) =>
  figures.people.movements.slice(-2).map((month) => [month.registrations, month.departures]);

beforeAll(async () => {
  server = await startTestServer(undefined, { now: () => new Date(NOW_MS) });
  [gridA, gridA2, , gridC] = server.district.baseGridCodes as [string, string, string, string];
  // Two of grid A's people receive the minimum living allowance (低保), one of them disabled:
  // written after the rollups exist, so their triggers count it (SQLite; PostgreSQL counts the
  // rows themselves).
  await runTestSql(server, 'UPDATE persons SET tags = ? WHERE id = ?', ['low_income', 7]);
  await runTestSql(server, 'UPDATE persons SET tags = ? WHERE id = ?', ['disabled,low_income', 26]);
  await seedPatrol(gridA);
  await seedMovements();
  // I1: today in grid A, found by a worker, closed in time (waits of 10, 10, 10, 30, 10 min).
  await seed(
    {
      gridCode: gridA,
      categoryCode: 'street_order',
      source: 'worker',
      reportedAtMs: NOW_MS - 2 * HOUR_MS,
    },
    [
      [10 * MINUTE_MS, REGISTER, DISPATCHER],
      [20 * MINUTE_MS, DISPATCH, DISPATCHER],
      [30 * MINUTE_MS, ACCEPT, WORKER],
      [60 * MINUTE_MS, FEED_BACK, WORKER],
      [70 * MINUTE_MS, VERIFY, DISPATCHER],
    ],
  );
  // I2: Wednesday in grid A, by the hotline, dispatched and now overdue (waits of 1 h, 1 h).
  await seed(
    {
      gridCode: gridA,
      categoryCode: 'safety_hazard',
      source: 'hotline',
      reportedAtMs: NOW_MS - 3 * DAY_MS,
    },
    [
      [HOUR_MS, REGISTER, DISPATCHER],
      [2 * HOUR_MS, DISPATCH, DISPATCHER],
    ],
  );
  // I3: last Sunday in grid A2 (same street), closed late: fed back 30 h after a 24 h dispatch.
  await seed(
    {
      gridCode: gridA2,
      categoryCode: 'street_order',
      source: 'worker',
      reportedAtMs: NOW_MS - 6 * DAY_MS,
    },
    [
      [HOUR_MS, REGISTER, DISPATCHER],
      [2 * HOUR_MS, DISPATCH, DISPATCHER],
      [3 * HOUR_MS, ACCEPT, WORKER],
      [32 * HOUR_MS, FEED_BACK, WORKER],
      [33 * HOUR_MS, VERIFY, DISPATCHER],
    ],
  );
  // I4: an hour ago in the other street, from a citizen.
  await seed({
    gridCode: gridC,
    categoryCode: 'street_order',
    source: 'citizen',
    reportedAtMs: NOW_MS - HOUR_MS,
  });
  // I5: 40 days ago in grid A: outside every window.
  await seed({
    gridCode: gridA,
    categoryCode: 'street_order',
    source: 'worker',
    reportedAtMs: NOW_MS - 40 * DAY_MS,
  });
});

afterAll(async () => {
  await server?.close();
});

async function stats(username: string, gridCode?: string) {
  const token = await server.login(username);
  const query = gridCode === undefined ? '' : `?gridCode=${gridCode}`;
  return server.request('GET', `${COCKPIT_STATS_PATH}${query}`, { token });
}

async function figures(username: string, gridCode?: string): Promise<CockpitStatsResponse> {
  const answer = await stats(username, gridCode);
  expect(answer.status, answer.text).toBe(200);
  return answer.json as CockpitStatsResponse;
}

describe('GET /api/stats for one base grid', () => {
  it('counts its people by category, age band, sex and special group', async () => {
    // Grid A: units 1–12, units 5 and 10 vacant → households 1–10 → persons 1–30, born
    // 1941–1970 (person i in 1940 + i), odd persons male; elderly alone 11, 22; disabled 13, 26;
    // low income (set above) 7, 26.
    const { people } = await figures('leader', gridA);
    expect(people.total).toBe(30);
    expect(people.byCategory).toEqual([{ code: 'registered', count: 30 }]);
    const band = (fromAge: number) => people.ageBands.find((entry) => entry.fromAge === fromAge);
    expect(band(85)).toEqual({ fromAge: 85, male: 1, female: 0 });
    expect(band(80)).toEqual({ fromAge: 80, male: 2, female: 3 });
    expect(band(0)).toEqual({ fromAge: 0, male: 0, female: 0 });
    expect(people.specialGroups).toEqual([
      { code: 'elderly_alone', count: 2 },
      { code: 'disabled', count: 2 },
      { code: 'key_care', count: 0 },
      { code: 'low_income', count: 2 },
      { code: 'bedridden', count: 0 },
    ]);
  });

  it('counts its registrations and departures per month of the last year', async () => {
    const { people } = await figures('leader', gridA);
    expect(people.movements).toHaveLength(12);
    expect(people.movements[0]!.monthStartMs).toBe(districtDay(2026, 0, 1));
    expect(people.movements.at(-1)).toEqual({
      monthStartMs: districtDay(2026, 11, 1),
      registrations: 2,
      departures: 0,
    });
    expect(people.movements.at(-2)).toEqual({
      monthStartMs: districtDay(2026, 10, 1),
      registrations: 3,
      departures: 1,
    });
    // November 2025 lies outside the window.
    const total = people.movements.reduce((sum, month) => sum + month.registrations, 0);
    expect(total).toBe(5);
  });

  it('counts its houses: occupied, rental and vacant units by building kind', async () => {
    // Households 4 and 8 rent; units 5 and 10 are vacant.
    const { houses } = await figures('leader', gridA);
    expect(houses).toEqual({
      buildings: 2,
      units: 12,
      occupiedUnits: 10,
      rentalUnits: 2,
      vacantUnits: 2,
      byBuildingKind: [
        {
          kind: 'slab',
          buildings: 2,
          units: 12,
          occupiedUnits: 10,
          rentalUnits: 2,
          vacantUnits: 2,
        },
      ],
    });
  });

  it('counts its incidents by window, category, state and source, with closure and overdue', async () => {
    const { incidents, workers } = await figures('leader', gridA);
    expect(incidents.reportedToday).toBe(1);
    expect(incidents.reportedThisWeek).toBe(2);
    expect(incidents.reportedThisMonth).toBe(2);
    expect(incidents.byCategory).toEqual([
      { code: 'safety_hazard', count: 1 },
      { code: 'street_order', count: 1 },
    ]);
    expect(incidents.byState).toEqual([
      { code: 'closed', count: 1 },
      { code: 'dispatched', count: 1 },
    ]);
    expect(incidents.bySource).toEqual([
      { code: 'hotline', count: 1 },
      { code: 'worker', count: 1 },
    ]);
    expect([incidents.onTimeClosed, incidents.lateClosed, incidents.onTimeRate]).toEqual([1, 0, 1]);
    expect(incidents.overdueNow).toBe(1);
    expect(incidents.escalations).toBeGreaterThan(0);
    expect(incidents.hottestGrids).toEqual([
      { gridCode: gridA, name: `网格 ${gridA}`, nameEn: `Grid ${gridA}`, count: 2 },
    ]);
    expect(workers).toMatchObject({ total: 1, online: 0, idle: 0, sos: 0, workerFoundShare: 0.5 });
    // Today's walk only (seedPatrol): 0.4 + 0.125 of the street, measured in 10 m pieces.
    expect(workers.patrolCoverageToday).toBeGreaterThan(0.45);
    expect(workers.patrolCoverageToday).toBeLessThan(0.6);
    // A grid without streets has no coverage to show.
    expect((await figures('leader', gridA2)).workers.patrolCoverageToday).toBeNull();
  });

  it('gives mean and p90 of the waits per state and a 30-day trend ending today', async () => {
    const { incidents } = await figures('leader', gridA);
    const reported = incidents.stepDurations.find((entry) => entry.state === 'reported');
    // Waits in "reported": 10 min (I1) and 1 h (I2).
    expect(reported).toEqual({
      state: 'reported',
      samples: 2,
      meanMs: 35 * MINUTE_MS,
      p90Ms: HOUR_MS,
    });
    const handling = incidents.stepDurations.find((entry) => entry.state === 'handling');
    expect(handling).toEqual({
      state: 'handling',
      samples: 1,
      meanMs: 30 * MINUTE_MS,
      p90Ms: 30 * MINUTE_MS,
    });
    expect(incidents.trend).toHaveLength(30);
    expect(incidents.trend.at(-1)).toEqual({ dayStartMs: Date.UTC(2026, 11, 4, 16), count: 1 });
    expect(incidents.trend.at(-4)).toEqual({ dayStartMs: Date.UTC(2026, 11, 1, 16), count: 1 });
    expect(incidents.trend.reduce((sum, day) => sum + day.count, 0)).toBe(2);
  });
});

describe('GET /api/stats at higher levels and by scope', () => {
  it('sums a street: both its grids, late closures and the hottest grids ranked', async () => {
    const street = server.district.streetCodes[0]!;
    const { incidents, people } = await figures('dispatcher', street);
    // Grid A2 holds units 13–24: 15 and 20 are vacant, so 10 households of 3 as in grid A.
    expect(people.total).toBe(60);
    expect(incidents.reportedThisWeek).toBe(2);
    expect([incidents.onTimeClosed, incidents.lateClosed, incidents.onTimeRate]).toEqual([
      1, 1, 0.5,
    ]);
    expect(incidents.hottestGrids.map((grid) => [grid.gridCode, grid.count])).toEqual([
      [gridA, 2],
      [gridA2, 1],
    ]);
    expect(lastTwoMonths(await figures('dispatcher', street))).toEqual([
      [3, 5],
      [2, 0],
    ]);
  });

  it('gives the whole district to a leader when no grid is named', async () => {
    const { gridCode, people, houses, incidents } = await figures('leader');
    expect(gridCode).toBeNull();
    expect(people.total).toBe(server.district.personCount);
    expect(houses.units).toBe(server.district.unitCount);
    expect(incidents.reportedToday).toBe(2);
    expect(incidents.escalations).toBe(seededEscalations);
  });

  it('limits a user scoped to one grid to that grid, whatever level is asked for', async () => {
    const own = await figures('worker01');
    expect(own.people.total).toBe(30);
    expect(own.incidents.reportedThisWeek).toBe(2);
    const district = await figures('worker01', server.district.districtCode);
    expect(district.people.total).toBe(30);
    expect(district.incidents.hottestGrids.map((grid) => grid.gridCode)).toEqual([gridA]);
    // Registrations and departures too: the other street's five arrivals are not theirs.
    expect(lastTwoMonths(district)).toEqual([
      [3, 1],
      [2, 0],
    ]);
    expect(lastTwoMonths(await figures('leader'))).toEqual([
      [8, 5],
      [2, 0],
    ]);
  });

  it('answers a foreign grid exactly like a missing one (404, same body)', async () => {
    const foreign = await stats('worker01', gridC);
    const missing = await stats('worker01', `${server.district.districtCode}999`);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.json).toEqual(missing.json);
    expect(foreign.text).not.toContain(gridC);
  });

  it('refuses a malformed grid code and carries no names, ids or phones', async () => {
    expect((await stats('leader', '12ab')).status).toBe(400);
    const answer = await stats('leader');
    expect(answer.text).not.toMatch(/网格员|1[35]\d{9}|"name":"[王李张]/);
  });
});
