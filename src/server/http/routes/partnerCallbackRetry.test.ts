/**
 * A partner callback that fails is retried by the server's own job after the backoff, and the
 * partner gets the answer once: the real server, a real partner endpoint that refuses first.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTNER_CALLBACK_FIRST_RETRY_MS } from '../../../domain/incidents/callbackBackoff';
import type { GridNode } from '../../../shared/api';
import { startTestServer, type TestServer } from '../../testing/testServer';
import { runTestSql } from '../../testing/testSql';

const PARTNER_KEY = 'partner-key-12345-abcdef';
/** The job looks this often here, so a due retry is made within a test's patience. */
const CHECK_MS = 100;

let server: TestServer;
let partnerInbox: Server;
let clockOffsetMs = 0;
let refusalsLeft = 1;
const calls: unknown[] = [];

beforeAll(async () => {
  partnerInbox = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      calls.push(JSON.parse(body));
      if (refusalsLeft > 0) {
        refusalsLeft--;
        response.writeHead(503).end();
      } else {
        response.writeHead(204).end();
      }
    });
  });
  await new Promise<void>((resolve) => partnerInbox.listen(0, '127.0.0.1', resolve));
  const address = partnerInbox.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  server = await startTestServer(undefined, {
    now: () => new Date(Date.now() + clockOffsetMs),
    partnerCallbackCheckMs: CHECK_MS,
    open311Partners: [{ name: '12345', apiKey: PARTNER_KEY }],
    open311CallbackUrls: new Map([['12345', `http://127.0.0.1:${port}/answers`]]),
  });
});

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => partnerInbox?.close(resolve));
});

async function outboxRow(
  id: string,
): Promise<{ done_at_ms: number | null; attempts: number; last_error: string | null } | undefined> {
  const [row] = await runTestSql(
    server,
    'SELECT a.done_at_ms, p.attempts, p.last_error FROM reporter_answers a ' +
      'JOIN partner_callback_attempts p ON p.incident_id = a.incident_id WHERE a.incident_id = ?',
    [id],
  );
  return row as { done_at_ms: number | null; attempts: number; last_error: string | null };
}

describe('partner callback retries', () => {
  it('retries a refused callback after the backoff and delivers it once', async () => {
    const admin = await server.login('admin');
    const grids = (await server.request('GET', '/api/grids', { token: admin })).json as GridNode[];
    const site = grids.find((grid) => grid.code === server.district.baseGridCodes[0])!.center;
    const created = await server.request('POST', '/open311/v2/requests.json', {
      body: { service_code: 'CM01', lat: site.lat, long: site.lon, api_key: PARTNER_KEY },
    });
    expect(created.status).toBe(201);
    const id = (created.json as Array<{ service_request_id: string }>)[0]!.service_request_id;
    const closed = await server.request('POST', `/api/incidents/${id}/transitions`, {
      token: admin,
      body: { command: { action: 'reject', note: '重复投诉，已并案' } },
    });
    expect(closed.status).toBe(200);

    await expect.poll(() => calls.length).toBe(1);
    await expect.poll(async () => (await outboxRow(id))?.attempts).toBe(1);
    expect(await outboxRow(id)).toMatchObject({ done_at_ms: null, last_error: 'HTTP 503' });
    // Not due yet: several passes of the job call nobody.
    await new Promise((resolve) => setTimeout(resolve, 5 * CHECK_MS));
    expect(calls).toHaveLength(1);

    clockOffsetMs += PARTNER_CALLBACK_FIRST_RETRY_MS;
    await expect.poll(() => calls.length).toBe(2);
    await expect.poll(async () => (await outboxRow(id))?.done_at_ms ?? null).not.toBeNull();
    expect(await outboxRow(id)).toMatchObject({ attempts: 2, last_error: null });
    expect(calls[1]).toMatchObject({ partner: '12345', service_request_id: id, status: 'closed' });

    // Delivered: later passes leave it alone.
    clockOffsetMs += 24 * 3_600_000;
    await new Promise((resolve) => setTimeout(resolve, 5 * CHECK_MS));
    expect(calls).toHaveLength(2);
  });
});
