/**
 * The hotline desk and the answer to reporters against the real server (decision 0026): a call
 * taken with the caller's number sealed and masked, duplicates, the address search in scope, the
 * call-back list with the audited number and the rating once, and the Open311 side — the closing
 * note in status_notes, the rating by the reporter's token or partner key, the partner callback.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridNode } from '../../../shared/api';
import type {
  AddressMatch,
  HotlineCallResponse,
  HotlineCallback,
  HotlineCallbackList,
} from '../../../shared/hotline';
import type { IncidentDetail, IncidentIntakeCheck } from '../../../shared/incidents';
import { hashPassword } from '../../auth/passwordHash';
import { startTestServer, type TestServer } from '../../testing/testServer';
import { runTestSql } from '../../testing/testSql';

const PARTNER_KEY = '12345-platform-key-0001';
const OTHER_PARTNER_KEY = '96005-platform-key-0002';
const CALLER_PHONE = '138 0013 8000';
const CALLER_DIGITS = '13800138000';

let server: TestServer;
let partnerInbox: Server;
const delivered: unknown[] = [];
let admin: string;
let operator: string;
let foreignOperator: string;
let site: { lon: number; lat: number };

beforeAll(async () => {
  partnerInbox = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      delivered.push(JSON.parse(body));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => partnerInbox.listen(0, '127.0.0.1', resolve));
  const address = partnerInbox.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  server = await startTestServer(undefined, {
    open311Partners: [
      { name: '12345', apiKey: PARTNER_KEY },
      { name: '96005', apiKey: OTHER_PARTNER_KEY },
    ],
    open311CallbackUrls: new Map([['12345', `http://127.0.0.1:${port}/answers`]]),
  });
  admin = await server.login('admin');
  operator = await server.login('hotline01');
  const grids = (await server.request('GET', '/api/grids', { token: admin })).json as GridNode[];
  const firstGrid = grids.find((grid) => grid.code === server.district.baseGridCodes[0]);
  if (firstGrid === undefined) throw new Error('no base grid');
  site = firstGrid.center;
  // An operator of the other street: nothing of the first street is theirs.
  await server.server.stores.users.saveUser({
    username: 'hotline-other',
    displayName: 'Other street operator',
    passwordHash: await hashPassword(server.password),
    role: 'hotline_operator',
    scopes: [server.district.streetCodes[1] ?? ''],
    demo: false,
  });
  foreignOperator = await server.login('hotline-other');
}, 60_000);

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => partnerInbox?.close(resolve));
});

async function takeCall(categoryCode = 'street_order', phone = CALLER_PHONE) {
  return server.request('POST', '/api/hotline/calls', {
    token: operator,
    body: {
      callerPhone: phone,
      categoryCode,
      description: '路口占道经营，影响通行',
      ...site,
      address: '测试地址',
    },
  });
}

async function step(id: string, command: Record<string, unknown>, token = admin) {
  const answer = await server.request('POST', `/api/incidents/${id}/transitions`, {
    token,
    body: { command },
  });
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return answer.json as IncidentDetail;
}

/** Through the whole loop: registered, dispatched to worker01, handled, verified with `note`. */
async function closeByVerify(id: string, note: string): Promise<void> {
  const worker = await server.login('worker01');
  await step(id, { action: 'register' });
  await step(id, { action: 'dispatch', assigneeUsername: 'worker01', department: 'street' });
  await step(id, { action: 'accept' }, worker);
  await step(id, { action: 'feed_back', note: 'done' }, worker);
  await step(id, { action: 'verify', note });
}

async function auditActions(incidentId: string): Promise<string[]> {
  const rows = await runTestSql(
    server,
    'SELECT action FROM audit_log WHERE target_id = ? ORDER BY id',
    [incidentId],
  );
  return (rows as Array<{ action: string }>).map((row) => row.action);
}

async function callbacks(token = operator): Promise<HotlineCallback[]> {
  const answer = await server.request('GET', '/api/hotline/callbacks', { token });
  expect(answer.status).toBe(200);
  return (answer.json as HotlineCallbackList).items;
}

describe('the hotline desk', () => {
  it('takes a call into the loop as a hotline case, the number sealed, masked and audited', async () => {
    const answer = await takeCall();
    expect(answer.status, answer.text).toBe(201);
    const call = answer.json as HotlineCallResponse;
    expect(call.callerPhoneMasked).toMatch(/8000$/);
    expect(answer.text).not.toContain(CALLER_DIGITS);
    const detail = (
      await server.request('GET', `/api/incidents/${call.incidentId}`, { token: admin })
    ).json as IncidentDetail;
    expect(detail).toMatchObject({ source: 'hotline', state: 'reported', reporterRating: null });
    expect(detail.history[0]?.actor).toEqual({ username: 'hotline01', role: 'citizen' });
    expect(detail.reporterContact?.phoneMasked).toMatch(/8000$/);
    expect(JSON.stringify(detail)).not.toContain(CALLER_DIGITS);
    const [row] = (await runTestSql(
      server,
      'SELECT phone_sealed FROM incident_reporters WHERE incident_id = ?',
      [call.incidentId],
    )) as Array<{ phone_sealed: Buffer }>;
    expect(row!.phone_sealed.toString('latin1')).not.toContain(CALLER_DIGITS);
    expect(await auditActions(call.incidentId)).toEqual(['take_hotline_call']);
  });

  it('refuses a number that is no number and creates nothing', async () => {
    const before = await server.request('GET', '/api/incidents?pageSize=1', { token: admin });
    const answer = await takeCall('street_order', 'call me maybe');
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('callerPhone');
    const after = await server.request('GET', '/api/incidents?pageSize=1', { token: admin });
    expect((after.json as { total: number }).total).toBe((before.json as { total: number }).total);
  });

  it('shows open incidents of the category near the point as possible duplicates', async () => {
    const first = (await takeCall('advertising')).json as HotlineCallResponse;
    const query = `categoryCode=advertising&lon=${site.lon}&lat=${site.lat}`;
    const check = (
      await server.request('GET', `/api/hotline/intake-check?${query}`, { token: operator })
    ).json as IncidentIntakeCheck;
    expect(check.possibleDuplicates.map((entry) => entry.incident.id)).toContain(first.incidentId);
    const elsewhere = (
      await server.request('GET', `/api/hotline/intake-check?${query}`, { token: foreignOperator })
    ).json as IncidentIntakeCheck;
    expect(elsewhere.inScope).toBe(false);
    expect(elsewhere.possibleDuplicates).toEqual([]);
  });

  it('finds addresses of the register inside the operator scope only', async () => {
    const [building] = (await runTestSql(
      server,
      'SELECT address FROM buildings WHERE grid_code = ? LIMIT 1',
      [server.district.baseGridCodes[0]],
    )) as Array<{ address: string }>;
    const address = building!.address;
    const query = encodeURIComponent(address);
    const found = (
      await server.request('GET', `/api/hotline/addresses?q=${query}`, { token: operator })
    ).json as { items: AddressMatch[] };
    expect(found.items.map((item) => item.address)).toContain(address);
    const hidden = (
      await server.request('GET', `/api/hotline/addresses?q=${query}`, { token: foreignOperator })
    ).json as { items: AddressMatch[] };
    expect(hidden.items.filter((item) => item.address === address)).toEqual([]);
  });

  it('lists the closed call for a call-back, gives the number once audited, records the rating once', async () => {
    const call = (await takeCall('city_appearance')).json as HotlineCallResponse;
    expect((await callbacks()).map((entry) => entry.incidentId)).not.toContain(call.incidentId);
    await closeByVerify(call.incidentId, '已清理完毕，如有问题请拨打 13912345678');
    const waiting = (await callbacks()).find((entry) => entry.incidentId === call.incidentId);
    expect(waiting).toMatchObject({ closedState: 'closed', rating: null });
    expect(waiting?.closingNote).toContain('已清理完毕');
    expect(waiting?.closingNote).not.toContain('13912345678');
    expect(waiting?.callerPhoneMasked).toMatch(/8000$/);
    expect(await callbacks(foreignOperator)).toEqual([]);

    const path = `/api/hotline/callbacks/${call.incidentId}`;
    const hidden = await server.request('POST', `${path}/number`, { token: foreignOperator });
    expect(hidden.status).toBe(404);
    const number = await server.request('POST', `${path}/number`, { token: operator });
    expect(number.json).toEqual({ phone: CALLER_DIGITS });

    const done = await server.request('POST', path, {
      token: operator,
      body: { rating: 'satisfied' },
    });
    expect(done.status, done.text).toBe(200);
    expect((await callbacks()).map((entry) => entry.incidentId)).not.toContain(call.incidentId);
    // The same completion resent changes nothing; another rating afterwards is refused.
    const again = await server.request('POST', path, {
      token: operator,
      body: { rating: 'satisfied' },
    });
    expect(again.status).toBe(200);
    const changed = await server.request('POST', path, {
      token: operator,
      body: { rating: 'dissatisfied' },
    });
    expect(changed.status).toBe(409);
    const after = (
      await server.request('GET', `/api/incidents/${call.incidentId}`, { token: admin })
    ).json as IncidentDetail;
    expect(after.reporterRating).toMatchObject({ rating: 'satisfied', channel: 'hotline' });
    expect(await auditActions(call.incidentId)).toEqual([
      'take_hotline_call',
      'reveal_caller_phone',
      'hotline_callback',
    ]);
    // Once called back, the number is no longer handed out.
    expect((await server.request('POST', `${path}/number`, { token: operator })).status).toBe(409);
  });

  it('refuses a call-back for an incident that was no call taken at the desk', async () => {
    // A dispatcher's map report marked as from the hotline has no caller to call back.
    const created = await server.request('POST', '/api/incidents', {
      token: admin,
      body: {
        categoryCode: 'street_order',
        ...site,
        description: 'from the wall',
        source: 'hotline',
      },
    });
    const id = (created.json as { incident: { id: string } }).incident.id;
    await step(id, { action: 'reject', note: 'no case' });
    const answer = await server.request('POST', `/api/hotline/callbacks/${id}`, {
      token: operator,
      body: { rating: 'satisfied' },
    });
    expect(answer.status).toBe(409);
    expect((await callbacks()).map((entry) => entry.incidentId)).not.toContain(id);
  });
});

describe('answering Open311 reporters', () => {
  async function create(extra: Record<string, unknown>) {
    const answer = await server.request('POST', '/open311/v2/requests.json', {
      body: { service_code: 'CM01', lat: site.lat, long: site.lon, description: '垃圾', ...extra },
    });
    expect(answer.status, answer.text).toBe(201);
    return (answer.json as Array<{ service_request_id: string; token: string }>)[0]!;
  }

  function rate(id: string, body: Record<string, unknown>) {
    return server.request('POST', `/open311/v2/requests/${id}/rating.json`, { body });
  }

  it("returns the closing note to the resident and takes the reporting device's rating once", async () => {
    const receipt = await create({});
    const id = receipt.service_request_id;
    const early = await rate(id, { rating: 'satisfied', token: receipt.token });
    expect(early.status).toBe(409);
    await step(id, { action: 'reject', note: '经核实为私人领地，请联系 13912345678 物业' });
    const view = (await server.request('GET', `/open311/v2/requests/${id}.json`)).json as Array<{
      status: string;
      status_notes: string;
    }>;
    expect(view[0]?.status).toBe('closed');
    expect(view[0]?.status_notes).toContain('经核实为私人领地');
    expect(view[0]?.status_notes).not.toContain('13912345678');

    expect((await rate(id, { rating: 'satisfied', token: 'not-the-token' })).status).toBe(403);
    expect((await rate(id, { rating: 'five stars', token: receipt.token })).status).toBe(400);
    const rated = await rate(id, { rating: 'basically_satisfied', token: receipt.token });
    expect(rated.status).toBe(200);
    expect(rated.json).toMatchObject([{ service_request_id: id, rating: 'basically_satisfied' }]);
    expect((await rate(id, { rating: 'basically_satisfied', token: receipt.token })).status).toBe(
      200,
    );
    expect((await rate(id, { rating: 'dissatisfied', token: receipt.token })).status).toBe(409);
    const xml = await server.request('POST', `/open311/v2/requests/${id}/rating.xml`, {
      body: { rating: 'dissatisfied', token: receipt.token },
    });
    expect(xml.text).toContain('<errors>');
    const detail = (await server.request('GET', `/api/incidents/${id}`, { token: admin }))
      .json as IncidentDetail;
    expect(detail.reporterRating).toMatchObject({
      rating: 'basically_satisfied',
      channel: 'citizen',
    });
  });

  it("hands a partner's closed case to its callback and takes only that partner's rating", async () => {
    const { service_request_id: id } = await create({ api_key: PARTNER_KEY });
    await step(id, { action: 'reject', note: '重复投诉，已并案' });
    await expect.poll(() => delivered.length).toBe(1);
    expect(delivered[0]).toMatchObject({
      partner: '12345',
      service_request_id: id,
      status: 'closed',
    });
    expect(JSON.stringify(delivered[0])).toContain('重复投诉');
    const answer = async () =>
      (
        (await runTestSql(
          server,
          'SELECT channel, partner, done_at_ms FROM reporter_answers WHERE incident_id = ?',
          [id],
        )) as Array<{ channel: string; partner: string; done_at_ms: number | null }>
      )[0];
    expect(await answer()).toMatchObject({ channel: 'partner', partner: '12345' });
    // Marked done once the partner's answer has come back, which is after it was received.
    await expect.poll(async () => (await answer())?.done_at_ms).not.toBeNull();
    expect((await rate(id, { rating: 'satisfied', api_key: OTHER_PARTNER_KEY })).status).toBe(403);
    expect((await rate(id, { rating: 'satisfied', api_key: 'no-such-key-at-all' })).status).toBe(
      403,
    );
    expect((await rate(id, { rating: 'satisfied' })).status).toBe(403);
    expect((await rate(id, { rating: 'satisfied', api_key: PARTNER_KEY })).status).toBe(200);
  });
});
