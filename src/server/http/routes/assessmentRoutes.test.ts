/**
 * The assessment on the real server: November 2026 of the tiny synthetic district (two streets,
 * one worker per base grid), three incidents and a patrol seeded below, checked against figures
 * counted by hand; scope, masking, the XLSX workbook, audit rows and the scheme's versions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident, IncidentActor, IncidentCommand } from '../../../domain/incidents/incident';
import { applyTransition, reportIncident } from '../../../domain/incidents/incidentStateMachine';
import { DEFAULT_ASSESSMENT_SCHEME } from '../../../domain/assessment/assessmentScheme';
import type {
  AreaScoreResponse,
  AssessmentReport,
  SchemeVersionsResponse,
} from '../../../shared/assessment';
import { WALL_MODE_HEADER } from '../../../shared/wallModes';
import ExcelJS from '../../imports/excel';
import { insertTestServerRoads } from '../../testing/basemapFixtures';
import { seedIncident } from '../../testing/seedIncident';
import { startTestServer, type TestServer } from '../../testing/testServer';
import { runTestSql } from '../../testing/testSql';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** Saturday 5 December 2026, 12:00 in the district (UTC+8). */
const NOW_MS = Date.UTC(2026, 11, 5, 4, 0);
/** 10 November 2026, 08:00 in the district. */
const NOV_10_MS = Date.UTC(2026, 10, 10, 0, 0);
const DISPATCHER: IncidentActor = { username: 'admin', role: 'dispatcher' };
const LEADER: IncidentActor = { username: 'leader', role: 'leader' };
const NOVEMBER = '/api/assessment?kind=month&month=2026-11';
/** Half of a 200 m street in grid A walked; coverage is measured in 10 m pieces. */
const ROAD_HALF_DEG = 0.001;

let server: TestServer;
let gridA: string;
let gridC: string;
let streetA: string;
const ids: Record<'onTime' | 'lateReworked' | 'otherStreet', string> = {
  onTime: '',
  lateReworked: '',
  otherStreet: '',
};

/** Straight into the server's incident repository (either engine), steps and all. */
async function seed(
  gridCode: string,
  reportedAtMs: number,
  steps: Array<[offsetMs: number, command: IncidentCommand, actor: IncidentActor]>,
): Promise<Incident> {
  return seedIncident(server.server.stores.incidents, (id) => {
    const reported = reportIncident(
      {
        id,
        categoryCode: 'street_order',
        source: 'worker',
        location: { lon: 119.3, lat: 26.08 },
        gridCode,
        description: 'assessment test',
      },
      { username: 'worker:1', role: 'grid_worker' },
      reportedAtMs,
    );
    if (!reported.ok) throw new Error(reported.error.message.en);
    let current = reported.incident;
    for (const [offsetMs, command, actor] of steps) {
      const next = applyTransition(current, command, actor, reportedAtMs + offsetMs);
      if (!next.ok) throw new Error(next.error.message.en);
      current = next.incident;
    }
    return current;
  });
}

async function centreOf(gridCode: string): Promise<{ center_lon: number; center_lat: number }> {
  const [centre] = (await runTestSql(
    server,
    'SELECT center_lon, center_lat FROM grids WHERE code = ?',
    [gridCode],
  )) as Array<{ center_lon: number; center_lat: number }>;
  if (centre === undefined) throw new Error(`no grid ${gridCode}`);
  return centre;
}

function handledBy(workerId: number) {
  const worker: IncidentActor = { username: `worker:${workerId}`, role: 'grid_worker' };
  return {
    worker,
    dispatch: {
      action: 'dispatch',
      assigneeUsername: worker.username,
      department: 'urban_management',
    } as IncidentCommand,
  };
}

beforeAll(async () => {
  server = await startTestServer(undefined, { now: () => new Date(NOW_MS) });
  [gridA, , gridC] = server.district.baseGridCodes as [string, string, string];
  streetA = server.district.streetCodes[0]!;
  const one = handledBy(1);
  // street_order is due 24 h after dispatch (the domain's deadline table).
  const onTime = await seed(gridA, NOV_10_MS, [
    [MINUTE_MS, { action: 'register' }, DISPATCHER],
    [2 * MINUTE_MS, one.dispatch, DISPATCHER],
    [3 * MINUTE_MS, { action: 'accept' }, one.worker],
    [2 * HOUR_MS, { action: 'feed_back' }, one.worker],
    [3 * HOUR_MS, { action: 'verify' }, DISPATCHER],
    [4 * HOUR_MS, { action: 'evaluate', score: 5 }, LEADER],
  ]);
  const late = await seed(gridA, NOV_10_MS + HOUR_MS, [
    [MINUTE_MS, { action: 'register' }, DISPATCHER],
    [2 * MINUTE_MS, one.dispatch, DISPATCHER],
    [3 * MINUTE_MS, { action: 'accept' }, one.worker],
    [2 * HOUR_MS, { action: 'feed_back' }, one.worker],
    [3 * HOUR_MS, { action: 'return_for_rework', note: '照片不清楚' }, DISPATCHER],
    [30 * HOUR_MS, { action: 'feed_back' }, one.worker],
    [31 * HOUR_MS, { action: 'verify' }, DISPATCHER],
    [32 * HOUR_MS, { action: 'evaluate', score: 2 }, LEADER],
  ]);
  const three = handledBy(3);
  const other = await seed(gridC, NOV_10_MS, [
    [MINUTE_MS, { action: 'register' }, DISPATCHER],
    [2 * MINUTE_MS, three.dispatch, DISPATCHER],
  ]);
  ids.onTime = onTime.id;
  ids.lateReworked = late.id;
  ids.otherStreet = other.id;
  // Worker 1 arrived 10 minutes after the on-time incident's dispatch.
  await runTestSql(
    server,
    'INSERT INTO incident_arrivals (incident_id, dispatched_at_ms, worker_id, arrived_at_ms, confirmed_at_ms) VALUES (?, ?, 1, ?, ?)',
    [
      onTime.id,
      onTime.dispatchedAtMs,
      onTime.dispatchedAtMs! + 10 * MINUTE_MS,
      onTime.dispatchedAtMs! + 10 * MINUTE_MS,
    ],
  );

  const centre = await centreOf(gridA);
  await insertTestServerRoads(server, [
    [
      [centre.center_lon - ROAD_HALF_DEG, centre.center_lat],
      [centre.center_lon + ROAD_HALF_DEG, centre.center_lat],
    ],
  ]);
  // A walk along the western half, a fix every 2 m of longitude step, on 20 November.
  const walkStartMs = Date.UTC(2026, 10, 20, 1, 0);
  const steps = 50;
  await server.server.stores.tracking.insertPositions(
    Array.from({ length: steps + 1 }, (_, index) => ({
      workerId: 1,
      fixTimeMs: walkStartMs + index * 1000,
      lon: centre.center_lon - ROAD_HALF_DEG + (index / steps) * ROAD_HALF_DEG * 0.8,
      lat: centre.center_lat,
      accuracyM: 5,
      speedMps: 1,
      headingDeg: 90,
      receivedAtMs: walkStartMs + index * 1000,
    })),
  );
}, 120_000);

afterAll(async () => {
  await server?.close();
});

async function report(username: string, path = NOVEMBER): Promise<AssessmentReport> {
  const answer = await server.request('GET', path, { token: await server.login(username) });
  expect(answer.status, answer.text).toBe(200);
  return answer.json as AssessmentReport;
}

describe('GET /api/assessment', () => {
  it('scores a grid from its incidents, arrival and patrol as counted by hand', async () => {
    const answer = await report('admin');
    expect(answer.period).toMatchObject({
      label: '2026-11',
      firstDay: '2026-11-01',
      lastDay: '2026-11-30',
    });
    expect(answer.complete).toBe(true);
    expect(answer.scheme).toEqual({ version: 1, effectiveFrom: '1970-01-01' });
    const grid = answer.rankings.grid.find((entry) => entry.key === gridA)!;
    expect(grid.indicators).toMatchObject({
      reported: 2,
      deadlinesJudged: 2,
      deadlinesMet: 1,
      onTimeRate: 0.5,
      overdueCount: 1,
      feedbacksJudged: 2,
      reworkedIncidents: 1,
      reworkRate: 0.5,
      evaluations: 2,
      satisfaction: 3.5,
      foundByWorkers: 2,
      foundShare: 1,
      responses: 1,
      responseMeanMs: 10 * MINUTE_MS,
      responseOnTimeShare: 1,
    });
    // The street's western half up to 80 % of it walked, plus the 25 m buffer: 0.4 + 0.125.
    expect(grid.indicators.patrolCoverage).toBeGreaterThan(0.45);
    expect(grid.indicators.patrolCoverage).toBeLessThan(0.6);
    expect(grid.deductions).toEqual([
      { kind: 'overdue', count: 1, points: 2, incidentIds: [ids.lateReworked] },
      { kind: 'rework', count: 1, points: 1, incidentIds: [ids.lateReworked] },
      { kind: 'low_satisfaction', count: 1, points: 2, incidentIds: [ids.lateReworked] },
    ]);
    expect(grid.score).toBeCloseTo(grid.baseScore! - 5, 5);
    // The other street's incident went unfed: overdue there, not here.
    const otherGrid = answer.rankings.grid.find((entry) => entry.key === gridC)!;
    expect(otherGrid.deductions[0]).toMatchObject({
      kind: 'overdue',
      incidentIds: [ids.otherStreet],
    });
    expect(answer.rankings.department[0]).toMatchObject({ key: 'urban_management' });
    expect(answer.rankings.worker.find((entry) => entry.key === '1')?.name).toBe('网格员1');
  });

  it('reads a day again when a late upload adds fixes to it, and purges its cells with the fixes', async () => {
    const coverageOfGridA = async () =>
      (await report('admin')).rankings.grid.find((entry) => entry.key === gridA)!.indicators
        .patrolCoverage!;
    const before = await coverageOfGridA();
    const cachedDays = async () =>
      (await runTestSql(server, 'SELECT COUNT(*) AS n FROM patrol_day_cells'))[0]?.n;
    expect(await cachedDays()).toBeGreaterThan(0);
    // A phone that was offline uploads its walk of the eastern half of the street on the same day.
    const { center_lon: lon, center_lat: lat } = await centreOf(gridA);
    const lateMs = Date.UTC(2026, 10, 20, 5, 0);
    await server.server.stores.tracking.insertPositions(
      Array.from({ length: 41 }, (_, index) => ({
        workerId: 1,
        fixTimeMs: lateMs + index * 1000,
        lon: lon + (index / 40) * ROAD_HALF_DEG,
        lat,
        accuracyM: 5,
        speedMps: 1,
        headingDeg: 90,
        receivedAtMs: NOW_MS,
      })),
    );
    expect(await coverageOfGridA()).toBeGreaterThan(before + 0.3);
    await server.server.stores.tracking.purgePositionsBefore(Date.UTC(2026, 11, 1));
    expect(await cachedDays()).toBe(0);
  });

  it('keeps a street dispatcher to their street and masks worker names without the reveal right', async () => {
    const dispatcher = await report('dispatcher');
    const codes = [...dispatcher.rankings.street, ...dispatcher.rankings.grid].map((e) => e.key);
    expect(codes.every((code) => code.startsWith(streetA))).toBe(true);
    expect(codes).toContain(gridA);
    const department = dispatcher.rankings.department.find((e) => e.key === 'urban_management')!;
    // Only the street's two incidents count for the department in this scope.
    expect(department.indicators.deadlinesJudged).toBe(2);
    expect(dispatcher.rankings.worker.map((e) => e.key)).not.toContain('3');

    const viewer = await report('viewer');
    const name = viewer.rankings.worker.find((entry) => entry.key === '1')!.name;
    expect(name).not.toBe('网格员1');
    expect(name.startsWith('网')).toBe(true);
  });

  it('refuses a period without its field, an impossible month and one not begun, with a clear message', async () => {
    const token = await server.login('admin');
    const cases: Array<[string, RegExp]> = [
      ['/api/assessment?kind=month', /month/],
      ['/api/assessment?kind=month&month=2026-13', /month/],
      ['/api/assessment?kind=custom&from=2026-11-05&to=2026-11-01', /before/],
      ['/api/assessment?kind=month&month=2027-01', /not begun/],
    ];
    for (const [path, message] of cases) {
      const answer = await server.request('GET', path, { token });
      expect(answer.status, path).toBe(400);
      expect((answer.json as { message: string }).message).toMatch(message);
    }
  });

  it('exports the report as XLSX with a sheet per ranking and the deductions with incident numbers, audited', async () => {
    const token = await server.login('admin');
    const response = await fetch(
      `${server.baseUrl}/api/assessment/export.xlsx?kind=month&month=2026-11`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('assessment-2026-11.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '说明 About',
      '街道 Streets',
      '社区 Communities',
      '网格 Grids',
      '部门 Departments',
      '网格员 Workers',
      '扣分明细 Deductions',
    ]);
    const deductions = workbook.getWorksheet('扣分明细 Deductions')!;
    const rows = deductions.getSheetValues().filter(Boolean) as unknown[][];
    const gridRework = rows.find((row) => row[2] === gridA && String(row[4]).startsWith('返工'));
    expect(gridRework?.[7]).toBe(ids.lateReworked);
    const audit = (await runTestSql(
      server,
      "SELECT action, target_id FROM audit_log WHERE action IN ('read_assessment', 'export_assessment')",
    )) as Array<{ action: string; target_id: string }>;
    expect(audit).toContainEqual({ action: 'export_assessment', target_id: '2026-11' });
    expect(audit).toContainEqual({ action: 'read_assessment', target_id: '2026-11' });
  });
});

describe('GET /api/assessment/area-score (the leader wall)', () => {
  const areaScore = async (username: string, query: string, mode = 'wall') =>
    server.request('GET', `/api/assessment/area-score${query}`, {
      token: await server.login(username),
      headers: { [WALL_MODE_HEADER]: mode },
    });

  it("gives a grid last month's score, its rank among its siblings and deductions as counts only", async () => {
    const answer = await areaScore('admin', `?gridCode=${gridA}`);
    expect(answer.status, answer.text).toBe(200);
    const body = answer.json as AreaScoreResponse;
    // NOW is 5 December 2026: last month is November, complete.
    expect(body.period).toEqual({
      label: '2026-11',
      firstDay: '2026-11-01',
      lastDay: '2026-11-30',
    });
    expect(body.complete).toBe(true);
    const full = await report('admin');
    const fullGrid = full.rankings.grid.find((entry) => entry.key === gridA)!;
    expect(body.area).toMatchObject({ gridCode: gridA, level: 'grid', score: fullGrid.score });
    // Points off as counted by hand in the report above, largest first, no incident numbers.
    expect(body.area!.deductions).toEqual([
      { kind: 'overdue', count: 1, points: 2 },
      { kind: 'low_satisfaction', count: 1, points: 2 },
      { kind: 'rework', count: 1, points: 1 },
    ]);
    // Siblings: the base grids of grid A's community; only grid A has incidents or streets.
    const community = gridA.slice(0, -3);
    const siblings = full.rankings.grid.filter((entry) => entry.key.startsWith(community));
    expect(body.area!.siblings).toBe(siblings.length);
    expect(siblings.filter((entry) => entry.score !== null).map((entry) => entry.key)).toEqual([
      gridA,
    ]);
    expect(body.area!.rank).toBe(1);
    expect(body.children).toEqual([]);
    for (const id of Object.values(ids)) expect(answer.text).not.toContain(id);
    for (const worker of full.rankings.worker) expect(answer.text).not.toContain(worker.name);
    expect(answer.text).not.toMatch(/网格员|incidentIds|"name"/);
  });

  it("lists the next level down best first, inside the caller's scope only", async () => {
    const district = await areaScore('admin', '');
    expect(district.status, district.text).toBe(200);
    const whole = district.json as AreaScoreResponse;
    expect(whole.area).toBeNull();
    expect(whole.children.map((child) => child.level)).toEqual(['street', 'street']);
    const ranks = whole.children.map((child) => child.rank);
    expect(ranks).toEqual([...ranks].sort());

    const street = (await areaScore('dispatcher', `?gridCode=${streetA}`))
      .json as AreaScoreResponse;
    expect(street.area).toMatchObject({ gridCode: streetA, level: 'street', siblings: 1 });
    expect(street.children.length).toBeGreaterThan(0);
    expect(street.children.every((child) => child.gridCode.startsWith(streetA))).toBe(true);
    expect((await areaScore('dispatcher', `?gridCode=${gridC}`)).status).toBe(404);
    expect((await areaScore('dispatcher', '?gridCode=350102999')).status).toBe(404);
  });

  it('answers in the public modes while the full report, which names workers, is refused there', async () => {
    for (const mode of ['wall', 'tour', 'dispatch']) {
      expect((await areaScore('leader', `?gridCode=${gridA}`, mode)).status, mode).toBe(200);
    }
    const token = await server.login('leader');
    for (const path of [NOVEMBER, '/api/assessment/export.xlsx?kind=month&month=2026-11']) {
      const refused = await server.request('GET', path, {
        token,
        headers: { [WALL_MODE_HEADER]: 'wall' },
      });
      expect(refused.status, path).toBe(403);
    }
    expect((await areaScore('admin', `?gridCode=${gridA}&month=2027-01`)).status).toBe(400);
  });

  it("is not logged as a read of workers' performance (it scores no worker)", async () => {
    const reads = async () =>
      (
        (await runTestSql(
          server,
          "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'read_assessment'",
        )) as Array<{ n: number }>
      )[0]!.n;
    const before = await reads();
    expect((await areaScore('leader', `?gridCode=${gridA}`)).status).toBe(200);
    expect(await reads()).toBe(before);
    await report('leader');
    expect(await reads()).toBe(before + 1);
  });
});

describe('the scoring scheme', () => {
  it('seeds the default scheme as version 1, in force today', async () => {
    const answer = await server.request('GET', '/api/assessment/schemes', {
      token: await server.login('leader'),
    });
    const body = answer.json as SchemeVersionsResponse;
    expect(body.today).toBe('2026-12-05');
    expect(body.inForceVersion).toBe(1);
    expect(body.versions[0]).toMatchObject({ version: 1, scheme: DEFAULT_ASSESSMENT_SCHEME });
  });

  it('adds a version from a later day, refuses today and bad values, and never changes a stored one', async () => {
    const token = await server.login('admin');
    const strict = {
      ...DEFAULT_ASSESSMENT_SCHEME,
      deductions: {
        ...DEFAULT_ASSESSMENT_SCHEME.deductions,
        overdue: { pointsEach: 5, maxPoints: null },
      },
    };
    const today = await server.request('POST', '/api/assessment/schemes', {
      token,
      body: { effectiveFrom: '2026-12-05', scheme: strict },
    });
    expect(today.status).toBe(400);
    expect(today.text).toContain('after today');
    const bad = await server.request('POST', '/api/assessment/schemes', {
      token,
      body: {
        effectiveFrom: '2027-01-01',
        scheme: { ...strict, weights: { ...strict.weights, on_time: -3 } },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('weights/on_time');
    const created = await server.request('POST', '/api/assessment/schemes', {
      token,
      body: { effectiveFrom: '2027-01-01', scheme: strict },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({
      version: 2,
      effectiveFrom: '2027-01-01',
      createdBy: 'admin',
    });
    // November keeps the scheme it began with.
    expect((await report('admin')).scheme.version).toBe(1);
    await expect(
      runTestSql(server, "UPDATE assessment_schemes SET effective_from = '2000-01-01'"),
    ).rejects.toThrow(/never changed/);
    const audit = await runTestSql(
      server,
      "SELECT target_id FROM audit_log WHERE action = 'create_assessment_scheme'",
    );
    expect(audit).toEqual([{ target_id: '2' }]);
  });
});
