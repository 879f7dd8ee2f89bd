/**
 * Messages through a configured HTTP gateway against the real server: a refusing gateway marks
 * every message failed, the next notification of the zone sends those again (and only those),
 * and the gateway's receipts, authenticated with its key, move messages to delivered and
 * acknowledged — never back.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLonLat } from '../../../domain/geo/localFrame';
import { EMERGENCY_SCENARIO_PATH } from '../../../shared/emergencyScenario';
import {
  COMMAND_NOTIFICATIONS_PATH,
  COMMAND_NOTIFY_PATH,
  COMMAND_PATH,
  COMMAND_RECEIPTS_PATH,
  GATEWAY_KEY_HEADER,
  type CommandEventView,
  type NotificationView,
  type NotifyResponse,
} from '../../../shared/emergencyCommand';
import { openDatabase } from '../../store/openDatabase';
import { startTestServer, type TestServer } from '../../testing/testServer';

const KEY = 'gateway-key-for-the-test-0123456789';
let gateway: Server;
let gatewayStatus = 503;
const sentTo: string[] = [];
let server: TestServer;
let admin: string;

beforeAll(async () => {
  gateway = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      sentTo.push((JSON.parse(text) as { to: string }).to);
      response.statusCode = gatewayStatus;
      response.end();
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
  server = await startTestServer(undefined, { messageGateway: { url, key: KEY } });
  admin = await server.login('admin');
  const db = openDatabase(server.dbPath, { readonly: true });
  const first = db
    .prepare('SELECT origin_lon AS lon, origin_lat AS lat FROM buildings ORDER BY id LIMIT 1')
    .get() as { lon: number; lat: number };
  db.close();
  const put = await server.request('PUT', EMERGENCY_SCENARIO_PATH, {
    token: admin,
    body: {
      substance: 'chlorine',
      release: { kind: 'continuous', rateGPerS: 25 },
      source: toLonLat(first, -30, 0),
      windMs: 3,
      windFromDeg: 270,
      stability: 'D',
      terrain: 'urban',
    },
  });
  expect(put.status).toBe(200);
});

afterAll(async () => {
  await server?.close();
  await new Promise<void>((resolve) => gateway.close(() => resolve()));
});

const notify = async () =>
  (
    await server.request('POST', COMMAND_NOTIFY_PATH, {
      token: admin,
      body: { tier: 'AEGL-1', channel: 'voice', text: '应急语音通知' },
    })
  ).json as NotifyResponse;

const notices = async () =>
  (
    (await server.request('GET', COMMAND_NOTIFICATIONS_PATH, { token: admin })).json as {
      notifications: NotificationView[];
    }
  ).notifications;

const receipt = (body: unknown, key = KEY) =>
  server.request('POST', COMMAND_RECEIPTS_PATH, { body, headers: { [GATEWAY_KEY_HEADER]: key } });

describe('messages through a configured gateway', () => {
  it('marks every message failed when the gateway refuses, and sends those again next time', async () => {
    const refused = await notify();
    expect(refused.failed).toBeGreaterThan(0);
    expect(refused).toMatchObject({ sent: 0, outbox: 0 });
    expect((await notices()).every((notice) => notice.state === 'failed')).toBe(true);
    gatewayStatus = 200;
    const retried = await notify();
    expect(retried).toMatchObject({ sent: refused.failed, failed: 0, skipped: 0 });
    const after = await notices();
    expect(after.every((notice) => notice.state === 'sent' && notice.attempts === 2)).toBe(true);
    expect(after.every((notice) => notice.gateway === 'http')).toBe(true);
    const third = await notify();
    expect(third).toMatchObject({ sent: 0, skipped: refused.failed });
    // Full numbers went to the gateway only; the server's answers carry masked ones.
    expect(sentTo[0]).toMatch(/^1\d{10}$/);
    expect(after[0]!.phoneMasked).not.toContain(sentTo[0]!.slice(0, 7));
  });

  it('takes receipts only with the gateway key, and never moves a message back', async () => {
    const [first, second] = await notices();
    const body = { receipts: [{ messageId: String(first!.id), status: 'delivered' }] };
    expect((await receipt(body, 'wrong-key-wrong-key-wrong-key-wrong')).status).toBe(401);
    expect(
      (await server.request('POST', COMMAND_RECEIPTS_PATH, { token: admin, body })).status,
    ).toBe(401);
    const applied = await receipt({
      receipts: [
        { messageId: String(first!.id), status: 'delivered' },
        { messageId: String(second!.id), status: 'acknowledged' },
        { messageId: '999999', status: 'delivered' },
      ],
    });
    expect(applied.json).toEqual({ applied: 2 });
    const late = await receipt({
      receipts: [{ messageId: String(second!.id), status: 'delivered' }],
    });
    expect(late.json).toEqual({ applied: 0 });
    const states = new Map((await notices()).map((notice) => [notice.id, notice.state]));
    expect(states.get(first!.id)).toBe('delivered');
    expect(states.get(second!.id)).toBe('acknowledged');
    const event = (await server.request('GET', COMMAND_PATH, { token: admin }))
      .json as CommandEventView;
    expect(event.gateway).toBe('http');
    const counts = event.notificationCounts.reduce(
      (sum, zone) => ({
        delivered: sum.delivered + zone.delivered,
        acknowledged: sum.acknowledged + zone.acknowledged,
      }),
      { delivered: 0, acknowledged: 0 },
    );
    expect(counts).toEqual({ delivered: 1, acknowledged: 1 });
    const receipts = event.timeline.filter((entry) => entry.kind === 'notification_receipts');
    expect(receipts.map((entry) => entry.payload)).toEqual([
      { delivered: 1, acknowledged: 1, failed: 0 },
    ]);
  });
});
