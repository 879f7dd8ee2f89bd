/**
 * Lockout per account, not only per (account, address): guesses spread over many addresses
 * (behind a trusted proxy, each with its own X-Forwarded-For) still lock the account.
 */
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../createServer';
import { MAX_ADDRESS_FAILURES_PER_ROUND, MAX_LOCKOUT_MS } from '../../auth/accountLockout';
import { MAX_FAILED_LOGINS } from '../../auth/loginThrottle';
import { startTestServer, type TestServer } from '../../testing/testServer';
import { trustProxyFromEnv } from '../trustProxy';

const ADDRESSES = 20;
const GUESSES = 80;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(undefined, { trustProxy: true });
});

afterAll(async () => {
  // The server was closed by the restart test: this drops its database and removes its files.
  await server?.close();
});

function login(username: string, password: string, address: string) {
  return server.request('POST', '/api/auth/login', {
    body: { username, password },
    headers: { 'x-forwarded-for': address },
  });
}

describe('login lockout per account', () => {
  it(`locks the account after ${GUESSES} wrong passwords over ${ADDRESSES} addresses`, async () => {
    // Fewer guesses per address than the per-address throttle allows.
    expect(GUESSES / ADDRESSES).toBeLessThan(MAX_FAILED_LOGINS);
    const statuses: number[] = [];
    for (let guess = 0; guess < GUESSES; guess++) {
      const address = `203.0.113.${(guess % ADDRESSES) + 1}`;
      statuses.push((await login('dispatcher', `guess-${guess}`, address)).status);
    }
    expect(statuses.slice(0, 4).every((status) => status === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const right = await login('dispatcher', server.password, '198.51.100.7');
    expect(right.status).toBe(429);
    const retryAfterS = Number(right.headers.get('retry-after'));
    expect(retryAfterS).toBeGreaterThan(0);
    expect(retryAfterS).toBeLessThanOrEqual(MAX_LOCKOUT_MS / 1000);
    expect(right.json).not.toHaveProperty('token');
    // Another account is not affected.
    expect((await login('viewer', server.password, '203.0.113.1')).status).toBe(200);
  });

  it('locks an address that sprays guesses over many accounts', async () => {
    const address = '198.51.100.200';
    const statuses: number[] = [];
    for (let guess = 0; guess < MAX_ADDRESS_FAILURES_PER_ROUND; guess++) {
      statuses.push((await login(`user${guess}`, 'wrong-password', address)).status);
    }
    expect(statuses.every((status) => status === 401)).toBe(true);
    const right = await login('admin', server.password, address);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login('admin', server.password, '198.51.100.201')).status).toBe(200);
  });

  it('keeps the account locked after a restart of the server on the same database', async () => {
    await server.server.close();
    const restarted = await createServer({
      dbPath: server.dbPath,
      database: server.database,
      dataDir: dirname(server.dbPath),
      trustProxy: true,
      searchWorkers: 0,
    });
    const baseUrl = await restarted.listen(0);
    try {
      const answer = await fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.44' },
        body: JSON.stringify({ username: 'dispatcher', password: server.password }),
      });
      expect(answer.status).toBe(429);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await restarted.close();
    }
  });
});

describe('TRUST_PROXY', () => {
  it('reads off, on and a list of proxy addresses, and refuses anything else', () => {
    expect(trustProxyFromEnv(undefined)).toBe(false);
    expect(trustProxyFromEnv('false')).toBe(false);
    expect(trustProxyFromEnv('true')).toBe(true);
    expect(trustProxyFromEnv('127.0.0.1,10.0.0.0/8')).toBe('127.0.0.1,10.0.0.0/8');
    expect(() => trustProxyFromEnv('yes please')).toThrow(/TRUST_PROXY/);
  });
});
