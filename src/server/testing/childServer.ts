/**
 * The real server (`src/server/main.ts`, as `npm run serve` runs it) in a child process, so a
 * test can kill it with SIGKILL mid-stream and start it again on the same SQLite file and port.
 * Test support only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN_PATH = fileURLToPath(new URL('../main.ts', import.meta.url));
const LISTENING_PATTERN = /listening on (http:\/\/[^\s"]+)/;
const START_TIMEOUT_MS = 30_000;

export interface ChildServer {
  baseUrl: string;
  port: number;
  /** Resolves with the exit signal (or code) once the process has ended. */
  exited: Promise<NodeJS.Signals | number | null>;
  kill(signal: NodeJS.Signals): Promise<NodeJS.Signals | number | null>;
}

export interface ChildServerOptions {
  /** Folder holding district.sqlite (main.ts reads $DATA_DIR/district.sqlite). */
  dataDir: string;
  staticDir: string;
  tilesetsDir: string;
  /** 0 (default) takes a free port; a restart passes the port of the first run. */
  port?: number;
  /** More environment (a cluster node's REDIS_URL, CLUSTER_NODE_ID, …). */
  env?: Readonly<Record<string, string>>;
  /** How long to wait for "listening" (default START_TIMEOUT_MS; several at once take longer). */
  startTimeoutMs?: number;
  /** More node options (a bench's --cpu-prof). */
  nodeArgs?: readonly string[];
}

export function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', MAIN_PATH],
    {
      env: {
        ...process.env,
        PORT: String(options.port ?? 0),
        HOST: '127.0.0.1',
        DATA_DIR: options.dataDir,
        STATIC_DIR: options.staticDir,
        TILESETS_DIR: options.tilesetsDir,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? code));
  });
  let output = '';
  const startTimeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child server did not start within ${startTimeoutMs} ms:\n${output}`));
    }, startTimeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = LISTENING_PATTERN.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      // Keep draining the pipes so the child never blocks on a full one.
      child.stdout?.resume();
      const baseUrl = match[1]!;
      resolve({
        baseUrl,
        port: Number(new URL(baseUrl).port),
        exited,
        async kill(signal) {
          child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then((status) => {
      clearTimeout(timer);
      reject(new Error(`child server exited (${String(status)}) before listening:\n${output}`));
    });
  });
}
