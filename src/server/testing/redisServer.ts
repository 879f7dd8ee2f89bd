/**
 * A redis-server of the test's own (never the machine's): a free port, a temp folder, nothing
 * saved, so a restart comes back empty, as a Redis that lost its memory would. Test support only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, Socket } from 'node:net';

export const DEFAULT_REDIS_SERVER_PATH = '/usr/bin/redis-server';
const START_TIMEOUT_MS = 10_000;
const POLL_MS = 50;

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

export async function startTestRedis(dir: string, port: number): Promise<TestRedis> {
  const path = process.env.REDIS_SERVER_PATH ?? DEFAULT_REDIS_SERVER_PATH;
  if (!existsSync(path)) {
    throw new Error(`redis-server not found at ${path}: apt-get install redis-server`);
  }
  const child: ChildProcess = spawn(
    path,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await answers(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
