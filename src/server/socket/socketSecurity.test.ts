/**
 * socket.io against the real server: handshakes from pages of other origins are refused (no
 * Origin: a device, let through), engine.io's own answers carry the HTTP security headers, a bad
 * incident resync gets an error answer, and acks hand back only validated values.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT_RESYNC_EVENT } from '../../shared/incidents';
import { LIVE_NAMESPACE } from '../../shared/trackingEvents';
import { CONTENT_SECURITY_POLICY } from '../http/securityHeaders';
import { connectTestScreen } from '../testing/testScreen';
import { startTestServer, type TestServer } from '../testing/testServer';
import { SOCKET_PATH } from './attachSocketGateway';
import { isAllowedOrigin, parseAllowedOrigins } from './socketOrigin';

const CONFIGURED_ORIGIN = 'https://wall.example:8443';
const FOREIGN_ORIGIN = 'https://evil.example';
const ACK_TIMEOUT_MS = 5_000;

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer(undefined, { allowedOrigins: [CONFIGURED_ORIGIN] });
  token = await server.login('dispatcher');
});

afterAll(async () => {
  await server?.close();
});

type Transport = 'polling' | 'websocket';

/** Connects to /live and resolves to null, or to the connect error's message. */
async function tryConnect(
  transport: Transport,
  origin: string | undefined,
): Promise<string | null> {
  const socket: Socket = io(server.baseUrl + LIVE_NAMESPACE, {
    path: SOCKET_PATH,
    transports: [transport],
    auth: { token },
    forceNew: true,
    reconnection: false,
    ...(origin === undefined ? {} : { extraHeaders: { origin } }),
  });
  try {
    return await new Promise<string | null>((resolve) => {
      socket.once('connect', () => resolve(null));
      socket.once('connect_error', (error) => resolve(error.message));
    });
  } finally {
    socket.close();
  }
}

describe('socket origin rule', () => {
  it('parses ALLOWED_ORIGINS and refuses a malformed entry with a message naming it', () => {
    expect(parseAllowedOrigins(undefined)).toEqual([]);
    expect(parseAllowedOrigins(' https://a.example , http://b.example:8080/ ')).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
    expect(() => parseAllowedOrigins('https://a.example/path')).toThrow(/ALLOWED_ORIGINS.*path/);
    expect(() => parseAllowedOrigins('wall.example')).toThrow(/wall\.example/);
  });

  it('allows the own origin, listed ones and no origin; refuses others and null', () => {
    const host = 'grid.example:8080';
    expect(isAllowedOrigin('http://grid.example:8080', host, [])).toBe(true);
    expect(isAllowedOrigin(undefined, host, [])).toBe(true);
    expect(isAllowedOrigin(CONFIGURED_ORIGIN, host, [CONFIGURED_ORIGIN])).toBe(true);
    expect(isAllowedOrigin('http://grid.example:9090', host, [])).toBe(false);
    expect(isAllowedOrigin('https://grid.example.evil.example', host, [])).toBe(false);
    expect(isAllowedOrigin('null', host, [])).toBe(false);
  });

  for (const transport of ['polling', 'websocket'] as const) {
    it(`over ${transport}: refuses a page of another origin, even with a live session`, async () => {
      expect(await tryConnect(transport, FOREIGN_ORIGIN)).not.toBeNull();
      expect(await tryConnect(transport, 'null')).not.toBeNull();
    });

    it(`over ${transport}: lets in the own origin, a configured one and a device`, async () => {
      expect(await tryConnect(transport, server.baseUrl)).toBeNull();
      expect(await tryConnect(transport, CONFIGURED_ORIGIN)).toBeNull();
      expect(await tryConnect(transport, undefined)).toBeNull();
    });
  }
});

describe('engine.io answers', () => {
  const handshake = () => `${server.baseUrl}${SOCKET_PATH}/?EIO=4&transport=polling`;

  function expectSecurityHeaders(headers: Headers): void {
    expect(headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('cache-control')).toBe('no-store');
  }

  it('carry the security headers on a polling handshake and on polls', async () => {
    const opened = await fetch(handshake());
    expect(opened.status).toBe(200);
    expectSecurityHeaders(opened.headers);
    const { sid } = JSON.parse((await opened.text()).slice(1)) as { sid: string };
    const poll = await fetch(`${handshake()}&sid=${sid}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: '1',
    });
    expectSecurityHeaders(poll.headers);
  });

  it('carry them on a refusal too', async () => {
    const refused = await fetch(handshake(), { headers: { origin: FOREIGN_ORIGIN } });
    expect(refused.status).toBe(403);
    expectSecurityHeaders(refused.headers);
  });
});

describe('/live requests', () => {
  it('answers an invalid incident resync with an error, and a valid one with events', async () => {
    const screen = connectTestScreen(server.baseUrl, token);
    try {
      await screen.connected();
      const raw = screen.socket as unknown as Socket;
      for (const request of [{}, { afterSequence: -1 }, { afterSequence: '0' }, null, 'x']) {
        const answer: unknown = await raw
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck(INCIDENT_RESYNC_EVENT, request);
        expect(answer, JSON.stringify(request)).toMatchObject({ error: 'invalid_request' });
      }
      const valid: unknown = await raw
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck(INCIDENT_RESYNC_EVENT, { afterSequence: 0 });
      expect(valid).toMatchObject({ events: expect.any(Array), hasMore: false });
    } finally {
      screen.close();
    }
  });

  it('never echoes made-up grid codes in a subscribe refusal', async () => {
    const screen = connectTestScreen(server.baseUrl, token);
    try {
      await screen.connected();
      const junk = '<img src=x onerror=alert(1)>'.repeat(100);
      const unknownCode = `${server.district.districtCode}999`;
      const answer = await screen.subscribe([junk, unknownCode]);
      expect(answer).toEqual({
        ok: false,
        error: 'invalid_grid_code',
        refusedGridCodes: [unknownCode],
      });
    } finally {
      screen.close();
    }
  });
});
