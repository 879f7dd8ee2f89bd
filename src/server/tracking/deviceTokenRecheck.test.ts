/**
 * A device token revoked while the socket's handshake is reading it: the revocation tells the
 * device's room before the socket is in it, so the gateway reads the token again once it is.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { SOCKET_PATH } from '../socket/attachSocketGateway';
import { connectDeviceSocket } from '../testing/testDevice';
import type { BatchWriter } from './batchWriter';
import { DeviceGateway } from './deviceGateway';
import type { DeviceThrottle } from './deviceThrottle';
import type { FixIngestor } from './fixIngestor';
import { TrackingBus } from './trackingBus';
import type { DeviceTokenRecord, TrackingRepository } from './trackingRepository';

const DEVICE_ID = 7;
const WAIT_MS = 3_000;

let httpServer: HttpServer | null = null;
let io: Server | null = null;

afterEach(async () => {
  io?.disconnectSockets(true);
  io?.engine.close();
  await new Promise((resolve) => (httpServer === null ? resolve(null) : httpServer.close(resolve)));
  httpServer = null;
  io = null;
});

describe('DeviceGateway', () => {
  it('disconnects a device whose token was revoked while its handshake read it', async () => {
    let revoked = false;
    let reads = 0;
    let releaseFirstRead: () => void = () => {};
    const firstReadReleased = new Promise<void>((resolve) => (releaseFirstRead = resolve));
    let firstReadStarted: () => void = () => {};
    const firstRead = new Promise<void>((resolve) => (firstReadStarted = resolve));
    const live: DeviceTokenRecord = {
      deviceId: DEVICE_ID,
      workerId: 1,
      label: 'phone',
      createdAt: '2026-12-06T00:00:00.000Z',
      createdBy: 'admin',
      revokedAt: null,
      demo: false,
    };
    const tracking = {
      async deviceTokenByHash() {
        reads += 1;
        if (reads === 1) {
          // The handshake's read: it saw the token live, and answers after the revocation.
          firstReadStarted();
          await firstReadReleased;
          return live;
        }
        return revoked ? null : live;
      },
    } as unknown as TrackingRepository;
    const gateway = new DeviceGateway({
      tracking,
      bus: new TrackingBus(),
      ingestor: {} as FixIngestor,
      throttle: {} as DeviceThrottle,
      writer: {} as BatchWriter,
      nowMs: () => Date.now(),
    });
    httpServer = createServer();
    io = new Server(httpServer, { path: SOCKET_PATH });
    gateway.attach(io);
    await new Promise<void>((resolve) => httpServer!.listen(0, '127.0.0.1', resolve));
    const { port } = httpServer.address() as AddressInfo;

    const socket = connectDeviceSocket(`http://127.0.0.1:${port}`, 'a-device-token');
    try {
      const told = new Promise<void>((resolve) => socket.once('tokenRevoked', resolve));
      const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      await firstRead;
      // The revocation commits and tells the device's room, which the socket has not joined.
      revoked = true;
      gateway.disconnectDevice(DEVICE_ID);
      releaseFirstRead();
      const outcome = await Promise.race([
        Promise.all([told, disconnected]).then(([, reason]) => reason),
        new Promise<string>((resolve) => setTimeout(() => resolve('still connected'), WAIT_MS)),
      ]);
      expect(outcome).toBe('io server disconnect');
      expect(reads).toBe(2);
    } finally {
      socket.close();
    }
  });
});
