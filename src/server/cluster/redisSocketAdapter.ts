/**
 * socket.io across processes: the Redis streams adapter (rooms, broadcasts and server-side
 * events reach every process; unlike the pub/sub adapter it keeps connection state recovery
 * possible), and socket ids that start with this process's node id, so the proxy can send a
 * polling client's later requests to the process that holds its session. The Redis client
 * reconnects by itself after Redis restarts; the adapter's stream read resumes with it.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import type { Server } from 'socket.io';
import { SOCKET_ID_SEPARATOR, type ClusterConfig } from './clusterConfig';

/** Longest wait between reconnect attempts while Redis is away. */
const RECONNECT_DELAY_MAX_MS = 2_000;
const RECONNECT_DELAY_STEP_MS = 100;
const SOCKET_ID_BYTES = 15;
/** How long a closing node waits for its Redis commands in flight before cutting them off. */
const CLOSE_GRACE_MS = 1_000;

export interface RedisSocketAdapter {
  close(): Promise<void>;
}

export async function attachRedisSocketAdapter(
  io: Server,
  config: ClusterConfig,
  onError: (error: unknown) => void,
): Promise<RedisSocketAdapter> {
  const client = createClient({
    url: config.redisUrl,
    socket: {
      reconnectStrategy: (retries) =>
        Math.min(retries * RECONNECT_DELAY_STEP_MS, RECONNECT_DELAY_MAX_MS),
    },
  });
  // Without a listener an unreachable Redis would crash the process; it is reported instead.
  client.on('error', onError);
  await client.connect();
  io.adapter(
    createAdapter(client, {
      streamName: `${config.keyPrefix}:socket.io`,
      channelPrefix: `${config.keyPrefix}:socket.io`,
      sessionKeyPrefix: `${config.keyPrefix}:sio:session:`,
    }),
  );
  io.engine.generateId = () =>
    config.nodeId + SOCKET_ID_SEPARATOR + randomBytes(SOCKET_ID_BYTES).toString('base64url');
  return {
    async close() {
      // Commands in flight finish first: destroy() rejects them, and the adapter does not await
      // every one it sends (the session it saves as a socket leaves), so each rejection would be
      // unhandled. Redis away, they never finish: cut off after a grace period.
      let timer: NodeJS.Timeout | undefined;
      const closed = await Promise.race([
        client.close().then(() => true),
        new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), CLOSE_GRACE_MS);
        }),
      ]);
      clearTimeout(timer);
      if (!closed) client.destroy();
    },
  };
}
