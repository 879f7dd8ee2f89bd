/**
 * Phones, ID numbers and e-mails typed into an incident's free text are masked on every way out
 * (list, detail, /live, Open311), the original stays stored, and POST /api/incidents/{id}/reveal
 * gives it back with a purpose and a reason, audited and rate-limited per user.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, GridNode, Page } from '../../shared/api';
import {
  INCIDENT_FEED_EVENT,
  INCIDENT_RESYNC_EVENT,
  type CreateIncidentResponse,
  type IncidentDetail,
  type IncidentFeedEvent,
  type IncidentListResponse,
  type IncidentResyncResponse,
  type IncidentTextRevealResponse,
} from '../../shared/incidents';
import { SECURITY_ALERT_EVENT, type SecurityAlert } from '../../shared/securityAlerts';
import { LIVE_NAMESPACE } from '../../shared/trackingEvents';
import { SOCKET_PATH } from '../socket/attachSocketGateway';
import { waitFor } from '../testing/testScreen';
import { startTestServer, type TestServer } from '../testing/testServer';

const REVEAL_LIMIT = 3;
const WAIT_MS = 5_000;
const PHONE = '13912345678';
const ID_NUMBER = '350102198506151234';
const EMAIL = 'zhang.san@example.com';
const NOTE_PHONE = '0591-87654321';
const DESCRIPTION = `楼道堆物，联系人 ${PHONE}，身份证 ${ID_NUMBER}，邮箱 ${EMAIL}，2026-12-05 网格 350102001001001`;
const REASON = { purpose: 'case_handling', reason: '回访报告人核实堆物位置' };

let server: TestServer;
let admin: string;
let dispatcher: string;
let viewer: string;
let grids: GridNode[];

function expectNoPersonalData(text: string): void {
  for (const secret of [PHONE, ID_NUMBER, EMAIL, NOTE_PHONE]) expect(text).not.toContain(secret);
}

async function auditItems(): Promise<AuditEntry[]> {
  return (
    (await server.request('GET', '/api/audit?pageSize=100', { token: admin }))
      .json as Page<AuditEntry>
  ).items;
}

function connect(token: string): Socket {
  return io(server.baseUrl + LIVE_NAMESPACE, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    auth: { token },
    forceNew: true,
  });
}

async function connected(socket: Socket): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
}

/** A screen that is live on the incident feed (resynced to the end). */
async function liveScreen(token: string): Promise<{ socket: Socket; events: IncidentFeedEvent[] }> {
  const socket = connect(token);
  const events: IncidentFeedEvent[] = [];
  socket.on(INCIDENT_FEED_EVENT, (event: IncidentFeedEvent) => events.push(event));
  await connected(socket);
  let after = 0;
  for (;;) {
    const page = (await socket
      .timeout(WAIT_MS)
      .emitWithAck(INCIDENT_RESYNC_EVENT, { afterSequence: after })) as IncidentResyncResponse;
    for (const event of page.events) expectNoPersonalData(JSON.stringify(event));
    after = page.events.at(-1)?.sequence ?? after;
    if (!page.hasMore) return { socket, events };
  }
}

async function report(description: string): Promise<string> {
  const site = grids.find((grid) => grid.level === 4)!.center;
  const answer = await server.request('POST', '/api/incidents', {
    token: admin,
    body: { categoryCode: 'street_order', ...site, description },
  });
  expect(answer.status).toBe(201);
  expectNoPersonalData(answer.text);
  return (answer.json as CreateIncidentResponse).incident.id;
}

beforeAll(async () => {
  server = await startTestServer(undefined, { revealLimitPerHour: REVEAL_LIMIT });
  admin = await server.login('admin');
  dispatcher = await server.login('dispatcher');
  viewer = await server.login('viewer');
  grids = (await server.request('GET', '/api/grids', { token: admin })).json as GridNode[];
});

afterAll(async () => {
  await server?.close();
});

describe('personal data in incident free text', () => {
  let incidentId: string;

  it('masks the description and notes in the list, the detail and the live feed', async () => {
    const wall = await liveScreen(viewer);
    incidentId = await report(DESCRIPTION);
    const registered = await server.request('POST', `/api/incidents/${incidentId}/transitions`, {
      token: admin,
      body: { command: { action: 'register', note: `已电话 ${NOTE_PHONE} 联系物业` } },
    });
    expect(registered.status).toBe(200);
    expectNoPersonalData(registered.text);
    await waitFor(() => wall.events.length >= 2, WAIT_MS, 'two feed events');
    expectNoPersonalData(JSON.stringify(wall.events));
    expect(wall.events[0]?.incident.description).toContain('*******5678');
    wall.socket.close();

    for (const token of [viewer, admin]) {
      const list = await server.request('GET', '/api/incidents?pageSize=100', { token });
      expectNoPersonalData(list.text);
      const item = (list.json as IncidentListResponse).items.find((row) => row.id === incidentId);
      // Dates and grid codes are what a dispatcher needs: they stay readable.
      expect(item?.description).toContain('2026-12-05 网格 350102001001001');
      const detail = await server.request('GET', `/api/incidents/${incidentId}`, { token });
      expectNoPersonalData(detail.text);
      const body = detail.json as IncidentDetail;
      expect(body.textMasked).toBe(true);
      expect(body.history.at(-1)?.note).toBe('已电话 ****-****4321 联系物业');
    }
  });

  it('masks it on the public Open311 endpoint, always', async () => {
    const site = grids.find((grid) => grid.level === 4)!.center;
    const created = await server.request('POST', '/open311/v2/requests.json', {
      body: { service_code: 'SG01', lat: site.lat, long: site.lon, description: DESCRIPTION },
    });
    expect(created.status).toBe(201);
    const id = (created.json as Array<{ service_request_id: string }>)[0]!.service_request_id;
    const one = await server.request('GET', `/open311/v2/requests/${id}.json`);
    expect(one.status).toBe(200);
    expectNoPersonalData(one.text);
    expect(one.text).toContain('*******5678');
    const all = await server.request('GET', '/open311/v2/requests.json');
    expectNoPersonalData(all.text);
  });

  it('gives the original back to a role that may reveal, with one audit row', async () => {
    const before = (await auditItems()).length;
    const answer = await server.request('POST', `/api/incidents/${incidentId}/reveal`, {
      token: admin,
      body: REASON,
    });
    expect(answer.status).toBe(200);
    const revealed = answer.json as IncidentTextRevealResponse;
    expect(revealed.description).toBe(DESCRIPTION);
    expect(revealed.notes.at(-1)).toBe(`已电话 ${NOTE_PHONE} 联系物业`);
    const items = await auditItems();
    expect(items.length).toBe(before + 1);
    expect(items[0]).toMatchObject({
      id: revealed.auditId,
      username: 'admin',
      action: 'reveal_incident_text',
      targetType: 'incident',
      targetId: incidentId,
      reason: '[case_handling] 回访报告人核实堆物位置',
    });
    // The stored text is unchanged by the reveal, and the log never holds it.
    expectNoPersonalData(JSON.stringify(items));
  });

  it('refuses the viewer (audited as a refusal), a bad reason and an unknown incident', async () => {
    const before = (await auditItems()).length;
    const refused = await server.request('POST', `/api/incidents/${incidentId}/reveal`, {
      token: viewer,
      body: REASON,
    });
    expect(refused.status).toBe(403);
    expectNoPersonalData(refused.text);
    const zeroWidth = await server.request('POST', `/api/incidents/${incidentId}/reveal`, {
      token: admin,
      body: { purpose: 'case_handling', reason: '\u200b'.repeat(12) },
    });
    expect(zeroWidth.status).toBe(400);
    expect(zeroWidth.json).toMatchObject({ messages: { zh: expect.stringContaining('10') } });
    const missing = await server.request('POST', '/api/incidents/INC99999999/reveal', {
      token: admin,
      body: REASON,
    });
    expect(missing.status).toBe(404);
    // Only the viewer's refusal is logged, as a refusal: nothing was revealed to anyone.
    const items = await auditItems();
    expect(items.length).toBe(before + 1);
    expect(items[0]).toMatchObject({
      username: 'viewer',
      action: 'reveal_refused',
      targetType: 'incident',
      targetId: incidentId,
    });
    expectNoPersonalData(JSON.stringify(items));
  });
});

describe('reveal rate per user', () => {
  it('past the limit answers 429, writes an alert row and tells connected admins', async () => {
    const adminScreen = connect(admin);
    const alerts: SecurityAlert[] = [];
    adminScreen.on(SECURITY_ALERT_EVENT, (alert: SecurityAlert) => alerts.push(alert));
    const viewerScreen = connect(viewer);
    const viewerAlerts: unknown[] = [];
    viewerScreen.on(SECURITY_ALERT_EVENT, (alert: unknown) => viewerAlerts.push(alert));
    await Promise.all([connected(adminScreen), connected(viewerScreen)]);

    const incidentId = await report(`住户 ${PHONE} 反映噪音`);
    const reveal = () =>
      server.request('POST', `/api/incidents/${incidentId}/reveal`, {
        token: dispatcher,
        body: REASON,
      });
    const person = () =>
      server.request('POST', `/api/persons/1/reveal`, {
        token: dispatcher,
        body: { purpose: 'home_visit', reason: '上门走访前核对住户信息' },
      });
    // Person reveals and incident-text reveals share one count (the dispatcher's street).
    const statuses: number[] = [];
    for (let index = 0; index < REVEAL_LIMIT; index++) statuses.push((await reveal()).status);
    expect(statuses).toEqual(Array(REVEAL_LIMIT).fill(200));
    const over = await reveal();
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expectNoPersonalData(over.text);
    expect((await person()).status).toBe(429);

    const items = await auditItems();
    const alertRows = items.filter(
      (row) => row.action === 'alert' && row.username === 'dispatcher',
    );
    expect(alertRows.length).toBe(2);
    expect(
      items.filter((row) => row.username === 'dispatcher' && row.action.startsWith('reveal')),
    ).toHaveLength(REVEAL_LIMIT);
    await waitFor(() => alerts.length >= 2, WAIT_MS, 'security alerts on the admin screen');
    expect(alerts[0]).toMatchObject({
      kind: 'reveal_rate_limit',
      username: 'dispatcher',
      revealsInWindow: REVEAL_LIMIT,
      limitPerHour: REVEAL_LIMIT,
    });
    expect(viewerAlerts).toEqual([]);
    adminScreen.close();
    viewerScreen.close();
  });
});
