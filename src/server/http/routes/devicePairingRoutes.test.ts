/**
 * Pairing a phone: the demo grid worker's account gets a device token for its linked worker that
 * opens /device and is listed (not shown) for admins; an account without a worker is told so
 * (409), in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { DeviceTokenInfo, PairedDevice } from '../../../shared/tracking';
import { DEVICE_NAMESPACE } from '../../../shared/trackingEvents';
import { DEMO_WORKER_ACCOUNT } from '../../demoUsers';
import { startTestServer, type TestServer } from '../../testing/testServer';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

function connectDevice(token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(`${server.baseUrl}${DEVICE_NAMESPACE}`, {
      auth: { deviceToken: token },
      transports: ['websocket'],
      reconnection: false,
    });
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

describe('POST /api/devices/pair', () => {
  it("issues the linked worker's phone a device token that opens /device", async () => {
    const admin = await server.login('admin');
    const worker = await server.login(DEMO_WORKER_ACCOUNT);
    const answer = await server.request('POST', '/api/devices/pair', {
      token: worker,
      body: { label: '林晓峰的手机' },
    });
    expect(answer.status).toBe(201);
    const paired = answer.json as PairedDevice;
    expect(paired.workerId).toBe(server.district.workerIds[0]);
    expect(paired.label).toBe('林晓峰的手机');
    expect(paired.token.length).toBeGreaterThan(30);
    const socket = await connectDevice(paired.token);
    expect(socket.connected).toBe(true);
    socket.close();
    const listed = (await server.request('GET', '/api/devices', { token: admin }))
      .json as DeviceTokenInfo[];
    const entry = listed.find((device) => device.deviceId === paired.deviceId);
    expect(entry).toMatchObject({ workerId: paired.workerId, createdBy: DEMO_WORKER_ACCOUNT });
    expect(JSON.stringify(listed)).not.toContain(paired.token);
  });

  it("lets an admin link a grid worker's account to a worker of its scope, and no other", async () => {
    const admin = await server.login('admin');
    const [gridOne, gridTwo] = server.district.baseGridCodes;
    const [workerOne, workerTwo] = server.district.workerIds;
    const created = await server.request('POST', '/api/users', {
      token: admin,
      body: {
        username: 'worker-two',
        displayName: '陈美玲',
        role: 'grid_worker',
        scopes: [gridTwo],
        password: 'Temporary-Pass-42',
      },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ workerId: null });
    const outside = await server.request('PATCH', '/api/users/worker-two', {
      token: admin,
      body: { workerId: workerOne },
    });
    expect(outside.status).toBe(400);
    expect(JSON.stringify(outside.json)).toMatch(/不在该账号的范围内/);
    const linked = await server.request('PATCH', '/api/users/worker-two', {
      token: admin,
      body: { workerId: workerTwo },
    });
    expect(linked.status).toBe(200);
    expect(linked.json).toMatchObject({ workerId: workerTwo });
    const listed = (await server.request('GET', '/api/users', { token: admin })).json as Array<{
      username: string;
      workerId: number | null;
    }>;
    expect(listed.find((user) => user.username === 'worker-two')?.workerId).toBe(workerTwo);
    // Another role has no worker: changing the role unlinks.
    const viewer = await server.request('PATCH', '/api/users/worker-two', {
      token: admin,
      body: { role: 'viewer' },
    });
    expect(viewer.json).toMatchObject({ workerId: null });
    expect(gridOne).not.toBe(gridTwo);
  });

  it('lets a phone sign out by revoking its own token, and nobody else', async () => {
    const worker = await server.login(DEMO_WORKER_ACCOUNT);
    const paired = (await server.request('POST', '/api/devices/pair', { token: worker, body: {} }))
      .json as PairedDevice;
    const socket = await connectDevice(paired.token);
    const unpairAs = (authorization: string) =>
      fetch(`${server.baseUrl}/api/device/unpair`, { method: 'POST', headers: { authorization } });
    expect((await unpairAs(`Bearer ${worker}`)).status).toBe(401);
    const closed = new Promise((resolve) => socket.on('disconnect', resolve));
    expect((await unpairAs(`Device ${paired.token}`)).status).toBe(204);
    await closed;
    await expect(connectDevice(paired.token)).rejects.toThrow();
    expect((await unpairAs(`Device ${paired.token}`)).status).toBe(401);
  });

  it('answers 409 in both languages for an account without a worker', async () => {
    const handler = await server.login('handler01');
    const answer = await server.request('POST', '/api/devices/pair', { token: handler, body: {} });
    expect(answer.status).toBe(409);
    expect((answer.json as { message: string }).message).toMatch(/未关联网格员.*not linked/);
  });
});
