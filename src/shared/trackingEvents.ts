/**
 * socket.io event maps for live grid-worker tracking (DESIGN.md §4), shared by the
 * server gateway and the client feeds so that both sides are typed against one contract:
 * `new Server<DeviceClientToServerEvents, DeviceServerToClientEvents>()` and
 * `io(url) as Socket<LiveServerToClientEvents, LiveClientToServerEvents>`. Types and constants only.
 */
import type { Fix, WorkerStatus } from '../domain/tracking/fix';
import type { GridTransitionEvent } from '../domain/tracking/gridTransitions';
import type { FixRejectReason } from '../domain/tracking/validateFix';
import type {
  DeviceIncidentReport,
  DeviceIncidentResult,
  DeviceTask,
  DeviceTaskCommand,
  IncidentFeedEvent,
  IncidentResyncRequest,
  IncidentResyncError,
  IncidentResyncResponse,
} from './incidents';
import type { SecurityAlert } from './securityAlerts';
import type { EmergencyScenarioPush } from './emergencyScenario';

export const DEVICE_NAMESPACE = '/device';
export const LIVE_NAMESPACE = '/live';

/** A device sends at most this many fixes per `fixes` event; it chunks a longer backlog. */
export const MAX_FIXES_PER_BATCH = 500;
/**
 * Positions go out to screens once per tick (DESIGN.md §4), not once per fix. A fix waits up to
 * one tick, so the tick bounds ingest-to-screen latency: 200 ms keeps p99 under the 300 ms target
 * a screen needs (500 ms could not), and at 1 Hz a worker is still in at most one frame per second.
 */
export const POSITION_TICK_MS = 200;

// ---- /device: grid workers' phones and simulators ----

/** Handshake `auth` of a device connection. */
export interface DeviceHandshakeAuth {
  deviceToken: string;
}

/**
 * A fix as a device sends it. There is no worker id: the server takes it from the device token,
 * so a device can never write another worker's track.
 */
export type DeviceFix = Omit<Fix, 'workerId'>;

export interface RejectedFix {
  fixTimeMs: number;
  reason: FixRejectReason;
}

/**
 * The answer to a `fixes` batch, sent once the accepted fixes are committed. The device may
 * forget every fix time in `acknowledgedFixTimesMs` (stored, already stored, or rejected for good)
 * and must resend the rest, no sooner than `retryAfterMs` when it was throttled.
 */
export interface FixBatchAck {
  acknowledgedFixTimesMs: number[];
  storedCount: number;
  duplicateCount: number;
  rejected: RejectedFix[];
  /** Set when the device is sending too fast; the unacknowledged fixes wait this long. */
  retryAfterMs: number | null;
}

export interface DeviceClientToServerEvents {
  fixes: (fixes: DeviceFix[], ack: (result: FixBatchAck) => void) => void;
  /** The worker pressed (active) or cleared the SOS button. */
  sos: (request: { active: boolean; atMs: number }, ack: (result: { ok: boolean }) => void) => void;
  /** A new incident reported on the device; resent until acknowledged, created once. */
  reportIncident: (
    report: DeviceIncidentReport,
    ack: (result: DeviceIncidentResult) => void,
  ) => void;
  /** The worker moves an assigned incident on (handle, feedback). */
  taskCommand: (command: DeviceTaskCommand, ack: (result: DeviceIncidentResult) => void) => void;
}

export interface DeviceServerToClientEvents {
  /** The device token was revoked: the server disconnects right after this. */
  tokenRevoked: () => void;
  /** A dispatcher assigned an incident to this worker; sent again on reconnect until handled. */
  task: (task: DeviceTask) => void;
}

// ---- /live: screens (command hall wall, dispatchers) ----

/** A worker as screens list it; the frame carries only the numeric id. */
export interface WorkerDirectoryEntry {
  workerId: number;
  /** Masked where the viewer's mode requires it (DESIGN.md §6). */
  displayName: string;
  gridCodes: string[];
  status: WorkerStatus;
}

export interface WorkerStatusChange {
  workerId: number;
  status: WorkerStatus;
  previousStatus: WorkerStatus;
  atMs: number;
}

export type SubscribeResult =
  | {
      ok: true;
      gridCodes: string[];
      /** Every worker in the subscribed scopes, so a (re)connected screen has no ghosts. */
      workers: WorkerDirectoryEntry[];
    }
  | { ok: false; error: 'out_of_scope' | 'invalid_grid_code'; refusedGridCodes: string[] };

/** Binary position frame (src/shared/positionFrame.ts): ArrayBuffer in browsers, Buffer in Node. */
export type PositionFrameBytes = ArrayBuffer | Uint8Array;

export interface LiveClientToServerEvents {
  /** Replaces the screen's subscription; an empty list subscribes to nothing. */
  subscribe: (request: { gridCodes: string[] }, ack: (result: SubscribeResult) => void) => void;
  /**
   * INCIDENT_RESYNC_EVENT: the events after `afterSequence` in the screen's scopes.
   * Send it on every connect; incident events flow live after the reply with `hasMore: false`.
   */
  incidentResync: (
    request: IncidentResyncRequest,
    ack: (response: IncidentResyncResponse | IncidentResyncError) => void,
  ) => void;
}

export interface LiveServerToClientEvents {
  /**
   * One tick's newest position per changed worker in the subscribed scopes. The screen calls
   * `ack` once it has applied the frame; until then the server sends no further frame to it and
   * keeps only the newest position per worker, so a slow screen never builds up a queue.
   */
  positions: (frame: PositionFrameBytes, ack: () => void) => void;
  workerStatus: (changes: WorkerStatusChange[]) => void;
  gridTransitions: (events: GridTransitionEvent[]) => void;
  /** Workers appeared in or left the subscribed scopes (assignments changed). */
  workers: (entries: WorkerDirectoryEntry[]) => void;
  /** Part of the subscription is no longer allowed; nothing more flows for these codes. */
  scopeRevoked: (revoked: { gridCodes: string[] }) => void;
  /** To administrators only: someone went past a security limit (securityAlerts.ts). */
  securityAlert: (alert: SecurityAlert) => void;
  /** INCIDENT_FEED_EVENT: one incident change in the screen's scopes, in sequence order. */
  incidentChanged: (event: IncidentFeedEvent) => void;
  /**
   * EMERGENCY_SCENARIO_EVENT: the active emergency scenario with the counts of the screen's
   * scope, on connect (null: none) and on every change; null once it ended.
   */
  emergencyScenario: (push: EmergencyScenarioPush) => void;
}
