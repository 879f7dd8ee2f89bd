/**
 * Wire types of the emergency records (hazard sources, resources, shelters, sensors, video
 * points, plans) and of the sensors' ingest. The fields of each kind are declared once, in
 * src/domain/emergency/records/emergencyRecordKinds; a contact phone is always masked here.
 */
import { EMERGENCY_API_PATH } from './emergency';
import type {
  EmergencyRecordKind,
  RecordAttributes,
} from '../domain/emergency/records/emergencyRecordKinds';
import type { LonLat } from '../domain/registry';

export const EMERGENCY_RECORDS_PATH = `${EMERGENCY_API_PATH}/records`;
export const AIR_QUALITY_PATH = `${EMERGENCY_API_PATH}/air-quality`;
/** socket.io namespace of the sensors (device tokens of their own, decision 0034). */
export const SENSOR_NAMESPACE = '/sensor';
export const MAX_READINGS_PER_BATCH = 500;

export interface SensorStatus {
  lastReadingAtMs: number | null;
  lastValue: number | null;
  /** Silent for longer than SENSOR_STALE_AFTER_MS. */
  stale: boolean;
  /** The incident raised by the current or last sustained exceedance, if any. */
  alarmIncidentId: string | null;
}

export interface EmergencyRecordView {
  id: number;
  kind: EmergencyRecordKind;
  name: string;
  /** Null for plans, which have no place. */
  location: LonLat | null;
  /** The base grid under the point; null outside the district or without a place. */
  gridCode: string | null;
  /** The kind's fields; `contactPhone` is masked (last four digits only). */
  attributes: RecordAttributes;
  /** Generated demo data (演示数据). */
  demo: boolean;
  updatedAt: string;
  /** Sensors only. */
  sensor?: SensorStatus;
}

/** Body of POST /api/emergency/records and PUT /api/emergency/records/:id. */
export interface EmergencyRecordInput {
  kind: EmergencyRecordKind;
  name: string;
  location: LonLat | null;
  /** Field key → value; an update without `contactPhone` keeps the stored one. */
  attributes: Record<string, string | number | string[]>;
}

export interface IssuedSensorToken {
  sensorId: number;
  /** Shown once; only its sha-256 is stored. */
  token: string;
}

/** One reading as a sensor sends it. */
export interface SensorReadingInput {
  atMs: number;
  value: number;
}

export interface SensorReadingsAck {
  /** Reading times now safe to drop from the sensor's outbox (stored, duplicate or rejected). */
  acknowledgedAtMs: number[];
  storedCount: number;
  duplicateCount: number;
  rejected: Array<{ atMs: number | null; reason: string }>;
  /** Set when the sensor sent too much: nothing was read; send again after this long. */
  retryAfterMs?: number;
}

export interface SensorClientToServerEvents {
  readings(readings: SensorReadingInput[], ack: (result: SensorReadingsAck) => void): void;
}

export interface SensorServerToClientEvents {
  tokenRevoked(): void;
}

/** One base grid's PM2.5 over the past 24 hours, banded by HJ 633-2012. */
export interface GridAirQuality {
  gridCode: string;
  /** Mean of the grid's PM2.5 sensors' 24-hour means, µg/m³. */
  pm25UgM3: number;
  iaqi: number;
  /** 1 (优) … 6 (严重污染). */
  level: number;
  sensors: number;
}
