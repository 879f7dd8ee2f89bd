/**
 * The feed simulator (demo data): grid workers walking the streets of their grids, each with a
 * phone that sends GPS fixes to `/device` of a server, faults included. Used by `npm start`
 * (embedded server), `npm run simulate` (any server) and the browser tests' global setup.
 *
 *   const simulator = await startSimulator({ serverUrl, devices, network });
 *   ... simulator.stats() ...
 *   await simulator.stop();
 *
 * Each worker's walk is deterministic for the seed, the worker id, the street network and the
 * clock: it starts at the district's midnight (China Standard Time), so two runs the same day put
 * a worker in the same place at the same time. Fixes start at `nowMs` minus the backfill, on a
 * whole fix interval. On start every device queues
 * the last `backfillMinutes` of fixes as a backlog and uploads it paced by acknowledgements,
 * so replay and "distance walked today" have data at once; then it sends a fix per interval.
 */
import { createSeededRandom } from '../../src/domain/seededRandom';
import { districtDayStartMs } from '../../src/domain/districtTime';
import { DEFAULT_GPS_OPTIONS, type GpsOptions } from './gpsReceiver';
import {
  FaultInjector,
  resolveFaultRates,
  ZERO_FAULT_COUNTS,
  type FaultRates,
  type InjectedFaultCounts,
} from './faultInjector';
import {
  SimulatedDevice,
  ZERO_DEVICE_COUNTS,
  type DeviceCounts,
  type DeviceTransport,
  type DeviceTransportEvents,
} from './simulatedDevice';
import type { SimulationNetwork } from './simulationNetwork';
import { SimulatedWorker } from './simulatedWorker';
import { createSocketDeviceTransport } from './socketDeviceTransport';
import { buildStreetGraph, type StreetGraph } from './streetGraph';

export type { FaultRates } from './faultInjector';
export { DEFAULT_FAULT_RATES, NO_FAULTS } from './faultInjector';
export type { SimulationNetwork } from './simulationNetwork';
export { loadSimulationNetworkFromApi, loadSimulationNetworkFromDb } from './simulationNetwork';

export const DEFAULT_SIMULATOR_SEED = 1;
export const DEFAULT_FIX_INTERVAL_MS = 1_000;
export const DEFAULT_BACKFILL_MINUTES = 60;

export interface SimulatorOptions {
  serverUrl: string;
  /** One device per worker, with its device token (ensureDemoDevices or POST /api/devices). */
  devices: Array<{ workerId: number; token: string }>;
  network: SimulationNetwork;
  seed?: number;
  fixIntervalMs?: number;
  backfillMinutes?: number;
  /** Overrides of DEFAULT_FAULT_RATES; NO_FAULTS turns them all off. */
  faults?: Partial<FaultRates>;
  gps?: Partial<GpsOptions>;
  /** Fixes per upload at most (default and upper bound MAX_FIXES_PER_BATCH). */
  maxBatchSize?: number;
  log?: (line: string) => void;
  /** The clock the walk starts from (tests); defaults to Date.now(). */
  nowMs?: number;
  /** Replaces the socket.io transport (tests). */
  createTransport?: (
    device: { workerId: number; token: string },
    events: DeviceTransportEvents,
  ) => DeviceTransport;
}

export interface SimulatorStats extends DeviceCounts {
  devices: number;
  connectedDevices: number;
  /** Devices whose token was revoked or refused: they stopped. */
  endedDevices: number;
  /** Fixes waiting in outboxes (not acknowledged yet). */
  pendingFixes: number;
  injected: InjectedFaultCounts;
}

export interface RunningSimulator {
  stop(): Promise<void>;
  stats(): SimulatorStats;
  /** Resolves true once every outbox is empty (backlog uploaded), false after `timeoutMs`. */
  waitUntilDelivered(timeoutMs: number): Promise<boolean>;
  /**
   * Sends a simulated worker to a site (an incident task): along the streets, `stayMs` there,
   * then back to the patrol. Returns the walking time, or null when the worker is not simulated.
   */
  sendWorkerTo(workerId: number, site: { lon: number; lat: number }, stayMs: number): number | null;
}

const DELIVERY_POLL_MS = 50;

function sumCounts<T extends Record<keyof T, number>>(items: readonly T[], zero: Readonly<T>): T {
  const total: Record<string, number> = { ...(zero as Record<string, number>) };
  for (const item of items) {
    for (const [key, value] of Object.entries(item)) total[key] = (total[key] ?? 0) + Number(value);
  }
  return total as T;
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const seed = options.seed ?? DEFAULT_SIMULATOR_SEED;
  const fixIntervalMs = options.fixIntervalMs ?? DEFAULT_FIX_INTERVAL_MS;
  const backfillMinutes = options.backfillMinutes ?? DEFAULT_BACKFILL_MINUTES;
  if (!(fixIntervalMs > 0)) throw new RangeError('fixIntervalMs must be positive');
  if (!(backfillMinutes >= 0)) throw new RangeError('backfillMinutes must be ≥ 0');
  const rates = resolveFaultRates(options.faults);
  const gps = { ...DEFAULT_GPS_OPTIONS, ...options.gps };
  const log = options.log ?? (() => undefined);
  const random = createSeededRandom(seed);
  const nowMs = options.nowMs ?? Date.now();
  const walkStartMs =
    Math.floor((nowMs - backfillMinutes * 60_000) / fixIntervalMs) * fixIntervalMs;
  // Every run the same day walks from the district's midnight, so a restart within the day
  // resends the same walk (duplicates, not a second zig-zagging track).
  const walkAnchorMs = districtDayStartMs(walkStartMs);

  const gridsOf = new Map(
    options.network.workers.map((worker) => [worker.workerId, worker.gridCodes]),
  );
  const graphs = new Map<string, StreetGraph>();
  const simulated = options.devices.map((device) => {
    const gridCodes = gridsOf.get(device.workerId);
    if (gridCodes === undefined || gridCodes.length === 0) {
      throw new Error(`worker ${device.workerId} has no grids in the simulation network`);
    }
    const key = gridCodes.join(',');
    let graph = graphs.get(key);
    if (graph === undefined) {
      const areas = gridCodes.map((code) => {
        const area = options.network.gridAreas[code];
        if (area === undefined) throw new Error(`grid ${code} is not in the simulation network`);
        return area;
      });
      graph = buildStreetGraph(options.network.roads, areas);
      graphs.set(key, graph);
    }
    const workerRandom = random.fork(device.workerId);
    const worker = new SimulatedWorker(
      device.workerId,
      graph,
      workerRandom.fork('worker'),
      walkStartMs,
      fixIntervalMs,
      gps,
      walkAnchorMs,
    );
    const phone = new SimulatedDevice({
      workerId: device.workerId,
      faults: new FaultInjector(rates, workerRandom.fork('faults'), nowMs),
      maxBatchSize: options.maxBatchSize,
      createTransport: (events) =>
        options.createTransport?.(device, events) ??
        createSocketDeviceTransport(options.serverUrl, device.token, events),
      log,
    });
    return { worker, phone };
  });

  // The backlog first, then the live feed.
  for (const { worker, phone } of simulated) phone.record(worker.fixesUntil(nowMs));
  for (const { phone } of simulated) phone.start();
  const timer = setInterval(() => {
    const tickMs = Date.now();
    for (const { worker, phone } of simulated) {
      phone.record(worker.fixesUntil(tickMs));
      phone.tick(tickMs);
    }
  }, fixIntervalMs);

  const stats = (): SimulatorStats => {
    const phones = simulated.map((entry) => entry.phone);
    return {
      ...sumCounts(
        phones.map((phone) => phone.counts),
        ZERO_DEVICE_COUNTS,
      ),
      injected: sumCounts(
        simulated.map((entry) => entry.phone.faultCounts),
        ZERO_FAULT_COUNTS,
      ),
      devices: phones.length,
      connectedDevices: phones.filter((phone) => phone.isConnected()).length,
      endedDevices: phones.filter((phone) => phone.state === 'revoked' || phone.state === 'refused')
        .length,
      pendingFixes: phones.reduce((sum, phone) => sum + phone.outbox.size, 0),
    };
  };

  let stopped = false;
  return {
    stats,
    sendWorkerTo(workerId, site, stayMs) {
      const entry = simulated.find(({ worker }) => worker.workerId === workerId);
      return entry === undefined ? null : entry.worker.goTo(site, stayMs);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      for (const { phone } of simulated) phone.stop();
    },
    async waitUntilDelivered(timeoutMs) {
      const deadlineMs = Date.now() + timeoutMs;
      while (Date.now() < deadlineMs) {
        if (stats().pendingFixes === 0) return true;
        await new Promise((resolve) => setTimeout(resolve, DELIVERY_POLL_MS));
      }
      return stats().pendingFixes === 0;
    },
  };
}
