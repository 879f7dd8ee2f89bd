/**
 * A node's Redis adapter closes without leaving a command it sent to fail unheard: the streams
 * adapter saves a leaving socket's session without awaiting the write, so a close that cut the
 * client off would reject that write with nobody to catch it (an unhandled rejection, which
 * fails a test run and is logged as a crash in production). Needs redis-server (CI installs it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startTestRedis, type TestRedis } from '../testing/redisServer';
import { attachRedisSocketAdapter } from './redisSocketAdapter';

let dir: string;
let redis: TestRedis;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-redis-adapter-'));
  redis = await startTestRedis(dir, await freePort());
});

afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Redis socket adapter', () => {
  it('lets a session being saved as the node closes finish instead of rejecting it unheard', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    // Attached (not listening): the adapter names sockets through the engine.
    const io = new Server(createServer(), { connectionStateRecovery: {} });
    try {
      const adapter = await attachRedisSocketAdapter(
        io,
        { redisUrl: redis.url, nodeId: 'n1', keyPrefix: `test-${process.pid}` },
        () => {},
      );
      // What socket.io does as a recoverable socket leaves: the write is not awaited.
      io.of('/').adapter.persistSession({
        sid: 's1',
        pid: 'p1',
        rooms: [],
        data: {},
      });
      await adapter.close();
      // Give a rejected write's turn of the event loop a chance to report.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      io.of('/').adapter.close();
    }
  });
});
