/**
 * SQLite adapter of SensorRepository (`sqliteSensors`, over the synchronous store): sensor
 * tokens, readings (deduplicated by key) and states.
 */
import type { SensorReading } from '../../domain/emergency/records/sensorAlarm';
import type { SensorRepository, SensorState } from '../emergency/records/emergencyRecordRepository';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { StatementCache } from './statementCache';

interface StateRow {
  sensor_id: number;
  last_reading_ms: number | null;
  last_value: number | null;
  stale: number;
  alarm_incident_id: string | null;
}

const STATES_SQL =
  'SELECT r.id AS sensor_id, s.last_reading_ms, s.last_value, COALESCE(s.stale, 1) AS stale, ' +
  's.alarm_incident_id FROM emergency_records r LEFT JOIN sensor_states s ON s.sensor_id = r.id ' +
  "WHERE r.kind = 'sensor'";

function toState(row: StateRow): SensorState {
  return {
    sensorId: row.sensor_id,
    lastReadingMs: row.last_reading_ms,
    lastValue: row.last_value,
    stale: row.stale === 1,
    alarmIncidentId: row.alarm_incident_id,
  };
}

export function sqliteSensors(db: SqliteDatabase): SensorRepository {
  return promisedMethods(new SqliteSensorStore(db), [
    'insertSensorToken',
    'sensorIdByTokenHash',
    'revokeSensorTokens',
    'insertReadings',
    'readingsSince',
    'sensorStates',
    'sensorState',
    'saveSensorState',
    'setSensorStale',
    'pm25MeansSince',
  ]);
}

export class SqliteSensorStore {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  insertSensorToken(token: { sensorId: number; tokenHash: string; at: string; by: string }): void {
    this.statements
      .get(
        'INSERT INTO sensor_tokens (token_hash, sensor_id, created_at, created_by) VALUES (?, ?, ?, ?)',
      )
      .run(token.tokenHash, token.sensorId, token.at, token.by);
  }

  sensorIdByTokenHash(tokenHash: string): number | null {
    const row = this.statements
      .get('SELECT sensor_id FROM sensor_tokens WHERE token_hash = ? AND revoked_at IS NULL')
      .get(tokenHash) as { sensor_id: number } | undefined;
    return row?.sensor_id ?? null;
  }

  revokeSensorTokens(sensorId: number, at: string): number {
    return this.statements
      .get('UPDATE sensor_tokens SET revoked_at = ? WHERE sensor_id = ? AND revoked_at IS NULL')
      .run(at, sensorId).changes;
  }

  insertReadings(
    sensorId: number,
    readings: readonly SensorReading[],
    receivedMs: number,
  ): number[] {
    // ON CONFLICT DO NOTHING, not INSERT OR IGNORE: a NOT NULL error must still fail loudly.
    const insert = this.statements.get(
      'INSERT INTO sensor_readings (sensor_id, reading_ms, value, received_ms) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (sensor_id, reading_ms) DO NOTHING',
    );
    return this.db.transaction(() =>
      readings
        .filter(
          (reading) => insert.run(sensorId, reading.atMs, reading.value, receivedMs).changes > 0,
        )
        .map((reading) => reading.atMs),
    )();
  }

  readingsSince(sensorId: number, sinceMs: number): SensorReading[] {
    return this.statements
      .get(
        'SELECT reading_ms AS atMs, value FROM sensor_readings WHERE sensor_id = ? AND reading_ms >= ? ' +
          'ORDER BY reading_ms',
      )
      .all(sensorId, sinceMs) as SensorReading[];
  }

  sensorStates(): SensorState[] {
    const rows = this.statements.get(`${STATES_SQL} ORDER BY r.id`).all() as StateRow[];
    return rows.map(toState);
  }

  sensorState(sensorId: number): SensorState | null {
    const row = this.statements.get(`${STATES_SQL} AND r.id = ?`).get(sensorId) as
      StateRow | undefined;
    return row === undefined ? null : toState(row);
  }

  setSensorStale(sensorId: number, stale: boolean, lastReadingMs: number | null): boolean {
    // A sensor never heard from has no row: the stale check finds it stale already.
    return (
      this.statements
        .get('UPDATE sensor_states SET stale = ? WHERE sensor_id = ? AND last_reading_ms IS ?')
        .run(stale ? 1 : 0, sensorId, lastReadingMs).changes > 0
    );
  }

  saveSensorState(state: SensorState): void {
    this.statements
      .get(
        'INSERT INTO sensor_states (sensor_id, last_reading_ms, last_value, stale, alarm_incident_id) ' +
          'VALUES (?, ?, ?, ?, ?) ON CONFLICT (sensor_id) DO UPDATE SET ' +
          'last_reading_ms = excluded.last_reading_ms, last_value = excluded.last_value, ' +
          'stale = excluded.stale, alarm_incident_id = excluded.alarm_incident_id',
      )
      .run(
        state.sensorId,
        state.lastReadingMs,
        state.lastValue,
        state.stale ? 1 : 0,
        state.alarmIncidentId,
      );
  }

  pm25MeansSince(sinceMs: number): Array<{ sensorId: number; gridCode: string; meanUgM3: number }> {
    return this.statements
      .get(
        'SELECT r.id AS sensorId, r.grid_code AS gridCode, AVG(v.value) AS meanUgM3 ' +
          'FROM emergency_records r JOIN sensor_readings v ON v.sensor_id = r.id ' +
          "WHERE r.kind = 'sensor' AND json_extract(r.attributes, '$.sensorType') = 'pm25' " +
          'AND r.grid_code IS NOT NULL AND v.reading_ms >= ? GROUP BY r.id',
      )
      .all(sinceMs) as Array<{ sensorId: number; gridCode: string; meanUgM3: number }>;
  }
}
