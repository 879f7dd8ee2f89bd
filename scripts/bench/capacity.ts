/**
 * bench:capacity (issue 14 §4) — the most simulated devices at 1 Hz that one configuration holds
 * with p99 device acknowledgement ≤ 1 s and ingest-to-screen p99 ≤ 300 ms for 20 screens, found
 * by stepping the load, for one server node on SQLite and for three nodes behind nginx joined by
 * Redis, in the same run on this machine. The nodes are the real server (src/server/main.ts) in
 * child processes; devices (scripts/bench/capacityDevices.ts) and screens
 * (scripts/bench/fanoutScreens.ts) are two more processes, so every figure is end to end through
 * sockets, on the same cores the nodes run on. Each step adds devices, lets them settle, then
 * measures: a device's fix counts from its fix time to its acknowledgement (a fix still waiting
 * past the limit at the end counts as over it), a screen's from the fix time to the frame's
 * receipt. A configuration's capacity is the largest step that met both limits.
 *
 * The three nodes' store: BENCH_CLUSTER_STORE=postgres (default; the issue's configuration: the
 * bench district copied into a PostgreSQL database of the run's own, TEST_DATABASE_URL's server)
 * or sqlite (the three nodes on one SQLite file, decision 0039; labelled so in the output). BENCH_STEPS: the device counts
 * (default 250,500,750,1000,1500,2000,3000,4000); BENCH_STEP_SECONDS: measured seconds per step;
 * BENCH_CONFIGURATIONS: `single,cluster` (default) or one of them, to measure one configuration's
 * CPU per fix; BENCH_CPU_PROFILE_DIR: every node and generator writes a V8 CPU profile there
 * when it ends (node --cpu-prof).
 * The last line is JSON with both capacities and `ratio` (null unless both ran).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNginxProxy, type NginxProxy } from '../../src/server/cluster/nginxProxy';
import { ensureDemoDevices } from '../../src/server/demoDevices';
import { ensureDemoUsers } from '../../src/server/demoUsers';
import { openDatabase } from '../../src/server/store/openDatabase';
import { SqliteTrackingStore } from '../../src/server/store/sqliteTrackingStore';
import { startChildServer, type ChildServer } from '../../src/server/testing/childServer';
import { freePort, startTestRedis, type TestRedis } from '../../src/server/testing/redisServer';
import { writeSyntheticDistrict } from '../../src/server/testing/syntheticDistrict';
import { copyToTestPostgres, TEST_DISTRICT_SIZE } from '../../src/server/testing/testServer';
import type { DevicesReport, DeviceSpec } from './capacityDevices';
import type { ScreensReport } from './fanoutScreens';
import { LATENCY_BUCKETS } from './percentile';
import { cpuMsBetween, cpuMsByName, cpuMsOf, descendantsOf } from './processCpu';
import { maxOfHistogram, percentileOfHistogram } from './fanoutBaseline';

const DEFAULT_STEPS = [250, 500, 750, 1000, 1500, 2000, 3000, 4000];
const STEPS = (process.env.BENCH_STEPS ?? DEFAULT_STEPS.join(','))
  .split(',')
  .map((text) => Number(text));
const STEP_MS = Number(process.env.BENCH_STEP_SECONDS ?? 10) * 1000;
const SETTLE_MS = 4_000;
const SCREEN_COUNT = 20;
const CLUSTER_NODES = 3;
const ACK_P99_LIMIT_MS = 1_000;
const SCREEN_P99_LIMIT_MS = 300;
const TARGET_RATIO = 1.5;
const NODE_START_TIMEOUT_MS = 120_000;
const CLUSTER_STORE = process.env.BENCH_CLUSTER_STORE ?? 'postgres';
const CONFIGURATIONS = (process.env.BENCH_CONFIGURATIONS ?? 'single,cluster').split(',');
const PROFILE_ARGS =
  process.env.BENCH_CPU_PROFILE_DIR === undefined
    ? []
    : ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`];
const DB_FILE_NAME = 'district.sqlite';
const BENCH_DISTRICT_SIZE = { ...TEST_DISTRICT_SIZE, streetCount: 4, gridsPerCommunity: 4 };
const WORKER_PHONE_PREFIX = '139';
const WORKER_PHONE_DIGITS = 8;
/** Half the screens watch the district, the others one street each: a wall and dispatchers. */
const DISTRICT_SCREEN_SHARE = 0.5;

interface StepResult {
  devices: number;
  connected: number;
  fixesSent: number;
  fixesAcknowledged: number;
  rejected: number;
  ackP50Ms: number;
  ackP99Ms: number;
  screenUpdates: number;
  screenP50Ms: number;
  screenP99Ms: number;
  screenMaxMs: number;
  /**
   * CPU the configuration's server side used in the measured window (nodes, nginx, Redis and
   * the PostgreSQL backends of its database; not the load generators), and per acknowledged fix.
   */
  serverCpuMs: number;
  serverCpuMsPerFix: number;
  /** serverCpuMs by process name. */
  serverCpuByProcess: Record<string, number>;
  /** CPU of the load generators (devices, screens) in the same window, per acknowledged fix. */
  generatorCpuMsPerFix: { devices: number; screens: number };
  /** /proc/loadavg's one-minute figure at the end of the window (the machine may be shared). */
  loadAverage: number;
  met: boolean;
}

interface ConfigurationResult {
  name: string;
  nodes: number;
  store: string;
  /** The largest step that met both limits (0: none did). */
  capacity: number;
  /** False when every step met the limits: the capacity is then at least `capacity`. */
  reachedLimit: boolean;
  steps: StepResult[];
  /**
   * The screens' cost apart (at the capacity's devices, or the first step's), and a fix's
   * without its screens.
   */
  screenCost: ScreenCost;
  cpuMsPerFixWithoutScreens: number;
}

interface District {
  dbPath: string;
  dataDir: string;
  staticDir: string;
  tilesetsDir: string;
  districtCode: string;
  streetCodes: string[];
  password: string;
  devices: DeviceSpec[];
}

function forkChild(file: string): ChildProcess {
  return fork(new URL(file, import.meta.url).pathname, [], {
    execArgv: [...PROFILE_ARGS, '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function ask<T>(
  child: ChildProcess,
  message: { type: string; [field: string]: unknown },
  answer: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: { type: string }): void => {
      if (reply.type !== answer) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(reply as T);
    };
    const onExit = (code: number | null): void => reject(new Error(`child exited with ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message);
  });
}

/** Asks the generators to close and waits for them; one that already ended (a failed connect) is not asked. */
async function closeChildren(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.connected) child.send({ type: 'close' });
      else child.kill('SIGTERM');
      return exited;
    }),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A district with one worker (and one device token) per step's largest device count. */
async function writeDistrict(rootDir: string, deviceCount: number): Promise<District> {
  const dataDir = join(rootDir, 'data');
  const staticDir = join(rootDir, 'dist');
  const tilesetsDir = join(rootDir, 'tilesets');
  for (const dir of [dataDir, staticDir, tilesetsDir]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>bench:capacity</title>');
  const dbPath = join(dataDir, DB_FILE_NAME);
  const district = writeSyntheticDistrict(dbPath, BENCH_DISTRICT_SIZE);
  const db = openDatabase(dbPath);
  const centres = new Map<string, { lon: number; lat: number }>();
  try {
    for (const row of db
      .prepare('SELECT code, center_lon AS lon, center_lat AS lat FROM grids WHERE level = 4')
      .all() as Array<{ code: string; lon: number; lat: number }>) {
      centres.set(row.code, row);
    }
    new SqliteTrackingStore(db).saveWorkers(
      Array.from({ length: deviceCount }, (_, index) => ({
        workerId: index + 1,
        name: `网格员${index + 1}`,
        nameEn: `Bench worker ${index + 1}`,
        phone: WORKER_PHONE_PREFIX + String(index + 1).padStart(WORKER_PHONE_DIGITS, '0'),
        gridCodes: [district.baseGridCodes[index % district.baseGridCodes.length]!],
        synthetic: true,
      })),
    );
  } finally {
    db.close();
  }
  const password = 'bench-capacity-' + process.pid;
  await ensureDemoUsers(dbPath, password);
  const workerIds = Array.from({ length: deviceCount }, (_, index) => index + 1);
  const tokens = ensureDemoDevices(dbPath, { workerIds });
  const devices = tokens.map(({ workerId, token }, index) => {
    const grid = district.baseGridCodes[(workerId - 1) % district.baseGridCodes.length]!;
    const centre = centres.get(grid)!;
    // Spread around the grid's centre so that trails do not sit on one point.
    return {
      token,
      lon: centre.lon + ((index % 50) - 25) * 1e-4,
      lat: centre.lat + (Math.floor(index / 50) % 50) * 1e-4,
    };
  });
  return {
    dbPath,
    dataDir,
    staticDir,
    tilesetsDir,
    districtCode: district.districtCode,
    streetCodes: district.streetCodes,
    password,
    devices,
  };
}

async function login(baseUrl: string, password: string): Promise<string> {
  const answer = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  if (answer.status !== 200)
    throw new Error(`login failed: ${answer.status} ${await answer.text()}`);
  return ((await answer.json()) as { token: string }).token;
}

/** The server side's processes: this bench's descendants less the generators, and the database's. */
async function serverPidsOf(
  generators: readonly ChildProcess[],
  databasePids: () => Promise<number[]>,
): Promise<number[]> {
  const excluded = new Set(generators.map((child) => child.pid ?? -1));
  return [...descendantsOf(process.pid, excluded), ...(await databasePids())];
}

/** SCREEN_COUNT screens: half watch the district, the others a street each. */
function screensStart(district: District, baseUrl: string, token: string) {
  const districtScreens = Math.round(SCREEN_COUNT * DISTRICT_SCREEN_SHARE);
  return {
    type: 'start',
    baseUrl,
    token,
    mode: 'frames',
    subscriptions: Array.from({ length: SCREEN_COUNT }, (_, index) =>
      index < districtScreens
        ? [district.districtCode]
        : [district.streetCodes[index % district.streetCodes.length]!],
    ),
  };
}

interface ScreenCost {
  devices: number;
  /** Server CPU per measured second with SCREEN_COUNT screens, then with twice as many. */
  cpuMsPerSecond: [number, number];
  updatesPerSecond: [number, number];
  /** What one more screen costs the server side: CPU ms per second and per delivered update. */
  cpuMsPerScreenSecond: number;
  cpuMsPerUpdate: number;
}

/**
 * The cost of screens apart from the fixes': `devices` devices with SCREEN_COUNT screens, then
 * the same with SCREEN_COUNT more; the difference is what the added screens cost (within the
 * 10 ms resolution of /proc's CPU times over STEP_MS: small differences read as noise).
 */
async function measureScreenCost(
  district: District,
  deviceUrls: string[],
  screenUrl: string,
  devicesCount: number,
  databasePids: () => Promise<number[]>,
): Promise<ScreenCost> {
  const token = await login(screenUrl, district.password);
  const children = [forkChild('./capacityDevices.ts'), forkChild('./fanoutScreens.ts')];
  const [devices, firstScreens] = children as [ChildProcess, ChildProcess];
  const serverPids = () => serverPidsOf(children, databasePids);
  const measure = async (screenSets: ChildProcess[]) => {
    await sleep(SETTLE_MS);
    await Promise.all(screenSets.map((child) => ask(child, { type: 'reset' }, 'reset')));
    const before = cpuMsOf(await serverPids());
    await sleep(STEP_MS);
    const cpuMs = cpuMsBetween(before, cpuMsOf(await serverPids()));
    const reports = await Promise.all(
      screenSets.map((child) => ask<ScreensReport>(child, { type: 'report' }, 'report')),
    );
    const seconds = STEP_MS / 1000;
    const updates = reports.reduce((sum, report) => sum + report.delivered, 0);
    return { cpuMsPerSecond: cpuMs / seconds, updatesPerSecond: updates / seconds };
  };
  try {
    await ask(firstScreens, screensStart(district, screenUrl, token), 'ready');
    await ask(
      devices,
      { type: 'grow', baseUrls: deviceUrls, devices: district.devices.slice(0, devicesCount) },
      'grown',
    );
    const one = await measure([firstScreens]);
    const moreScreens = forkChild('./fanoutScreens.ts');
    children.push(moreScreens);
    await ask(moreScreens, screensStart(district, screenUrl, token), 'ready');
    const two = await measure([firstScreens, moreScreens]);
    const addedCpu = two.cpuMsPerSecond - one.cpuMsPerSecond;
    const addedUpdates = two.updatesPerSecond - one.updatesPerSecond;
    const round = (value: number) => Number(value.toFixed(3));
    return {
      devices: devicesCount,
      cpuMsPerSecond: [round(one.cpuMsPerSecond), round(two.cpuMsPerSecond)],
      updatesPerSecond: [round(one.updatesPerSecond), round(two.updatesPerSecond)],
      cpuMsPerScreenSecond: round(addedCpu / SCREEN_COUNT),
      cpuMsPerUpdate: round(addedCpu / Math.max(1, addedUpdates)),
    };
  } finally {
    await closeChildren(children);
  }
}

/** Steps the load on running nodes; stops after the first step that misses a limit. */
async function stepLoad(
  district: District,
  deviceUrls: string[],
  screenUrl: string,
  label: string,
  databasePids: () => Promise<number[]> = () => Promise.resolve([]),
): Promise<StepResult[]> {
  const token = await login(screenUrl, district.password);
  const screens = forkChild('./fanoutScreens.ts');
  const devices = forkChild('./capacityDevices.ts');
  const serverPids = () => serverPidsOf([screens, devices], databasePids);
  const results: StepResult[] = [];
  try {
    await ask(screens, screensStart(district, screenUrl, token), 'ready');
    let connected = 0;
    for (const target of STEPS) {
      await ask(
        devices,
        { type: 'grow', baseUrls: deviceUrls, devices: district.devices.slice(connected, target) },
        'grown',
      );
      connected = target;
      await sleep(SETTLE_MS);
      await Promise.all([
        ask(devices, { type: 'reset' }, 'reset'),
        ask(screens, { type: 'reset' }, 'reset'),
      ]);
      const generatorPids = [devices.pid ?? -1, screens.pid ?? -1];
      const generatorsBefore = cpuMsOf(generatorPids);
      const cpuBefore = cpuMsOf(await serverPids());
      await sleep(STEP_MS);
      const cpuAfter = cpuMsOf(await serverPids());
      const generatorsAfter = cpuMsOf(generatorPids);
      const serverCpuMs = Math.round(cpuMsBetween(cpuBefore, cpuAfter));
      const [device, screen] = await Promise.all([
        ask<DevicesReport>(devices, { type: 'report', waitedOverMs: ACK_P99_LIMIT_MS }, 'report'),
        ask<ScreensReport>(screens, { type: 'report' }, 'report'),
      ]);
      const ackHistogram = [...device.ackHistogram];
      ackHistogram[LATENCY_BUCKETS - 1]! += device.waitingOver;
      const ackP99Ms = percentileOfHistogram(ackHistogram, 0.99);
      const screenP99Ms = percentileOfHistogram(screen.latencyHistogram, 0.99);
      const step: StepResult = {
        devices: target,
        connected: device.connected,
        fixesSent: device.sent,
        fixesAcknowledged: device.acknowledged,
        rejected: device.rejected,
        ackP50Ms: percentileOfHistogram(ackHistogram, 0.5),
        ackP99Ms,
        screenUpdates: screen.delivered,
        screenP50Ms: percentileOfHistogram(screen.latencyHistogram, 0.5),
        screenP99Ms,
        screenMaxMs: maxOfHistogram(screen.latencyHistogram),
        serverCpuMs,
        serverCpuMsPerFix: Number((serverCpuMs / Math.max(1, device.acknowledged)).toFixed(3)),
        serverCpuByProcess: cpuMsByName(cpuBefore, cpuAfter),
        generatorCpuMsPerFix: {
          devices: perFix(generatorsAfter, generatorsBefore, devices.pid, device.acknowledged),
          screens: perFix(generatorsAfter, generatorsBefore, screens.pid, device.acknowledged),
        },
        loadAverage: loadAverage(),
        met:
          device.connected === target &&
          device.acknowledged > 0 &&
          screen.delivered > 0 &&
          ackP99Ms <= ACK_P99_LIMIT_MS &&
          screenP99Ms <= SCREEN_P99_LIMIT_MS,
      };
      console.log(`${label}:`, JSON.stringify(step));
      results.push(step);
      if (!step.met) break;
    }
  } finally {
    await closeChildren([devices, screens]);
  }
  return results;
}

/** One process's CPU between two readings, per acknowledged fix. */
function perFix(
  after: ReadonlyMap<number, number>,
  before: ReadonlyMap<number, number>,
  pid: number | undefined,
  fixes: number,
): number {
  const ms = (after.get(pid ?? -1) ?? 0) - (before.get(pid ?? -1) ?? 0);
  return Number((ms / Math.max(1, fixes)).toFixed(3));
}

function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

/** A fix's CPU less its screens': devices send one fix a second each. */
function fixCostOf(cost: ScreenCost): number {
  const screens = cost.cpuMsPerScreenSecond * SCREEN_COUNT;
  return Number(((cost.cpuMsPerSecond[0] - screens) / cost.devices).toFixed(3));
}

function capacityOf(steps: readonly StepResult[]): number {
  let capacity = 0;
  for (const step of steps) {
    if (!step.met) break;
    capacity = step.devices;
  }
  return capacity;
}

async function runSingleNode(rootDir: string, deviceCount: number): Promise<ConfigurationResult> {
  const district = await writeDistrict(join(rootDir, 'single'), deviceCount);
  const node = await startChildServer({
    dataDir: district.dataDir,
    staticDir: district.staticDir,
    tilesetsDir: district.tilesetsDir,
    env: { SEARCH_WORKERS: '0' },
    startTimeoutMs: NODE_START_TIMEOUT_MS,
    nodeArgs: PROFILE_ARGS,
  });
  try {
    const steps = await stepLoad(district, [node.baseUrl], node.baseUrl, 'one node, SQLite');
    const screenCost = await measureScreenCost(
      district,
      [node.baseUrl],
      node.baseUrl,
      Math.max(capacityOf(steps), STEPS[0]!),
      () => Promise.resolve([]),
    );
    console.log('one node, SQLite, screens apart:', JSON.stringify(screenCost));
    return {
      screenCost,
      cpuMsPerFixWithoutScreens: fixCostOf(screenCost),
      name: 'one node',
      nodes: 1,
      store: 'sqlite',
      capacity: capacityOf(steps),
      reachedLimit: steps.some((step) => !step.met),
      steps,
    };
  } finally {
    await node.kill('SIGTERM');
  }
}

/**
 * The three nodes' database: on PostgreSQL a database of the run's own (dropped at the end) with
 * the bench district copied in, as `npm run db:copy` moves a district; on SQLite the file itself.
 */
async function clusterStore(dbPath: string): Promise<{
  env: Record<string, string>;
  backends(): Promise<number[]>;
  drop(): Promise<void>;
}> {
  if (CLUSTER_STORE === 'sqlite') {
    return { env: {}, backends: () => Promise.resolve([]), drop: () => Promise.resolve() };
  }
  if (CLUSTER_STORE !== 'postgres') {
    throw new Error(`BENCH_CLUSTER_STORE must be postgres or sqlite, got ${CLUSTER_STORE}`);
  }
  const database = await copyToTestPostgres(dbPath);
  return {
    env: { DATABASE_URL: database.url },
    // The backends serving the nodes' connections now (each pool keeps its busy ones open).
    backends: async () =>
      (
        await database.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = '${database.name}' AND pid <> pg_backend_pid()`,
        )
      ).rows.map((row) => Number(row.pid)),
    drop: () => database.drop(),
  };
}

async function runCluster(rootDir: string, deviceCount: number): Promise<ConfigurationResult> {
  const district = await writeDistrict(join(rootDir, 'cluster'), deviceCount);
  const store = await clusterStore(join(district.dataDir, DB_FILE_NAME));
  const redisDir = join(rootDir, 'redis');
  mkdirSync(redisDir);
  let redis: TestRedis | null = null;
  let proxy: NginxProxy | null = null;
  const nodes: ChildServer[] = [];
  try {
    redis = await startTestRedis(redisDir, await freePort());
    const keyPrefix = `gcc-bench-capacity-${process.pid}`;
    nodes.push(
      ...(await Promise.all(
        Array.from({ length: CLUSTER_NODES }, (_, index) =>
          startChildServer({
            dataDir: district.dataDir,
            staticDir: district.staticDir,
            tilesetsDir: district.tilesetsDir,
            env: {
              ...store.env,
              REDIS_URL: redis!.url,
              REDIS_KEY_PREFIX: keyPrefix,
              CLUSTER_NODE_ID: `node-${index + 1}`,
              SEARCH_WORKERS: '0',
            },
            startTimeoutMs: NODE_START_TIMEOUT_MS,
            nodeArgs: PROFILE_ARGS,
          }),
        ),
      )),
    );
    proxy = await startNginxProxy({
      runDir: join(rootDir, 'nginx'),
      host: '127.0.0.1',
      port: await freePort(),
      nodes: nodes.map((node, index) => ({ nodeId: `node-${index + 1}`, port: node.port })),
    });
    const label = `${CLUSTER_NODES} nodes, ${CLUSTER_STORE === 'sqlite' ? 'one SQLite file' : 'PostgreSQL'} + Redis, nginx`;
    const steps = await stepLoad(district, [proxy.url], proxy.url, label, () => store.backends());
    const screenCost = await measureScreenCost(
      district,
      [proxy.url],
      proxy.url,
      Math.max(capacityOf(steps), STEPS[0]!),
      () => store.backends(),
    );
    console.log(`${label}, screens apart:`, JSON.stringify(screenCost));
    return {
      screenCost,
      cpuMsPerFixWithoutScreens: fixCostOf(screenCost),
      name: `${CLUSTER_NODES} nodes`,
      nodes: CLUSTER_NODES,
      store: CLUSTER_STORE,
      capacity: capacityOf(steps),
      reachedLimit: steps.some((step) => !step.met),
      steps,
    };
  } finally {
    await proxy?.stop();
    await Promise.all(nodes.map((node) => node.kill('SIGTERM')));
    await redis?.stop();
    await store.drop();
  }
}

async function main(): Promise<void> {
  if (STEPS.some((count) => !Number.isInteger(count) || count < 1)) {
    throw new Error(`BENCH_STEPS must be whole numbers, got ${process.env.BENCH_STEPS}`);
  }
  if (CONFIGURATIONS.some((name) => name !== 'single' && name !== 'cluster')) {
    throw new Error(`BENCH_CONFIGURATIONS must name single and/or cluster, got ${CONFIGURATIONS}`);
  }
  const deviceCount = Math.max(...STEPS);
  const rootDir = mkdtempSync(join(tmpdir(), 'gcc-bench-capacity-'));
  console.log(
    `bench:capacity — devices at 1 Hz in steps of ${STEPS.join(', ')}, ${SCREEN_COUNT} screens, ` +
      `${STEP_MS / 1000} s measured per step; limits: ack p99 ≤ ${ACK_P99_LIMIT_MS} ms, ` +
      `ingest-to-screen p99 ≤ ${SCREEN_P99_LIMIT_MS} ms`,
  );
  try {
    const single = CONFIGURATIONS.includes('single')
      ? await runSingleNode(rootDir, deviceCount)
      : null;
    const cluster = CONFIGURATIONS.includes('cluster')
      ? await runCluster(rootDir, deviceCount)
      : null;
    const ratio =
      single === null || cluster === null || single.capacity === 0
        ? null
        : Number((cluster.capacity / single.capacity).toFixed(2));
    console.log(
      JSON.stringify({
        bench: 'capacity',
        single,
        cluster,
        ratio,
        target: TARGET_RATIO,
        clusterStore: CLUSTER_STORE,
        met: CLUSTER_STORE === 'postgres' && ratio !== null && ratio >= TARGET_RATIO,
      }),
    );
  } finally {
    rmSync(rootDir, { recursive: true, force: true });
  }
}

await main();
