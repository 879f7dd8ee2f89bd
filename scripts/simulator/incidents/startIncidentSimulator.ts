/**
 * The incident simulator (demo data): new reports from three sources — workers' phones
 * (`reportIncident` on /device), the hotline desk (POST /api/incidents) and citizens (Open311) —
 * on the diurnal schedule, a simulated dispatcher carrying them through the closed loop, and the
 * workers' phones taking the tasks. Only the server's socket and REST interfaces are used, so it
 * runs against any server.
 *
 *   const simulator = await startIncidentSimulator({ serverUrl, username, password, devices });
 *   ... simulator.stats() ...
 *   await simulator.stop();
 */
import { hashString32 } from '../../../src/domain/seededRandom';
import { citizenReportText } from './citizenReports';
import { connectIncidentHttpApi, type IncidentHttpApi } from './incidentHttpApi';
import { deriveIncidentPlaces, type IncidentPlace } from './incidentPlaces';
import { planIncidents, type PlannedIncident } from './incidentSchedule';
import { SimulatedDispatcher } from './simulatedDispatcher';
import {
  DEMO_TASK_TIMING,
  SimulatedTaskWorker,
  type TaskDeviceLink,
  type TaskWorkerTiming,
} from './simulatedTaskWorker';
import { createSocketTaskDeviceLink } from './socketTaskDeviceLink';

/** Mean new reports per minute at an average hour: enough for the wall to move. */
export const DEFAULT_INCIDENT_RATE_PER_MINUTE = 2;
/** How often the simulator looks at the clock and at the dispatcher's desk. */
export const DEFAULT_ROUND_MS = 5_000;
/** How long an incident waits in a state before the dispatcher acts (a person's pace). */
export const DEFAULT_DISPATCHER_STEP_DELAY_MS = 30_000;
const HOTLINE_NOTE = '12345热线来电（演示数据）';
/** How the phone channel, the hotline API and GeoReport say a position lies outside the district. */
const OUTSIDE_DISTRICT = /outside (every base grid|the district|the service area)/;

export interface IncidentSimulatorOptions {
  serverUrl: string;
  /** A demo user who may dispatch and evaluate (admin). */
  username: string;
  password: string;
  /** The workers' phones (the same device tokens as the GPS feed). */
  devices: ReadonlyArray<{ workerId: number; token: string }>;
  seed?: number;
  ratePerMinute?: number;
  roundMs?: number;
  stepDelayMs?: number;
  timing?: TaskWorkerTiming;
  /** Derived from the server's buildings and base map when not given. */
  places?: readonly IncidentPlace[];
  log?: (line: string) => void;
  /** Replaces the socket link (tests). */
  createLink?: (device: { workerId: number; token: string }) => TaskDeviceLink;
}

export interface IncidentSimulatorStats {
  places: number;
  reportsSent: Record<PlannedIncident['source'], number>;
  reportsFailed: number;
  dispatcherActions: number;
  tasksStarted: number;
  connectedPhones: number;
}

export interface RunningIncidentSimulator {
  stats(): IncidentSimulatorStats;
  /** One round now (tests): due reports, then the dispatcher's desk. */
  runRound(): Promise<void>;
  /** Sends one report through its source's channel now (tests). */
  sendReport(incident: PlannedIncident): Promise<void>;
  stop(): Promise<void>;
}

/** The district's incident sites, read through the API as the given user. */
export async function loadIncidentPlaces(api: IncidentHttpApi): Promise<IncidentPlace[]> {
  const { buildings, basemap } = await api.loadPlaceSources();
  return deriveIncidentPlaces(buildings, basemap);
}

export async function startIncidentSimulator(
  options: IncidentSimulatorOptions,
): Promise<RunningIncidentSimulator> {
  const log = options.log ?? (() => undefined);
  const api = await connectIncidentHttpApi(options.serverUrl, options.username, options.password);
  const places = options.places ?? (await loadIncidentPlaces(api));
  const workers = options.devices.map(
    (device) =>
      new SimulatedTaskWorker(
        device.workerId,
        options.createLink?.(device) ?? createSocketTaskDeviceLink(options.serverUrl, device.token),
        options.timing ?? DEMO_TASK_TIMING,
        log,
      ),
  );
  const dispatcher = new SimulatedDispatcher(api, {
    stepDelayMs: options.stepDelayMs ?? DEFAULT_DISPATCHER_STEP_DELAY_MS,
    log,
  });
  const schedule = {
    seed: options.seed ?? 1,
    ratePerMinute: options.ratePerMinute ?? DEFAULT_INCIDENT_RATE_PER_MINUTE,
  };
  const counts: IncidentSimulatorStats = {
    places: places.length,
    reportsSent: { worker: 0, hotline: 0, citizen: 0 },
    reportsFailed: 0,
    dispatcherActions: 0,
    tasksStarted: 0,
    connectedPhones: 0,
  };

  /**
   * Sends at the planned (jittered) position; a place by the district's edge can jitter out of
   * every base grid, and the server refuses that: the report then goes at the place itself.
   */
  async function send(incident: PlannedIncident): Promise<void> {
    await sendAt(incident, incident).catch((error: unknown) => {
      if (!OUTSIDE_DISTRICT.test((error as Error).message)) throw error;
      return sendAt(incident, incident.place);
    });
  }

  async function sendAt(
    incident: PlannedIncident,
    at: { lon: number; lat: number },
  ): Promise<void> {
    const report = {
      categoryCode: incident.categoryCode,
      lon: at.lon,
      lat: at.lat,
      description: incident.description,
    };
    const connected = workers.filter((worker) => worker.isConnected());
    const worker = connected[hashString32(incident.key) % Math.max(1, connected.length)];
    if (incident.source === 'worker' && worker !== undefined) {
      const result = await worker.report({ ...report, reportedAtMs: incident.atMs });
      if (!result.ok) throw new Error(result.message);
    } else if (incident.source !== 'citizen') {
      // The hotline, and a worker's find phoned in when no phone is connected (GPS feed off).
      await api.reportByHotline({ ...report, source: 'hotline', note: HOTLINE_NOTE });
    } else {
      const citizen = citizenReportText(incident.key, incident.place, incident.description);
      await api.reportByCitizen({ ...report, ...citizen });
    }
    counts.reportsSent[
      incident.source === 'worker' && worker === undefined ? 'hotline' : incident.source
    ] += 1;
  }

  let lastMs = Date.now();
  let running: Promise<void> | null = null;
  const runRound = async () => {
    const nowMs = Date.now();
    const due = planIncidents(places, lastMs, nowMs, schedule);
    lastMs = nowMs;
    for (const incident of due) {
      await send(incident).catch((error: unknown) => {
        counts.reportsFailed += 1;
        log(`report ${incident.key} (${incident.source}): ${(error as Error).message}`);
      });
    }
    counts.dispatcherActions += await dispatcher.round(nowMs).catch((error: unknown) => {
      log(`dispatcher: ${(error as Error).message}`);
      return 0;
    });
  };
  const timer = setInterval(() => {
    // One round at a time: a slow server must not pile rounds up.
    if (running !== null) return;
    running = runRound().finally(() => {
      running = null;
    });
  }, options.roundMs ?? DEFAULT_ROUND_MS);

  let stopped = false;
  return {
    stats: () => ({
      ...counts,
      reportsSent: { ...counts.reportsSent },
      tasksStarted: workers.reduce((sum, worker) => sum + worker.tasksStarted, 0),
      connectedPhones: workers.filter((worker) => worker.isConnected()).length,
    }),
    sendReport: send,
    runRound: async () => {
      while (running !== null) await running;
      await runRound();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await running;
      for (const worker of workers) worker.close();
    },
  };
}
