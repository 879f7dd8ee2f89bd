/**
 * Storage of emergency records and of their sensors' tokens, readings and states, by interface:
 * the use cases here never see SQL (adapters: store/sqliteEmergencyRecordStore.ts and
 * store/sqliteSensorStore.ts, store/pg/postgresEmergencyRecords.ts; one contract suite,
 * emergencyRecords.contract.test.ts). Every method is one transaction on either engine.
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
  listRecords(kind: EmergencyRecordKind | null): Promise<StoredEmergencyRecord[]>;
  findRecord(id: number): Promise<StoredEmergencyRecord | null>;
  findRecordByName(kind: EmergencyRecordKind, name: string): Promise<StoredEmergencyRecord | null>;
  /** Rejects with a DuplicateRecordError when the kind already has a record of that name. */
  insertRecord(record: EmergencyRecordWrite): Promise<number>;
  /** False when no record has the id (deleted meanwhile). */
  updateRecord(id: number, record: EmergencyRecordWrite): Promise<boolean>;
  deleteRecord(id: number): Promise<boolean>;
  /** Inserts or updates by (kind, name), all in one transaction. */
  upsertRecords(records: readonly EmergencyRecordWrite[]): Promise<void>;
  /** Replaces every demo record with these (one transaction). */
  replaceDemoRecords(records: readonly EmergencyRecordWrite[]): Promise<void>;
}

export interface SensorState {
  sensorId: number;
  lastReadingMs: number | null;
  lastValue: number | null;
  stale: boolean;
  alarmIncidentId: string | null;
}

export interface SensorRepository {
  insertSensorToken(token: {
    sensorId: number;
    tokenHash: string;
    at: string;
    by: string;
  }): Promise<void>;
  /** The sensor of a live (not revoked) token, or null. */
  sensorIdByTokenHash(tokenHash: string): Promise<number | null>;
  /** Revokes every token of the sensor; answers how many were live. */
  revokeSensorTokens(sensorId: number, at: string): Promise<number>;
  /** Stores readings not stored before, in one transaction; answers the times newly stored. */
  insertReadings(
    sensorId: number,
    readings: readonly SensorReading[],
    receivedMs: number,
  ): Promise<number[]>;
  readingsSince(sensorId: number, sinceMs: number): Promise<SensorReading[]>;
  /** Every sensor record's state (a sensor never heard from: stale, nothing read). */
  sensorStates(): Promise<SensorState[]>;
  /** One sensor's state, as sensorStates has it; null when no sensor record has the id. */
  sensorState(sensorId: number): Promise<SensorState | null>;
  saveSensorState(state: SensorState): Promise<void>;
  /**
   * Sets the stale flag only while the sensor's newest reading is still `lastReadingMs` (as the
   * stale check read it): a reading stored meanwhile wins. Answers whether it was set.
   */
  setSensorStale(sensorId: number, stale: boolean, lastReadingMs: number | null): Promise<boolean>;
  /** Each PM2.5 sensor's mean since `sinceMs`, with its base grid. */
  pm25MeansSince(
    sinceMs: number,
  ): Promise<Array<{ sensorId: number; gridCode: string; meanUgM3: number }>>;
}

export class DuplicateRecordError extends Error {}
