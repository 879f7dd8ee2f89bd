/**
 * Device cookies against lockout abuse: guesses from anywhere lock an account for browsers it has
 * never logged in from, while the owner's own browser (with its device cookie) still gets in; a
 * stolen device cookie meets its own lockout; another account's cookie does not help; disabling
 * the account forgets its devices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILURES_PER_ROUND } from '../../auth/accountLockout';
import { MAX_FAILED_LOGINS } from '../../auth/loginThrottle';
import { DEVICE_COOKIE } from '../../auth/trustedDevices';
import { startTestServer, type TestServer } from '../../testing/testServer';

const ADDRESSES = 20;
const GUESSES = 80;
const WORKSTATION = '198.51.100.10';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(undefined, { trustProxy: true });
});

afterAll(async () => {
  await server?.close();
});

function login(username: string, password: string, address: string, deviceCookie?: string) {
  return server.request('POST', '/api/auth/login', {
    body: { username, password },
    headers: {
      'x-forwarded-for': address,
      ...(deviceCookie === undefined ? {} : { cookie: `${DEVICE_COOKIE}=${deviceCookie}` }),
    },
  });
}

/** The device cookie a login answer sets (and checks how it is set). */
function deviceCookieOf(answer: { headers: Headers; json: unknown }): string {
  const header = answer.headers.getSetCookie().find((cookie) => cookie.startsWith(DEVICE_COOKIE));
  expect(header).toBeDefined();
  expect(header).toMatch(/HttpOnly/i);
  expect(header).toMatch(/SameSite=Strict/i);
  expect(header).toMatch(/Path=\/api\/auth\/login/);
  expect(JSON.stringify(answer.json)).not.toContain('deviceToken');
  return header!.slice(DEVICE_COOKIE.length + 1).split(';')[0]!;
}

async function sprayGuesses(username: string): Promise<void> {
  expect(GUESSES / ADDRESSES).toBeLessThan(MAX_FAILED_LOGINS);
  for (let guess = 0; guess < GUESSES; guess++) {
    await login(username, `guess-${guess}`, `203.0.113.${(guess % ADDRESSES) + 1}`);
  }
  expect((await login(username, server.password, '192.0.2.99')).status).toBe(429);
}

describe('device cookies', () => {
  it("lets the owner's browser in while guesses from elsewhere lock the account", async () => {
    const first = await login('leader', server.password, WORKSTATION);
    expect(first.status).toBe(200);
    const cookie = deviceCookieOf(first);
    await sprayGuesses('leader');
    expect((await login('leader', server.password, WORKSTATION)).status).toBe(429);
    const owner = await login('leader', server.password, WORKSTATION, cookie);
    expect(owner.status).toBe(200);
    expect(owner.json).toHaveProperty('token');
    // A browser already trusted is not given a second token.
    expect(owner.headers.getSetCookie().some((c) => c.startsWith(DEVICE_COOKIE))).toBe(false);
  });

  it('locks a stolen device cookie after a round of wrong passwords', async () => {
    const cookie = deviceCookieOf(await login('viewer', server.password, WORKSTATION));
    for (let guess = 0; guess < MAX_FAILURES_PER_ROUND; guess++) {
      expect(
        (await login('viewer', `wrong-${guess}`, `203.0.113.${50 + guess}`, cookie)).status,
      ).toBe(401);
    }
    expect((await login('viewer', server.password, '203.0.113.60', cookie)).status).toBe(429);
    // The account itself was not locked by the device's guesses.
    expect((await login('viewer', server.password, '203.0.113.61')).status).toBe(200);
  });

  it('does not open another account, and is forgotten when the account is disabled', async () => {
    const admin = await server.login('admin');
    const dispatcherCookie = deviceCookieOf(
      await login('dispatcher', server.password, WORKSTATION),
    );
    const workerCookie = deviceCookieOf(await login('worker01', server.password, WORKSTATION));
    await sprayGuesses('dispatcher');
    expect((await login('dispatcher', server.password, WORKSTATION, workerCookie)).status).toBe(
      429,
    );
    for (const disabled of [true, false]) {
      const changed = await server.request('PATCH', '/api/users/dispatcher', {
        token: admin,
        body: { disabled },
      });
      expect(changed.status).toBe(200);
    }
    expect((await login('dispatcher', server.password, WORKSTATION, dispatcherCookie)).status).toBe(
      429,
    );
  });
});
