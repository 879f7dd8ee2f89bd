/**
 * The HTTPS listener for phones: with TLS_* set, the same server answers over HTTPS (trusting the
 * local CA, and only for the names in its certificate), the login cookie is Secure there, and
 * socket.io's /device namespace connects through it; the plain listener keeps working beside it.
 * The settings themselves: both files or neither, readable, a valid port.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLocalCertificate } from '../../../scripts/tls/localCertificate';
import { DEVICE_NAMESPACE } from '../../shared/trackingEvents';
import { DEMO_WORKER_ACCOUNT } from '../demoUsers';
import { startTestServer, type TestServer } from '../testing/testServer';
import { tlsFromEnv } from './tlsConfig';

const dir = mkdtempSync(path.join(tmpdir(), 'gcc-tls-'));
const made = makeLocalCertificate(path.join(dir, 'tls'), ['localhost', '127.0.0.1']);
const ca = readFileSync(made.files.caCert, 'utf8');
let server: TestServer;
let secureUrl: string;

beforeAll(async () => {
  const tls = tlsFromEnv({
    TLS_CERT_FILE: made.files.serverCert,
    TLS_KEY_FILE: made.files.serverKey,
    TLS_PORT: '0',
    TLS_HOST: '127.0.0.1',
  });
  server = await startTestServer(undefined, { tls });
  secureUrl = server.server.secureUrl() ?? '';
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface SecureAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function secureFetch(
  url: string,
  options: { method?: string; body?: unknown; servername?: string } = {},
): Promise<SecureAnswer> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const request = httpsRequest(
      url,
      {
        method: options.method ?? 'GET',
        ca,
        ...(options.servername === undefined ? {} : { servername: options.servername }),
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('HTTPS listener', () => {
  it('serves the same API over HTTPS, trusted through the local CA', async () => {
    expect(secureUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await secureFetch(`${secureUrl}/api/health`);
    expect(answer.status).toBe(200);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect((await server.request('GET', '/api/health')).status).toBe(200);
  });

  it('refuses a connection for a name the certificate does not hold', async () => {
    const url = new URL(secureUrl);
    await expect(
      secureFetch(`https://not-this-host.test:${url.port}/api/health`, { servername: 'x' }),
    ).rejects.toThrow();
  });

  it('sets the session cookie Secure over HTTPS and not over HTTP', async () => {
    const credentials = { username: DEMO_WORKER_ACCOUNT, password: server.password };
    const secure = await secureFetch(`${secureUrl}/api/auth/login`, {
      method: 'POST',
      body: credentials,
    });
    expect(secure.status).toBe(200);
    expect(String(secure.headers['set-cookie'])).toContain('Secure');
    const plain = await server.request('POST', '/api/auth/login', { body: credentials });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('set-cookie')).not.toContain('Secure');
  });

  it("opens a phone's /device socket through the HTTPS listener", async () => {
    const worker = await server.login(DEMO_WORKER_ACCOUNT);
    const paired = await server.request('POST', '/api/devices/pair', {
      token: worker,
      body: { label: 'phone over HTTPS' },
    });
    expect(paired.status).toBe(201);
    const socket = io(`${secureUrl}${DEVICE_NAMESPACE}`, {
      auth: { deviceToken: (paired.json as { token: string }).token },
      transports: ['websocket'],
      reconnection: false,
      ca,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', resolve);
        socket.on('connect_error', reject);
      });
      expect(socket.connected).toBe(true);
    } finally {
      socket.close();
    }
  });
});

describe('TLS settings', () => {
  it('is off without files and asks for both when one is missing', () => {
    expect(tlsFromEnv({})).toBeNull();
    expect(() => tlsFromEnv({ TLS_CERT_FILE: made.files.serverCert })).toThrow(
      'both TLS_CERT_FILE and TLS_KEY_FILE',
    );
  });

  it('names an unreadable file and a bad port', () => {
    expect(() =>
      tlsFromEnv({
        TLS_CERT_FILE: path.join(dir, 'missing.crt'),
        TLS_KEY_FILE: made.files.serverKey,
      }),
    ).toThrow(/TLS_CERT_FILE=.*missing\.crt cannot be read \(ENOENT\)/);
    const files = { TLS_CERT_FILE: made.files.serverCert, TLS_KEY_FILE: made.files.serverKey };
    expect(() => tlsFromEnv({ ...files, TLS_PORT: 'https' })).toThrow('TLS_PORT');
    expect(tlsFromEnv(files)).toMatchObject({ port: 8443, host: '0.0.0.0' });
  });

  it('refuses a certificate and key that do not belong together', () => {
    const other = makeLocalCertificate(path.join(dir, 'other'), ['localhost']);
    const mismatched = path.join(dir, 'mismatched.key');
    writeFileSync(mismatched, readFileSync(other.files.serverKey));
    expect(() =>
      tlsFromEnv({ TLS_CERT_FILE: made.files.serverCert, TLS_KEY_FILE: mismatched }),
    ).toThrow(/not a usable pair \(.*key values mismatch/);
  });
});
