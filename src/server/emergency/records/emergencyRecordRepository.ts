/**
 * Storage of emergency records and of their sensors' tokens, readings and states, by interface:
 * the use cases here never see SQL (the SQLite adapters are in src/server/store).
 */
import type {
  EmergencyRecordKind,
  RecordAttributes,
} from '../../../domain/emergency/records/emergencyRecordKinds';
import type { SensorReading } from '../../../domain/emergency/records/sensorAlarm';
import type { LonLat } from '../../../domain/registry';

/** A record as stored: attributes without the contact phone, which is sealed apart. */
export interface StoredEmergencyRecord {
  id: number;
  kind: EmergencyRecordKind;
  name: string;
  location: LonLat | null;
  gridCode: string | null;
  attributes: RecordAttributes;
  /** The contact phone as masked at write time, or null. */
  contactMasked: string | null;
  demo: boolean;
  updatedAt: string;
}

export interface EmergencyRecordWrite {
  kind: EmergencyRecordKind;
  name: string;
  location: LonLat | null;
  gridCode: string | null;
  attributes: RecordAttributes;
  /** undefined: keep the stored contact (updates); null: none; a string: seal this one. */
  contactPhone: string | null | undefined;
  demo: boolean;
  at: string;
  by: string;
}

export interface EmergencyRecordRepository {
  listRecords(kind: EmergencyRecordKind | null): StoredEmergencyRecord[];
  findRecord(id: number): StoredEmergencyRecord | null;
  findRecordByName(kind: EmergencyRecordKind, name: string): StoredEmergencyRecord | null;
  /** Throws a DuplicateRecordError when the kind already has a record of that name. */
  insertRecord(record: EmergencyRecordWrite): number;
  updateRecord(id: number, record: EmergencyRecordWrite): void;
  deleteRecord(id: number): boolean;
  /** Inserts or updates by (kind, name), all in one transaction. */
  upsertRecords(records: readonly EmergencyRecordWrite[]): void;
  /** Replaces every demo record with these (one transaction). */
  replaceDemoRecords(records: readonly EmergencyRecordWrite[]): void;
}

export interface SensorState {
  sensorId: number;
  lastReadingMs: number | null;
  lastValue: number | null;
  stale: boolean;
  alarmIncidentId: string | null;
}

export interface SensorRepository {
  insertSensorToken(token: { sensorId: number; tokenHash: string; at: string; by: string }): void;
  /** The sensor of a live (not revoked) token, or null. */
  sensorIdByTokenHash(tokenHash: string): number | null;
  /** Revokes every token of the sensor; answers how many were live. */
  revokeSensorTokens(sensorId: number, at: string): number;
  /** Stores readings not stored before, in one transaction; answers the times newly stored. */
  insertReadings(
    sensorId: number,
    readings: readonly SensorReading[],
    receivedMs: number,
  ): number[];
  readingsSince(sensorId: number, sinceMs: number): SensorReading[];
  sensorStates(): SensorState[];
  saveSensorState(state: SensorState): void;
  /** Each PM2.5 sensor's mean since `sinceMs`, with its base grid. */
  pm25MeansSince(sinceMs: number): Array<{ sensorId: number; gridCode: string; meanUgM3: number }>;
}

export class DuplicateRecordError extends Error {}
