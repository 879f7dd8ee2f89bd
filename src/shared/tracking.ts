/**
 * REST wire types of live tracking: workers, their day, replay tracks, device tokens,
 * ingest counters and user scopes. The socket events are in trackingEvents.ts, the binary
 * position frame in positionFrame.ts. Types and constants only.
 *
 * Worker tracks are personal information (DESIGN.md §6): every route checks the caller's scope
 * against the worker's grids, and reading a track (replay) writes an audit row.
 */
import type { WorkerStatus } from '../domain/tracking/fix';
import type { FixRejectReason } from '../domain/tracking/validateFix';
import { API_PREFIX } from './api';

/** GET: workers in the caller's scope (`?grid=<code prefix>` narrows it). */
export const WORKERS_API_PATH = `${API_PREFIX}/workers`;
/** GET `${WORKERS_API_PATH}/:workerId/today`: the worker card. */
export const WORKER_TODAY_SUFFIX = 'today';
/** GET: replay tracks, `?workerIds=1,2&fromMs=&toMs=&maxPoints=` (audited). */
export const TRACKS_API_PATH = `${API_PREFIX}/tracks`;
/** GET (list), POST (issue) device tokens; DELETE `${DEVICES_API_PATH}/:deviceId` revokes. Admin only. */
export const DEVICES_API_PATH = `${API_PREFIX}/devices`;
/** POST: pairs the signed-in grid worker's phone (answers a device token once). */
export const DEVICE_PAIRING_API_PATH = `${DEVICES_API_PATH}/pair`;
/** POST with `Authorization: Device <token>`: the phone signs out, revoking its own token. */
export const DEVICE_UNPAIR_API_PATH = `${API_PREFIX}/device/unpair`;

/** The answer to a pairing: the phone's device token and the worker it acts as. */
export interface PairedDevice {
  deviceId: number;
  workerId: number;
  workerName: string;
  workerNameEn: string;
  label: string;
  token: string;
}
/** GET: ingest counters (rejections per reason, duplicates, throttling). Admin only. */
export const TRACKING_STATS_API_PATH = `${API_PREFIX}/tracking/stats`;
/** PUT `${USERS_API_PATH}/:username/scopes`: replaces a user's scopes; live flows outside stop at once. Admin only. */
export const USERS_API_PATH = `${API_PREFIX}/users`;

/** Positions older than this are purged (PIPL: keep whereabouts no longer than needed). */
export const DEFAULT_POSITION_RETENTION_DAYS = 30;
/** A replay returns at most this many points per worker; longer ranges are downsampled. */
export const MAX_REPLAY_POINTS = 5000;
export const DEFAULT_REPLAY_POINTS = 2000;
/**
 * Workers in one replay: more tracks than this turn the wall into spaghetti, so the panel stops
 * offering more and the server refuses a longer list (a dispatcher compares a handful).
 */
export const MAX_REPLAY_WORKERS = 8;
/** Longest replay range one request may ask for. */
export const MAX_REPLAY_RANGE_MS = 7 * 24 * 60 * 60 * 1000;

export interface LonLatTime {
  fixTimeMs: number;
  lon: number;
  lat: number;
}

export interface WorkerSummary {
  workerId: number;
  /** Masked ("张*") for callers without the reveal permission (viewer, big screen, tour). */
  displayName: string;
  gridCodes: string[];
  /** Names of the worker's base grids, same order as gridCodes. */
  gridNames: string[];
  status: WorkerStatus;
  lastFix: LonLatTime | null;
}

export interface WorkerStopView {
  startMs: number;
  endMs: number;
  lon: number;
  lat: number;
}

/** The worker card: today's figures, computed on the server from the stored track. */
export interface WorkerToday {
  worker: WorkerSummary;
  /** Start of the district's local day, epoch ms. */
  dayStartMs: number;
  fixCount: number;
  distanceWalkedM: number;
  /** Share of the street length of the worker's grids walked today, 0–1. */
  patrolCoverage: number;
  walkedStreetM: number;
  gridStreetM: number;
  stops: WorkerStopView[];
}

export interface WorkerTrack {
  workerId: number;
  displayName: string;
  /** Ordered by fix time. */
  points: LonLatTime[];
  stops: WorkerStopView[];
  /** Fixes stored in the range before downsampling. */
  storedCount: number;
  downsampled: boolean;
}

export interface TracksResponse {
  fromMs: number;
  toMs: number;
  tracks: WorkerTrack[];
}

export interface DeviceTokenInfo {
  deviceId: number;
  workerId: number;
  label: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
}

export interface IssueDeviceTokenRequest {
  workerId: number;
  label: string;
}

/** The only time the token itself is shown; the server keeps its hash. */
export interface IssuedDeviceToken extends DeviceTokenInfo {
  token: string;
}

export interface TrackingStats {
  storedFixes: number;
  duplicateFixes: number;
  rejectedByReason: Record<FixRejectReason, number>;
  throttledBatches: number;
  oversizedFrames: number;
  purgedFixes: number;
  connectedDevices: number;
  connectedScreens: number;
}

export interface UpdateScopesRequest {
  scopes: string[];
}
