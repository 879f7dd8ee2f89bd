/**
 * `npm run cluster [-- --nodes N]`: N server processes (default 3) on the database that
 * `npm start` built ($DATA_DIR/district.sqlite), joined by Redis, behind Debian's nginx on PORT
 * (default 8080). Nodes listen on 127.0.0.1, ports PORT+1…PORT+N; nginx is configured and run
 * from a run folder of its own (src/server/cluster/nginxProxy.ts). Redis: REDIS_URL (default the
 * machine's, redis://127.0.0.1:6379) with a key prefix of this run, so two runs never mix. The
 * simulated phones (demo data, SIMULATOR=off stops them) run here once, through the proxy, like
 * real phones. Ctrl-C or SIGTERM stops everything. With DATABASE_URL the nodes run on that
 * PostgreSQL database (filled by `npm run db:copy` from the file `npm start` built, whose roads and
 * workers the simulator still reads); without it they share the SQLite file on this machine
 * (docs/decisions/0039-several-nodes.md, 0040).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNginxProxy } from '../src/server/cluster/nginxProxy';
import { ensureDemoDevices, issueDemoDevices } from '../src/server/demoDevices';
import { databaseConfigFromEnv } from '../src/server/store/databaseConfig';
import { createPostgresPool } from '../src/server/store/pg/postgresPool';
import { PostgresTrackingRepository } from '../src/server/store/pg/postgresTrackingRepository';
import { loadIdentifierSealer } from '../src/server/store/dataKeyFiles';
import { loadSimulationNetworkFromDb } from './simulator/simulationNetwork';
import { startSimulator, type RunningSimulator } from './simulator/startSimulator';

const DEFAULT_NODES = 3;
const MAX_NODES = 16;
const DEFAULT_PORT = 8080;
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const DB_FILE_NAME = 'district.sqlite';
const MAIN_PATH = fileURLToPath(new URL('../src/server/main.ts', import.meta.url));
const LISTENING_PATTERN = /listening on (http:\/\/[^\s"]+)/;
const NODE_START_TIMEOUT_MS = 120_000;

/** The simulated phones' tokens in the PostgreSQL district (the nodes' data key, in DATA_DIR). */
async function issueDemoDevicesIn(
  url: string,
  dataDir: string,
  workerIds: number[],
): Promise<Array<{ workerId: number; token: string }>> {
  const pool = createPostgresPool(url, 1);
  try {
    const sealer = loadIdentifierSealer(dataDir, { create: false });
    return await issueDemoDevices(new PostgresTrackingRepository(pool, sealer), { workerIds });
  } finally {
    await pool.end();
  }
}

function nodeCountOf(args: readonly string[]): number {
  const index = args.indexOf('--nodes');
  if (index < 0) return DEFAULT_NODES;
  const count = Number(args[index + 1]);
  if (!Number.isInteger(count) || count < 1 || count > MAX_NODES) {
    throw new Error(
      `--nodes must be a whole number from 1 to ${MAX_NODES}, got ${args[index + 1]}`,
    );
  }
  return count;
}

interface NodeProcess {
  nodeId: string;
  port: number;
  child: ChildProcess;
}

/** Starts one node (main.ts) and resolves once it listens; its output is prefixed with its id. */
function startNode(nodeId: string, port: number, env: NodeJS.ProcessEnv): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN_PATH], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', CLUSTER_NODE_ID: nodeId },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${nodeId} did not listen within ${NODE_START_TIMEOUT_MS} ms`)),
      NODE_START_TIMEOUT_MS,
    );
    const relay = (chunk: Buffer): void => {
      const text = chunk.toString();
      for (const line of text.split('\n')) if (line !== '') console.log(`[${nodeId}] ${line}`);
      if (LISTENING_PATTERN.test(text)) {
        clearTimeout(timer);
        resolve({ nodeId, port, child });
      }
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${nodeId} exited (${signal ?? code}) before listening`));
    });
  });
}

async function main(): Promise<void> {
  const nodeCount = nodeCountOf(process.argv.slice(2));
  const port = Number(process.env.PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port <= 0 || port + nodeCount > 65_535) {
    throw new Error(
      `PORT must leave room for ${nodeCount} node ports above it, got ${process.env.PORT}`,
    );
  }
  const host = process.env.HOST ?? '127.0.0.1';
  const dataDir = process.env.DATA_DIR ?? './data';
  const dbPath = path.join(dataDir, DB_FILE_NAME);
  const database = databaseConfigFromEnv(process.env);
  if (!existsSync(dbPath)) {
    throw new Error(`no database at ${dbPath}: run \`npm start\` once first (it builds the demo)`);
  }
  const runDir = mkdtempSync(path.join(tmpdir(), 'gcc-cluster-'));
  const keyPrefix = path.basename(runDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    REDIS_URL: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
    REDIS_KEY_PREFIX: keyPrefix,
    // The client address is nginx's X-Forwarded-For (login throttle, Open311 limits).
    TRUST_PROXY: process.env.TRUST_PROXY ?? '127.0.0.1',
  };
  const nodes: NodeProcess[] = [];
  let simulator: RunningSimulator | null = null;
  let stopProxy: (() => Promise<void>) | null = null;
  let stopping = false;
  const stopAll = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await simulator?.stop();
    await stopProxy?.();
    await Promise.all(
      nodes.map(
        (node) =>
          new Promise<void>((resolve) => {
            if (node.child.exitCode !== null || node.child.signalCode !== null) resolve();
            else {
              node.child.once('exit', () => resolve());
              node.child.kill('SIGTERM');
            }
          }),
      ),
    );
    rmSync(runDir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(0)));
  process.on('SIGTERM', () => void stopAll().then(() => process.exit(0)));
  try {
    // One after the other: the first opens (and if need be upgrades) the database alone.
    for (let index = 1; index <= nodeCount; index++) {
      nodes.push(await startNode(`node-${index}`, port + index, env));
    }
    const proxy = await startNginxProxy({
      runDir: path.join(runDir, 'nginx'),
      host,
      port,
      nodes: nodes.map(({ nodeId, port: nodePort }) => ({ nodeId, port: nodePort })),
    });
    stopProxy = () => proxy.stop();
    console.log('');
    console.log(`网格化治理指挥中心 Grid command center, ${nodeCount} nodes: ${proxy.url}`);
    console.log(`   nginx configuration: ${path.join(runDir, 'nginx', 'nginx.conf')}`);
    console.log(`   Redis ${env.REDIS_URL}, key prefix ${keyPrefix}`);
    if (process.env.SIMULATOR !== 'off') {
      const network = loadSimulationNetworkFromDb(dbPath);
      // SIM_WORKERS: how many demo workers carry a simulated phone, as in `npm start`.
      const limit = Number(process.env.SIM_WORKERS ?? network.workers.length);
      const workers = network.workers.slice(0, Number.isInteger(limit) ? limit : 0);
      const workerIds = workers.map((worker) => worker.workerId);
      const devices =
        database.engine === 'postgres'
          ? await issueDemoDevicesIn(database.url, dataDir, workerIds)
          : ensureDemoDevices(dbPath, { workerIds });
      simulator = await startSimulator({
        serverUrl: proxy.url,
        devices,
        network,
        log: (line) => console.log(`   ${line}`),
      });
      console.log(`模拟设备 Simulated feed: ${devices.length} phones through the proxy`);
    }
    console.log('Demo logins: the accounts and password of your last `npm start`.');
  } catch (error) {
    await stopAll();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
