/**
 * The simulated operation reads as a well-run district: at the end of the backfilled history and
 * after a day of the live loop, most work is fed back in time, a few incidents are overdue (by
 * hours, not weeks), some escalated, and nothing old is left open. Runs the real backfill, the
 * real simulated dispatcher and phones on a small generated district, with a fixed clock (fake
 * timers for the live day), so the figures are the same on every run.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../../src/domain/incidents/incident';
import { INCIDENT_CATEGORIES } from '../../../src/domain/incidents/incidentCategories';
import { workerActor } from '../../../src/server/incidents/incidentActors';
import { toDeviceTask } from '../../../src/server/incidents/dispatchService';
import { EscalationJob } from '../../../src/server/incidents/escalationJob';
import { GridLocator } from '../../../src/server/incidents/gridLocator';
import { IncidentFeed } from '../../../src/server/incidents/incidentFeed';
import { IncidentService } from '../../../src/server/incidents/incidentService';
import { sqliteAssigneeDirectory } from '../../../src/server/store/sqliteAssigneeDirectory';
import { openDatabase } from '../../../src/server/store/openDatabase';
import { SqliteIncidentStore } from '../../../src/server/store/sqliteIncidentStore';
import { SqliteRegistryStore } from '../../../src/server/store/sqliteRegistry';
import { generateTestDistrict, type TestDistrict } from '../../district/testDistrict';
import { loadSimulationNetworkFromDb, type SimulatedWorkerGrids } from '../simulationNetwork';
import { measureDemoOperation, type DemoOperationShape } from './demoOperationShape';
import { backfillIncidentHistory, workerForGrid } from './incidentBackfill';
import type { IncidentPlace } from './incidentPlaces';
import { MAX_LATENESS_MS } from './incidentLifecycle';
import { planIncidents } from './incidentSchedule';
import {
  inProcessDispatcherApi,
  inProcessPhoneLink,
  type InProcessPhoneLink,
} from './inProcessIncidentDesk.test-helper';
import { SimulatedDispatcher } from './simulatedDispatcher';
import { DEMO_TASK_TIMING, SimulatedTaskWorker } from './simulatedTaskWorker';
import { DEFAULT_DISPATCHER_STEP_DELAY_MS } from './startIncidentSimulator';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** 14:00 in the district (UTC+8): a busy afternoon. */
const START_MS = Date.UTC(2026, 10, 27, 6, 0, 0);
const HISTORY_DAYS = 14;
/** Live reports per minute: a quarter of the default, so a simulated day runs in seconds. */
const LIVE_RATE_PER_MINUTE = 0.5;
/** How often the live day looks at the desk (the simulator's own round is shorter). */
const LIVE_ROUND_MS = 30_000;
/** The longest deadline any category gets by default (reports carry no priority). */
const LONGEST_DEFAULT_ALLOWED_MS = Math.max(
  ...INCIDENT_CATEGORIES.map(
    (category) => category.deadlineHours[category.defaultPriority] * HOUR_MS,
  ),
);
/** Past its deadline and lateness, an incident still waits a while for the dispatcher to verify. */
const VERIFY_SLACK_MS = DAY_MS;
const OLDEST_OPEN_BOUND_MS = LONGEST_DEFAULT_ALLOWED_MS + MAX_LATENESS_MS + VERIFY_SLACK_MS;
/** A late task is taken up at its planned time; walking there and handling it come on top. */
const TASK_TAKE_UP_SLACK_MS = HOUR_MS;
const ON_TIME_SHARE_FLOOR = 0.85;
const OVERDUE_SHARE_OF_OPEN_CEILING = 0.05;
const ADMIN = { username: 'admin', role: 'admin' as const, scopes: [] as string[] };

let district: TestDistrict;
let places: IncidentPlace[];
let workers: SimulatedWorkerGrids[];

function readAllIncidents(): Incident[] {
  const db = openDatabase(district.dbPath);
  try {
    return new SqliteIncidentStore(db).listIncidents(
      { scopes: ADMIN.scopes },
      { page: 1, pageSize: Number.MAX_SAFE_INTEGER },
    ).items;
  } finally {
    db.close();
  }
}

function expectWellRun(shape: DemoOperationShape): void {
  expect(shape.onTimeShare).toBeGreaterThanOrEqual(ON_TIME_SHARE_FLOOR);
  expect(shape.open).toBeGreaterThan(0);
  expect(shape.openOverdue).toBeLessThanOrEqual(
    Math.ceil(shape.open * OVERDUE_SHARE_OF_OPEN_CEILING),
  );
  expect(shape.maxOverdueMs).toBeLessThanOrEqual(MAX_LATENESS_MS + TASK_TAKE_UP_SLACK_MS);
  expect(shape.oldestOpenAgeMs).toBeLessThanOrEqual(OLDEST_OPEN_BOUND_MS);
}

beforeAll(() => {
  district = generateTestDistrict({ buildingCount: 120, residentCount: 2_000 });
  const db = openDatabase(district.dbPath);
  try {
    const grids = new SqliteRegistryStore(db).listGrids();
    ADMIN.scopes = grids.filter((grid) => grid.parentCode === null).map((grid) => grid.code);
    places = grids
      .filter((grid) => grid.level === 4)
      .map((grid, index) => ({
        id: `estate:${index}`,
        kind: 'old_estate' as const,
        name: `${grid.name}小区`,
        ...grid.center,
      }));
  } finally {
    db.close();
  }
  workers = loadSimulationNetworkFromDb(district.dbPath).workers;
  backfillIncidentHistory({
    dbPath: district.dbPath,
    places,
    workers,
    nowMs: START_MS,
    seed: 1,
    days: HISTORY_DAYS,
  });
});

afterAll(() => district?.dispose());

describe('the backfilled history of the demo district', () => {
  let incidents: Incident[];
  let shape: DemoOperationShape;
  beforeAll(() => {
    incidents = readAllIncidents();
    shape = measureDemoOperation(incidents, START_MS);
  });

  it('has most dispatched work fed back in time, a few overdue, nothing old left open', () => {
    expect(shape.incidents).toBeGreaterThan(500);
    expect(shape.onTimeShare).toBeLessThan(1);
    expectWellRun(shape);
    expect(OLDEST_OPEN_BOUND_MS).toBeLessThan(7 * DAY_MS);
  });

  it('has late incidents that escalated up the grid and were closed all the same', () => {
    const escalatedAndClosed = incidents.filter(
      (incident) =>
        incident.escalations.length > 0 &&
        ['closed', 'evaluated', 'archived'].includes(incident.state),
    );
    expect(escalatedAndClosed.length).toBeGreaterThan(0);
  });
});

describe('a day of the live loop after the history', () => {
  const hourly: DemoOperationShape[] = [];
  let dayEnd: DemoOperationShape;

  beforeAll(async () => {
    vi.useFakeTimers({ now: START_MS });
    const db = openDatabase(district.dbPath);
    const repository = new SqliteIncidentStore(db);
    const registry = new SqliteRegistryStore(db);
    const service = new IncidentService({
      repository,
      feed: new IncidentFeed(repository),
      grids: new GridLocator(() => registry.listGrids()),
      nowMs: () => Date.now(),
      assignees: sqliteAssigneeDirectory(db),
    });
    const phones = new Map<number, InProcessPhoneLink>();
    const taskWorkers = workers.map(({ workerId }) => {
      const link = inProcessPhoneLink(service, workerId);
      phones.set(workerId, link);
      return new SimulatedTaskWorker(workerId, link, DEMO_TASK_TIMING, () => undefined, Date.now);
    });
    // On connect the server sends each phone its open tasks (the history's included).
    for (const [workerId, link] of phones) {
      for (const incident of repository.listAssignedOpen(workerActor(workerId).username)) {
        link.deliver(toDeviceTask(incident));
      }
    }
    const dispatcher = new SimulatedDispatcher(
      inProcessDispatcherApi(service, ADMIN, phones, (gridCode) =>
        workerForGrid(gridCode, workers),
      ),
      { stepDelayMs: DEFAULT_DISPATCHER_STEP_DELAY_MS },
    );
    const escalation = new EscalationJob(repository, service);
    const desk = inProcessDispatcherApi(service, ADMIN, phones, () => null);
    const schedule = { seed: 2, ratePerMinute: LIVE_RATE_PER_MINUTE };
    try {
      let lastMs = START_MS;
      for (let elapsedMs = LIVE_ROUND_MS; elapsedMs <= DAY_MS; elapsedMs += LIVE_ROUND_MS) {
        await vi.advanceTimersByTimeAsync(LIVE_ROUND_MS);
        const nowMs = Date.now();
        for (const incident of planIncidents(places, lastMs, nowMs, schedule)) {
          await desk.reportByHotline({
            categoryCode: incident.categoryCode,
            lon: incident.lon,
            lat: incident.lat,
            description: incident.description,
            source: 'hotline',
          });
        }
        lastMs = nowMs;
        escalation.runOnce();
        await dispatcher.round(nowMs);
        if (elapsedMs % HOUR_MS === 0) hourly.push(measureDemoOperation(readAllIncidents(), nowMs));
      }
      dayEnd = measureDemoOperation(readAllIncidents(), Date.now());
    } finally {
      for (const worker of taskWorkers) worker.close();
      db.close();
      vi.useRealTimers();
    }
  });

  it('ends the day in the same shape as the history', () => {
    expectWellRun(dayEnd);
    expect(dayEnd.incidents).toBeGreaterThan(500);
  });

  it('stays in shape every hour of the day', () => {
    expect(hourly).toHaveLength(24);
    for (const shape of hourly) expectWellRun(shape);
  });
});
