/**
 * Column lists and row-to-record conversion for the tracking tables in SQLite, apart from the
 * store's queries: the position columns are shared by its reads and its batch writer.
 */
import type { Position } from '../../domain/tracking/fix';
import type { DeviceTokenRecord, WorkerRecord } from '../tracking/trackingRepository';

export interface WorkerRow {
  id: number;
  name: string;
  name_en: string;
  grid_codes: string | null;
}

export interface DeviceTokenRow {
  id: number;
  worker_id: number;
  label: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  demo: number;
}

export interface PositionRow {
  worker_id: number;
  fix_time_ms: number;
  lon: number;
  lat: number;
  accuracy_m: number;
  speed_mps: number | null;
  heading_deg: number | null;
  received_at_ms: number;
}

export const WORKER_SELECT =
  'SELECT w.id, w.name, w.name_en, ' +
  "(SELECT group_concat(grid_code, ',') FROM (SELECT grid_code FROM worker_grids g WHERE g.worker_id = w.id ORDER BY grid_code)) AS grid_codes " +
  'FROM workers w';
export const TOKEN_COLUMNS = 'id, worker_id, label, created_at, created_by, revoked_at, demo';
export const POSITION_COLUMNS =
  'worker_id, fix_time_ms, lon, lat, accuracy_m, speed_mps, heading_deg, received_at_ms';

export function toWorker(row: WorkerRow): WorkerRecord {
  return {
    workerId: row.id,
    name: row.name,
    nameEn: row.name_en,
    gridCodes: row.grid_codes === null || row.grid_codes === '' ? [] : row.grid_codes.split(','),
  };
}

export function toDeviceToken(row: DeviceTokenRow): DeviceTokenRecord {
  return {
    deviceId: row.id,
    workerId: row.worker_id,
    label: row.label,
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
    demo: row.demo === 1,
  };
}

export function toPosition(row: PositionRow): Position {
  return {
    workerId: row.worker_id,
    fixTimeMs: row.fix_time_ms,
    lon: row.lon,
    lat: row.lat,
    accuracyM: row.accuracy_m,
    speedMps: row.speed_mps,
    headingDeg: row.heading_deg,
    receivedAtMs: row.received_at_ms,
  };
}
