/**
 * The emergency command against the real server: a scenario opens an event that the commander
 * runs (a plan's checklist with who and when, the level with its reason, messages to the
 * households of a zone through the default outbox, a household's acknowledgement taken by phone,
 * termination), all in one timeline; the after-action report reads back by header; and a restart
 * of the server on the same database keeps the event, its timeline and the scenario.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import ExcelJS from '../../imports/excel';
import { toLonLat } from '../../../domain/geo/localFrame';
import type { PlumeAssessmentRequest } from '../../../shared/emergency';
import { EMERGENCY_RECORDS_PATH } from '../../../shared/emergencyRecords';
import {
  DOOR_KNOCK_ASSIGN_PATH,
  DOOR_KNOCK_PATH,
  EMERGENCY_SCENARIO_PATH,
  type ActiveScenario,
  type DoorKnockAssignResponse,
  type DoorKnockListResponse,
} from '../../../shared/emergencyScenario';
import {
  COMMAND_EVENTS_PATH,
  COMMAND_LEVEL_PATH,
  COMMAND_NOTIFICATIONS_PATH,
  COMMAND_NOTIFY_PATH,
  COMMAND_PATH,
  COMMAND_PLAN_PATH,
  COMMAND_PLANS_PATH,
  COMMAND_STEPS_PATH,
  COMMAND_SUMMARY_PATH,
  COMMAND_TERMINATE_PATH,
  commandReportPath,
  commandWorkbookPath,
  type CommandEventView,
  type CommandReport,
  type CommandSummary,
  type LevelChangeResponse,
  type NotificationView,
  type NotifyResponse,
  type PlanCandidate,
} from '../../../shared/emergencyCommand';
import { WALL_MODE_HEADER } from '../../../shared/wallModes';
import { startTestServer, type TestServer } from '../../testing/testServer';
import { runTestSql } from '../../testing/testSql';
import { REPORT_SHEETS } from './commandWorkbook';

let server: TestServer;
/** The server's address; the restart test moves it. */
let baseUrl: string;

interface Answer {
  status: number;
  json: unknown;
  body: ArrayBuffer;
  headers: Headers;
}

async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(baseUrl + path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const body = await response.arrayBuffer();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    json = undefined;
  }
  return { status: response.status, json, body, headers: response.headers };
}

async function login(username: string): Promise<string> {
  const answer = await call('POST', '/api/auth/login', {
    body: { username, password: server.password },
  });
  return (answer.json as { token: string }).token;
}
let admin: string;
let dispatcher: string;
let viewer: string;
let release: PlumeAssessmentRequest;
let planIds: { major: number; ordinary: number };

async function createPlan(name: string, level: string, steps: string[]): Promise<number> {
  const answer = await call('POST', EMERGENCY_RECORDS_PATH, {
    token: admin,
    body: {
      kind: 'plan',
      name,
      location: null,
      attributes: {
        incidentType: '危化品泄漏',
        responseLevel: level,
        steps,
        responsibleUnits: ['区应急管理局', '属地街道'],
      },
    },
  });
  expect(answer.status).toBe(200);
  return (answer.json as { id: number }).id;
}

beforeAll(async () => {
  server = await startTestServer();
  baseUrl = server.baseUrl;
  admin = await login('admin');
  dispatcher = await login('dispatcher');
  viewer = await login('viewer');
  const [first] = (await runTestSql(
    server,
    'SELECT origin_lon AS lon, origin_lat AS lat FROM buildings ORDER BY id LIMIT 1',
  )) as Array<{ lon: number; lat: number }>;
  // As in the scenario test: a west wind carries chlorine along the row of test buildings.
  release = {
    substance: 'chlorine',
    release: { kind: 'continuous', rateGPerS: 25 },
    source: toLonLat(first!, -30, 0),
    windMs: 3,
    windFromDeg: 270,
    stability: 'D',
    terrain: 'urban',
  };
  planIds = {
    ordinary: await createPlan('危化品泄漏一般预案', 'IV', ['接警核实', '划定警戒区', '通知群众']),
    major: await createPlan('危化品泄漏重大预案', 'II', ['启动指挥部', '疏散下风向群众']),
  };
});

afterAll(async () => {
  await server?.close();
});

const current = async (token = admin) =>
  (await call('GET', COMMAND_PATH, { token })).json as CommandEventView;

describe('the emergency command', () => {
  let eventId: number;

  it('opens an event at level Ⅳ when a scenario starts, with the zones in the timeline', async () => {
    expect((await call('GET', COMMAND_PATH, { token: admin })).status).toBe(404);
    const put = await call('PUT', EMERGENCY_SCENARIO_PATH, { token: admin, body: release });
    expect(put.status).toBe(200);
    const event = await current();
    eventId = event.id;
    expect(event).toMatchObject({ status: 'active', level: 'IV', incidentType: '危化品泄漏' });
    expect(event.scenarioId).toBe((put.json as ActiveScenario).id);
    expect(event.timeline.map((entry) => entry.kind)).toEqual(['event_opened', 'scenario_started']);
    const opened = await call('POST', COMMAND_EVENTS_PATH, {
      token: admin,
      body: { title: '另一事件', incidentType: '火灾', level: 'IV' },
    });
    expect(opened.status).toBe(409);
  });

  it('lists the plans of the type and level first and turns the chosen one into a checklist', async () => {
    const plans = (await call('GET', COMMAND_PLANS_PATH, { token: viewer })).json as {
      plans: PlanCandidate[];
    };
    expect(plans.plans[0]).toMatchObject({
      recordId: planIds.ordinary,
      matchesLevel: true,
      matchesType: true,
    });
    expect(
      (
        await call('POST', COMMAND_PLAN_PATH, {
          token: viewer,
          body: { recordId: planIds.ordinary },
        })
      ).status,
    ).toBe(403);
    const activated = await call('POST', COMMAND_PLAN_PATH, {
      token: dispatcher,
      body: { recordId: planIds.ordinary },
    });
    expect(activated.status).toBe(200);
    const event = activated.json as CommandEventView;
    expect(event.planName).toBe('危化品泄漏一般预案');
    expect(event.checklist.map((step) => step.text)).toEqual([
      '接警核实',
      '划定警戒区',
      '通知群众',
    ]);
  });

  it('ticks a step once with who, when and a note', async () => {
    const ticked = await call('POST', `${COMMAND_STEPS_PATH}/1`, {
      token: dispatcher,
      body: { note: '警戒线已拉设' },
    });
    expect(ticked.status).toBe(200);
    const step = (ticked.json as CommandEventView).checklist[1]!;
    expect(step).toMatchObject({ doneBy: 'dispatcher', note: '警戒线已拉设' });
    expect(step.doneAtMs).toBeGreaterThan(0);
    const again = await call('POST', `${COMMAND_STEPS_PATH}/1`, { token: admin, body: {} });
    expect(again.status).toBe(409);
    expect((await call('POST', `${COMMAND_STEPS_PATH}/9`, { token: admin, body: {} })).status).toBe(
      400,
    );
  });

  it('raises the level only with a reason and offers the plans of the new level', async () => {
    const noReason = await call('POST', COMMAND_LEVEL_PATH, {
      token: dispatcher,
      body: { level: 'II', reason: ' ' },
    });
    expect(noReason.status).toBe(400);
    expect((await current()).level).toBe('IV');
    const raised = await call('POST', COMMAND_LEVEL_PATH, {
      token: dispatcher,
      body: { level: 'II', reason: '下风向居民区受影响' },
    });
    expect(raised.status).toBe(200);
    const answer = raised.json as LevelChangeResponse;
    expect(answer.event.level).toBe('II');
    expect(answer.plans.map((plan) => plan.recordId)).toEqual([planIds.major]);
    const entry = answer.event.timeline.at(-1)!;
    expect(entry).toMatchObject({ kind: 'level_changed', actor: 'dispatcher' });
    expect(entry.payload).toMatchObject({ from: 'IV', to: 'II', direction: 'escalate' });
  });

  it('writes one message per household of the zone to the outbox, sealed, never twice', async () => {
    const notify = await call('POST', COMMAND_NOTIFY_PATH, {
      token: admin,
      body: { tier: 'AEGL-1', channel: 'sms', text: '【应急通知】请关闭门窗，听从网格员指引。' },
    });
    expect(notify.status).toBe(200);
    const result = notify.json as NotifyResponse;
    expect(result.households).toBeGreaterThan(0);
    expect(result.outbox + result.withoutPhone).toBe(result.households);
    expect(result.sent).toBe(0);
    const outbox = (await runTestSql(
      server,
      'SELECT phone_sealed, phone_masked, text FROM message_outbox',
    )) as Array<{ phone_sealed: Buffer; phone_masked: string; text: string }>;
    const phones = new Set(
      (
        (await runTestSql(
          server,
          'SELECT phone_masked FROM persons WHERE phone_masked IS NOT NULL',
        )) as Array<{ phone_masked: string }>
      ).map((row) => row.phone_masked),
    );
    expect(outbox).toHaveLength(result.outbox);
    for (const row of outbox) {
      expect(phones.has(row.phone_masked)).toBe(true);
      // Sealed: the masked tail is not readable in the blob.
      expect(row.phone_sealed.toString('latin1')).not.toContain(row.phone_masked.slice(-4));
    }
    const again = (
      await call('POST', COMMAND_NOTIFY_PATH, {
        token: admin,
        body: { tier: 'AEGL-1', channel: 'sms', text: '再次通知' },
      })
    ).json as NotifyResponse;
    expect(again).toMatchObject({ outbox: 0, skipped: result.outbox });
    const event = await current();
    const counts = event.notificationCounts.reduce((sum, zone) => sum + zone.outbox, 0);
    expect(counts).toBe(result.outbox);
    expect(event.gateway).toBe('outbox');
  });

  it('records an acknowledgement taken by phone, for the scope and only once', async () => {
    const list = (await call('GET', COMMAND_NOTIFICATIONS_PATH, { token: admin })).json as {
      notifications: NotificationView[];
    };
    const first = list.notifications[0]!;
    expect(first.state).toBe('outbox');
    expect(first.phoneMasked).toMatch(/^\*+\d{4}$/);
    const acknowledged = await call(
      'POST',
      `${COMMAND_NOTIFICATIONS_PATH}/${first.id}/acknowledge`,
      {
        token: admin,
        body: { note: '电话确认，已撤离' },
      },
    );
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.json).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'admin' });
    const twice = await call('POST', `${COMMAND_NOTIFICATIONS_PATH}/${first.id}/acknowledge`, {
      token: admin,
      body: {},
    });
    expect(twice.status).toBe(409);
    const zone = (await current()).notificationCounts.find((counts) => counts.tier === first.tier)!;
    expect(zone.acknowledged).toBe(1);
  });

  it('logs door-knocking tasks in the timeline', async () => {
    const list = (await call('GET', `${DOOR_KNOCK_PATH}?tier=AEGL-1`, { token: admin }))
      .json as DoorKnockListResponse;
    const householdIds = list.households.slice(0, 2).map((household) => household.householdId);
    const assigned = await call('POST', DOOR_KNOCK_ASSIGN_PATH, {
      token: admin,
      body: { householdIds },
    });
    expect(assigned.status).toBe(200);
    const tasks = (assigned.json as DoorKnockAssignResponse).assignments;
    // The timeline is told of the tasks in the background (commandModule): on PostgreSQL the
    // answer may come first.
    await vi.waitFor(async () => {
      const entry = (await current()).timeline.at(-1)!;
      expect(entry).toMatchObject({ kind: 'door_knock_assigned', actor: 'admin' });
      expect(entry.payload).toMatchObject({ tasks: tasks.length, households: 2 });
    });
  });

  it('erases a person’s number from the outbox with the person (PIPL erasure)', async () => {
    const [person] = (await runTestSql(
      server,
      'SELECT p.id FROM persons p JOIN message_outbox o ON o.phone_index = p.phone_index LIMIT 1',
    )) as Array<{ id: number }>;
    const outboxCount = async () =>
      (
        (await runTestSql(server, 'SELECT COUNT(*) AS n FROM message_outbox')) as Array<{
          n: number;
        }>
      )[0]!.n;
    const before = await outboxCount();
    const erased = await call('DELETE', `/api/persons/${person!.id}`, {
      token: admin,
      body: { reason: 'PIPL erasure request in the emergency test' },
    });
    expect(erased.status).toBe(204);
    expect(await outboxCount()).toBe(before - 1);
  });

  it('shows the leader wall aggregates only: level, plan, progress and counts', async () => {
    const answer = await call('GET', COMMAND_SUMMARY_PATH, {
      token: viewer,
      headers: { [WALL_MODE_HEADER]: 'wall' },
    });
    expect(answer.status).toBe(200);
    const { summary } = answer.json as { summary: CommandSummary };
    expect(summary).toMatchObject({ level: 'II', stepsDone: 1, stepsTotal: 3 });
    expect(JSON.stringify(summary)).not.toMatch(/dispatcher|admin|警戒线已拉设|\*{4}/);
  });

  it('shows the leader wall nothing of it: the command names staff and households', async () => {
    const refused = await call('GET', COMMAND_PATH, {
      token: viewer,
      headers: { [WALL_MODE_HEADER]: 'wall' },
    });
    expect(refused.status).toBe(403);
  });

  it('survives a restart: the event, its timeline and the running scenario come back', async () => {
    const before = await current();
    await server.restart();
    baseUrl = server.baseUrl;
    admin = await login('admin');
    dispatcher = await login('dispatcher');
    viewer = await login('viewer');
    const after = await current();
    expect(after.id).toBe(before.id);
    expect(after.level).toBe('II');
    expect(after.timeline).toEqual(before.timeline);
    expect(after.checklist).toEqual(before.checklist);
    const scenario = await call('GET', EMERGENCY_SCENARIO_PATH, { token: admin });
    expect(scenario.status).toBe(200);
    expect((scenario.json as ActiveScenario).id).toBe(before.scenarioId);
    expect((scenario.json as ActiveScenario).history.at(-1)!.request).toEqual(release);
  });

  it('exports the after-action report as XLSX read back by header, audited', async () => {
    const report = (await call('GET', commandReportPath(eventId), { token: admin }))
      .json as CommandReport;
    expect(report.timeline.map((entry) => entry.kind)).toContain('notifications_sent');
    expect(report.timeline.find((entry) => entry.kind === 'level_changed')!.text.zh).toContain(
      '理由：下风向居民区受影响',
    );
    const answer = await call('GET', commandWorkbookPath(eventId), { token: admin });
    expect(answer.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(answer.body);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(Object.values(REPORT_SHEETS));
    const rowsByHeader = (name: string) => {
      const rows = workbook.getWorksheet(name)!.getSheetValues().filter(Boolean) as unknown[][];
      const header = rows[0]!;
      return rows
        .slice(1)
        .map((row) =>
          Object.fromEntries(header.flatMap((title, index) => [[String(title), row[index]]])),
        );
    };
    const timeline = rowsByHeader(REPORT_SHEETS.timeline);
    expect(timeline.map((row) => row['类型 Kind'])).toEqual(
      report.timeline.map((entry) => entry.kind),
    );
    const steps = rowsByHeader(REPORT_SHEETS.checklist);
    expect(steps.find((row) => row['内容 Text'] === '划定警戒区')).toMatchObject({
      '完成人 Done by': 'dispatcher',
      '备注 Note': '警戒线已拉设',
    });
    const doorKnock = rowsByHeader(REPORT_SHEETS.doorKnock);
    expect(doorKnock.map((row) => row['事件编号 Incident'])).toEqual(
      report.doorKnockTasks.map((task) => task.incidentId),
    );
    expect(doorKnock.length).toBeGreaterThan(0);
    expect(doorKnock.every((row) => String(row['当前状态 State now']) !== '')).toBe(true);
    const notices = rowsByHeader(REPORT_SHEETS.notifications);
    expect(notices).toHaveLength(report.notifications.length);
    for (const row of notices) expect(String(row['电话 Phone'])).toMatch(/^\*+\d{4}$/);
    const people = rowsByHeader(REPORT_SHEETS.people);
    const zoneResidents = report.zones.map((zone) => zone.residents);
    expect(people.map((row) => row['居民数 Residents'])).toEqual(zoneResidents);
    expect(
      rowsByHeader(REPORT_SHEETS.records).some((row) => row['名称 Name'] === '危化品泄漏一般预案'),
    ).toBe(true);
    const [audited] = (await runTestSql(
      server,
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'emergency_command_report_export'",
    )) as Array<{ n: number }>;
    expect(audited!.n).toBe(1);
  });

  it('terminates with a summary: the scenario ends everywhere and nothing more is ticked', async () => {
    expect(
      (await call('POST', COMMAND_TERMINATE_PATH, { token: viewer, body: { summary: 'x' } }))
        .status,
    ).toBe(403);
    const ended = await call('POST', COMMAND_TERMINATE_PATH, {
      token: dispatcher,
      body: { summary: '泄漏已封堵，警戒解除' },
    });
    expect(ended.status).toBe(200);
    expect(ended.json).toMatchObject({ status: 'terminated', terminatedBy: 'dispatcher' });
    expect((await call('GET', EMERGENCY_SCENARIO_PATH, { token: admin })).status).toBe(404);
    expect((await call('GET', COMMAND_PATH, { token: admin })).status).toBe(404);
    expect((await call('POST', `${COMMAND_STEPS_PATH}/0`, { token: admin, body: {} })).status).toBe(
      404,
    );
    const report = (await call('GET', commandReportPath(eventId), { token: admin }))
      .json as CommandReport;
    expect(report.timeline.slice(-2).map((entry) => entry.kind)).toEqual([
      'scenario_ended',
      'event_terminated',
    ]);
    const events = (await call('GET', COMMAND_EVENTS_PATH, { token: viewer })).json as {
      events: Array<{ id: number; status: string }>;
    };
    expect(events.events[0]).toMatchObject({ id: eventId, status: 'terminated' });
  });
});
