/**
 * bench:fanout — 5,000 grid workers at 1 Hz to 20 screens: the real /live fan-out
 * (LiveHub + socket.io, one binary frame per tick per screen, encoded once per distinct
 * subscription, ack flow control) against the naive baseline, one JSON emit per fix per screen,
 * in the same run over the same sessions, bus and load. Screens run in a child process, so the
 * server's CPU time (process.cpuUsage of this process) is its own. Figures per delivered update:
 * server CPU, wire bytes received by the screens; and ingest-to-screen latency, from the bus
 * emit (the moment the ingest publishes a committed batch) to the screen's receipt.
 * The last line is JSON with both runs, `ratio` (CPU) and `bytesRatio`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Position } from '../../src/domain/tracking/fix';
import type { AuthRepository } from '../../src/server/auth/authRepository';
import { SessionService } from '../../src/server/auth/sessionService';
import { hashPassword } from '../../src/server/auth/passwordHash';
import { attachSocketGateway } from '../../src/server/socket/attachSocketGateway';
import { openDatabase } from '../../src/server/store/openDatabase';
import { sqliteUserAdminRepository } from '../../src/server/store/sqliteAuthStore';
import { SqliteRegistryStore } from '../../src/server/store/sqliteRegistry';
import {
  SqliteTrackingStore,
  sqliteTrackingRepository,
} from '../../src/server/store/sqliteTrackingStore';
import { writeSyntheticDistrict } from '../../src/server/testing/syntheticDistrict';
import { TEST_DISTRICT_SIZE } from '../../src/server/testing/testServer';
import { attachLiveGateway } from '../../src/server/tracking/liveGateway';
import { LiveHub } from '../../src/server/tracking/liveHub';
import { toLiveViewer } from '../../src/server/tracking/liveScreen';
import { TrackingBus } from '../../src/server/tracking/trackingBus';
import type { WorkerRecord } from '../../src/server/tracking/trackingRepository';
import { attachJsonBaseline, maxOfHistogram, percentileOfHistogram } from './fanoutBaseline';
import type { FanoutMode, ScreensReport } from './fanoutScreens';

const WORKER_COUNT = Number(process.env.BENCH_WORKERS ?? 5_000);
const SCREEN_COUNT = Number(process.env.BENCH_SCREENS ?? 20);
const PHASE_MS = Number(process.env.BENCH_SECONDS ?? 12) * 1000;
/** The ingest commits in batches; each worker reports once per second, spread over the slots. */
const COMMIT_INTERVAL_MS = 100;
const FIX_INTERVAL_MS = 1000;
const SLOTS_PER_FIX = FIX_INTERVAL_MS / COMMIT_INTERVAL_MS;
const WARMUP_MS = 3_000;
/** After the load stops: time for what is in flight to arrive (counted in the CPU time too). */
const DRAIN_MS = 2_000;
const BENCH_PASSWORD = 'bench-fanout-password';
const BENCH_USER = 'bench';
/** Half the screens watch the district, the others one street each: a wall and dispatchers. */
const DISTRICT_SCREEN_SHARE = 0.5;
const STEP_DEG = 1e-5;
const TARGET_CPU_RATIO = 5;
const TARGET_BYTES_RATIO = 4;
const TARGET_P99_MS = 300;
const MICROSECONDS_PER_MS = 1000;
const BENCH_DISTRICT_SIZE = { ...TEST_DISTRICT_SIZE, streetCount: 4, gridsPerCommunity: 4 };

interface PhaseResult {
  mode: FanoutMode;
  fixes: number;
  delivered: number;
  messages: number;
  serverCpuMs: number;
  cpuUsPerUpdate: number;
  wireBytes: number;
  bytesPerUpdate: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

function startScreens(): ChildProcess {
  return fork(new URL('./fanoutScreens.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`screens exited with ${code}`)));
  });
}

async function runPhase(
  mode: FanoutMode,
  setup: {
    sessions: SessionService;
    token: string;
    tracking: SqliteTrackingStore;
    registry: SqliteRegistryStore;
    auth: AuthRepository;
    workers: WorkerRecord[];
    subscriptions: string[][];
  },
): Promise<PhaseResult> {
  const httpServer: HttpServer = createHttpServer();
  const io = attachSocketGateway(httpServer, setup.sessions);
  const bus = new TrackingBus();
  let hub: LiveHub | null = null;
  if (mode === 'frames') {
    hub = await LiveHub.create({
      bus,
      tracking: sqliteTrackingRepository(setup.tracking),
      listGrids: async () => setup.registry.listGrids(),
      findViewer: async (username) => {
        const user = await setup.auth.findUser(username);
        return user === null ? null : toLiveViewer(user);
      },
      nowMs: () => Date.now(),
    });
    attachLiveGateway(io, hub, setup.sessions);
    hub.start();
  } else {
    attachJsonBaseline(io, bus, setup.workers);
  }
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;

  const screens = startScreens();
  const ready = nextMessage(screens, 'ready');
  screens.send({
    type: 'start',
    baseUrl: `http://127.0.0.1:${port}`,
    token: setup.token,
    mode,
    subscriptions: setup.subscriptions,
  });
  await ready;

  let fixes = 0;
  let slot = 0;
  const load = setInterval(() => {
    const nowMs = Date.now();
    const batch: Position[] = [];
    for (let index = slot % SLOTS_PER_FIX; index < setup.workers.length; index += SLOTS_PER_FIX) {
      const worker = setup.workers[index]!;
      const step = Math.floor(slot / SLOTS_PER_FIX);
      batch.push({
        workerId: worker.workerId,
        fixTimeMs: nowMs,
        lon: 119.26 + (index % 100) * 1e-3 + step * STEP_DEG,
        lat: 26.04 + Math.floor(index / 100) * 1e-3,
        accuracyM: 8,
        speedMps: 1.2,
        headingDeg: 90,
        receivedAtMs: nowMs,
      });
    }
    slot += 1;
    fixes += batch.length;
    bus.emit('positionsCommitted', batch);
  }, COMMIT_INTERVAL_MS);
  // Warm-up: every worker's first fix turns it from offline to online (a one-off burst of
  // status events) and the JIT settles; the figures are the steady state after it.
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  const reset = nextMessage(screens, 'reset');
  screens.send({ type: 'reset' });
  await reset;
  fixes = 0;
  const cpuBefore = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, PHASE_MS));
  clearInterval(load);
  await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
  const cpu = process.cpuUsage(cpuBefore);

  const reportPromise = nextMessage<ScreensReport>(screens, 'report');
  screens.send({ type: 'report' });
  const report = await reportPromise;
  screens.send({ type: 'close' });
  await new Promise((resolve) => screens.once('exit', resolve));
  await hub?.stop();
  io.disconnectSockets(true);
  io.engine.close();
  await new Promise((resolve) => httpServer.close(resolve));

  const serverCpuMs = (cpu.user + cpu.system) / MICROSECONDS_PER_MS;
  const round = (value: number, digits = 3) => Number(value.toFixed(digits));
  return {
    mode,
    fixes,
    delivered: report.delivered,
    messages: report.messages,
    serverCpuMs: round(serverCpuMs, 1),
    cpuUsPerUpdate: round((serverCpuMs * MICROSECONDS_PER_MS) / Math.max(1, report.delivered)),
    wireBytes: report.wireBytes,
    bytesPerUpdate: round(report.wireBytes / Math.max(1, report.delivered), 2),
    p50Ms: percentileOfHistogram(report.latencyHistogram, 0.5),
    p99Ms: percentileOfHistogram(report.latencyHistogram, 0.99),
    maxMs: maxOfHistogram(report.latencyHistogram),
  };
}

async function main(): Promise<void> {
  const rootDir = mkdtempSync(join(tmpdir(), 'gcc-bench-fanout-'));
  const dbPath = join(rootDir, 'district.sqlite');
  const district = writeSyntheticDistrict(dbPath, BENCH_DISTRICT_SIZE);
  const db = openDatabase(dbPath);
  try {
    const tracking = new SqliteTrackingStore(db);
    tracking.saveWorkers(
      Array.from({ length: WORKER_COUNT }, (_, index) => ({
        workerId: index + 1,
        name: `网格员${index + 1}`,
        nameEn: `Bench worker ${index + 1}`,
        phone: `139${String(index + 1).padStart(8, '0')}`,
        gridCodes: [district.baseGridCodes[index % district.baseGridCodes.length]!],
        synthetic: true,
      })),
    );
    const workers = tracking.listWorkers().slice(0, WORKER_COUNT);
    const auth = sqliteUserAdminRepository(db);
    await auth.saveUser({
      username: BENCH_USER,
      displayName: 'Bench wall',
      passwordHash: await hashPassword(BENCH_PASSWORD),
      role: 'admin',
      scopes: [district.districtCode],
      demo: false,
    });
    const sessions = new SessionService(auth);
    const { token } = await sessions.login(BENCH_USER, BENCH_PASSWORD, '127.0.0.1');
    const districtScreens = Math.round(SCREEN_COUNT * DISTRICT_SCREEN_SHARE);
    const subscriptions = Array.from({ length: SCREEN_COUNT }, (_, index) =>
      index < districtScreens
        ? [district.districtCode]
        : [district.streetCodes[index % district.streetCodes.length]!],
    );
    const setup = {
      sessions,
      token,
      tracking,
      registry: new SqliteRegistryStore(db),
      auth,
      workers,
      subscriptions,
    };
    console.log(
      `bench:fanout — ${workers.length} workers at 1 Hz, ${SCREEN_COUNT} screens ` +
        `(${districtScreens} district, the rest one street), ${PHASE_MS / 1000} s per run`,
    );
    const frames = await runPhase('frames', setup);
    console.log('binary frames per tick:', JSON.stringify(frames));
    const baseline = await runPhase('json', setup);
    console.log('baseline, one JSON emit per fix per screen:', JSON.stringify(baseline));
    const ratio = Number((baseline.cpuUsPerUpdate / frames.cpuUsPerUpdate).toFixed(2));
    const bytesRatio = Number((baseline.bytesPerUpdate / frames.bytesPerUpdate).toFixed(2));
    console.log(
      JSON.stringify({
        bench: 'fanout',
        workers: workers.length,
        screens: SCREEN_COUNT,
        seconds: PHASE_MS / 1000,
        frames,
        baseline,
        ratio,
        bytesRatio,
        p99Ms: frames.p99Ms,
        targets: {
          ratio: TARGET_CPU_RATIO,
          bytesRatio: TARGET_BYTES_RATIO,
          p99Ms: TARGET_P99_MS,
        },
        met:
          ratio >= TARGET_CPU_RATIO &&
          bytesRatio >= TARGET_BYTES_RATIO &&
          frames.p99Ms <= TARGET_P99_MS,
      }),
    );
  } finally {
    db.close();
    rmSync(rootDir, { recursive: true, force: true });
  }
}

await main();
