/** Health, login, sessions (bearer and cookie), logout, 401 without a session, lockout, socket gate. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../../shared/api';
import { MAX_FAILED_LOGINS } from '../../auth/loginThrottle';
import { startTestServer, type TestServer } from '../../testing/testServer';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

const PRIVATE_GETS = [
  '/api/auth/me',
  '/api/config',
  '/api/grids',
  '/api/grids/350102',
  '/api/grids/350102/buildings',
  '/api/buildings/1',
  '/api/units/1',
  '/api/persons/1',
  '/api/search?q=0001',
  '/api/audit',
  '/api/basemap',
  '/api/themes/units',
];

/** Engine.IO v4 over long-polling, by hand: the server layer may not import socket.io-client. */
async function socketConnect(token: string | null): Promise<string> {
  const base = `${server.baseUrl}/socket.io/?EIO=4&transport=polling`;
  const open = await (await fetch(base)).text();
  const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
  const connectPacket = token === null ? '40' : `40${JSON.stringify({ token })}`;
  await fetch(`${base}&sid=${sid}`, {
    method: 'POST',
    body: connectPacket,
    headers: { 'content-type': 'text/plain' },
  });
  return (await fetch(`${base}&sid=${sid}`)).text();
}

describe('auth', () => {
  it('health answers without a session', async () => {
    const answer = await server.request('GET', '/api/health');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'ok' });
  });

  it.each(PRIVATE_GETS)('GET %s without a session is 401', async (path) => {
    const answer = await server.request('GET', path);
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'authentication required',
    });
  });

  it('refuses a forged token', async () => {
    expect((await server.request('GET', '/api/auth/me', { token: 'forged-token' })).status).toBe(
      401,
    );
  });

  it('gives the same answer for a wrong password and an unknown user', async () => {
    const wrong = await server.request('POST', '/api/auth/login', {
      body: { username: 'admin', password: 'not-the-password' },
    });
    const unknown = await server.request('POST', '/api/auth/login', {
      body: { username: 'mallory', password: server.password },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json).toEqual(unknown.json);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('logs in with a token and an HttpOnly SameSite=Strict cookie, both usable', async () => {
    const login = await server.request('POST', '/api/auth/login', {
      body: { username: 'viewer', password: server.password },
    });
    expect(login.status).toBe(200);
    const { token, user } = login.json as {
      token: string;
      user: { role: string; canReveal: boolean };
    };
    expect(user).toMatchObject({ role: 'viewer', canReveal: false });
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`${SESSION_COOKIE}=${token}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const byCookie = await server.request('GET', '/api/auth/me', {
      headers: { cookie: `${SESSION_COOKIE}=${token}` },
    });
    expect(byCookie.json).toMatchObject({ username: 'viewer' });
    expect((await server.request('GET', '/api/auth/me', { token })).status).toBe(200);
  });

  it('ends the session on logout', async () => {
    const token = await server.login('viewer');
    expect((await server.request('POST', '/api/auth/logout', { token })).status).toBe(204);
    expect((await server.request('GET', '/api/auth/me', { token })).status).toBe(401);
  });

  it('lets a socket connect only with a live session token', async () => {
    const token = await server.login('dispatcher');
    expect(await socketConnect(token)).toMatch(/^40\{"sid":/);
    expect(await socketConnect(null)).toContain('unauthorized');
    expect(await socketConnect('forged-token')).toContain('unauthorized');
  });

  it(`locks a username out after ${MAX_FAILED_LOGINS} failures, even with the right password`, async () => {
    for (let attempt = 0; attempt < MAX_FAILED_LOGINS; attempt++) {
      const answer = await server.request('POST', '/api/auth/login', {
        body: { username: 'dispatcher', password: `guess-${attempt}` },
      });
      expect(answer.status).toBe(401);
    }
    const locked = await server.request('POST', '/api/auth/login', {
      body: { username: 'dispatcher', password: server.password },
    });
    expect(locked.status).toBe(429);
    expect(
      (
        await server.request('POST', '/api/auth/login', {
          body: { username: 'admin', password: server.password },
        })
      ).status,
    ).toBe(200);
  });
});
