/**
 * One spelling per number in paths and query strings: every other way `Number()` would read the
 * same id is a 400 that names the field, while the plain decimal still works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/testServer';
import { isDecimalIntegerText } from './strictIntegers';

/** Spellings that Number() reads as 1 (the unit, building and person with id 1 exist). */
const OTHER_SPELLINGS_OF_ONE = ['0x1', '1e0', '%201', '1%20', '+1', '01', '1.0', '0b1', '0o1'];

let server: TestServer;
let adminToken: string;

beforeAll(async () => {
  server = await startTestServer();
  adminToken = await server.login('admin');
});

afterAll(async () => {
  await server?.close();
});

describe('isDecimalIntegerText', () => {
  it('accepts digits without a leading zero, and a minus', () => {
    for (const text of ['0', '1', '365', '-3', '9007199254740991']) {
      expect(isDecimalIntegerText(text), text).toBe(true);
    }
  });

  it('refuses every other spelling', () => {
    for (const text of ['', ' ', '05', '+5', '0x16d', '1e3', ' 365', '365 ', '1.0', '-0', '1_0']) {
      expect(isDecimalIntegerText(text), JSON.stringify(text)).toBe(false);
    }
  });
});

describe('ids in paths', () => {
  for (const route of ['units', 'buildings', 'persons']) {
    it(`/api/${route}/:id answers the plain id and refuses other spellings of it`, async () => {
      const plain = await server.request('GET', `/api/${route}/1`, { token: adminToken });
      expect(plain.status).toBe(200);
      for (const spelling of OTHER_SPELLINGS_OF_ONE) {
        const answer = await server.request('GET', `/api/${route}/${spelling}`, {
          token: adminToken,
        });
        expect(answer.status, spelling).toBe(400);
        expect((answer.json as { message: string }).message, spelling).toMatch(
          /^params\/id must be a decimal integer/,
        );
      }
    });
  }

  it('refuses other spellings of a worker id', async () => {
    const workerId = server.district.workerIds[0]!;
    const plain = await server.request('GET', `/api/workers/${workerId}/today`, {
      token: adminToken,
    });
    expect(plain.status).toBe(200);
    const hex = await server.request('GET', `/api/workers/0x${workerId.toString(16)}/today`, {
      token: adminToken,
    });
    expect(hex.status).toBe(400);
    expect((hex.json as { message: string }).message).toMatch(
      /^params\/workerId must be a decimal/,
    );
  });
});

describe('integers in query strings', () => {
  const buildings = () => `/api/grids/${server.district.streetCodes[0]}/buildings`;

  it('takes a plain page number and refuses other spellings', async () => {
    expect(
      (await server.request('GET', `${buildings()}?page=1`, { token: adminToken })).status,
    ).toBe(200);
    for (const spelling of ['01', '1e0', '0x1', '%2B1', '%201']) {
      const answer = await server.request('GET', `${buildings()}?page=${spelling}`, {
        token: adminToken,
      });
      expect(answer.status, spelling).toBe(400);
      expect((answer.json as { message: string }).message).toMatch(
        /^querystring\/page must be a decimal integer/,
      );
    }
  });

  it('refuses zero-padded worker ids in a track query', async () => {
    const workerId = server.district.workerIds[0]!;
    const range = `fromMs=0&toMs=${60 * 60 * 1000}`;
    const plain = await server.request('GET', `/api/tracks?workerIds=${workerId}&${range}`, {
      token: adminToken,
    });
    expect(plain.status).toBe(200);
    const padded = await server.request('GET', `/api/tracks?workerIds=0${workerId}&${range}`, {
      token: adminToken,
    });
    expect(padded.status).toBe(400);
    expect((padded.json as { message: string }).message).toMatch(/^querystring\/workerIds /);
  });
});
