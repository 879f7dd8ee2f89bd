/**
 * The PostgreSQL adapter of SensorRepository (migration 0007's emergency section), checked with
 * the SQLite one by emergency/records/emergencyRecords.contract.test.ts: sensor tokens (sha-256
 * only), readings stored once per (sensor, time) by `ON CONFLICT DO NOTHING RETURNING`, and
 * states; the stale flag is one conditional UPDATE on the newest reading the check read.
 */
import type { SensorReading } from '../../../domain/emergency/records/sensorAlarm';
import type {
  SensorRepository,
  SensorState,
} from '../../emergency/records/emergencyRecordRepository';
import type { PostgresPool } from './postgresPool';

type Row = Record<string, unknown>;

const STATES_SQL =
  'SELECT r.id AS sensor_id, s.last_reading_ms, s.last_value, COALESCE(s.stale, true) AS stale, ' +
  's.alarm_incident_id FROM emergency_records r LEFT JOIN sensor_states s ON s.sensor_id = r.id ' +
  "WHERE r.kind = 'sensor'";

function toState(row: Row): SensorState {
  return {
    sensorId: Number(row.sensor_id),
    lastReadingMs: row.last_reading_ms as number | null,
    lastValue: row.last_value as number | null,
    stale: row.stale === true,
    alarmIncidentId: row.alarm_incident_id as string | null,
  };
}

export class PostgresSensors implements SensorRepository {
  constructor(private readonly pool: PostgresPool) {}

  async insertSensorToken(token: {
    sensorId: number;
    tokenHash: string;
    at: string;
    by: string;
  }): Promise<void> {
    await this.pool.query(
      'INSERT INTO sensor_tokens (token_hash, sensor_id, created_at, created_by) VALUES ($1, $2, $3, $4)',
      [token.tokenHash, token.sensorId, token.at, token.by],
    );
  }

  async sensorIdByTokenHash(tokenHash: string): Promise<number | null> {
    const { rows } = await this.pool.query(
      'SELECT sensor_id FROM sensor_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
      [tokenHash],
    );
    const row = (rows as Row[])[0];
    return row === undefined ? null : Number(row.sensor_id);
  }

  async revokeSensorTokens(sensorId: number, at: string): Promise<number> {
    const { rowCount } = await this.pool.query(
      'UPDATE sensor_tokens SET revoked_at = $1 WHERE sensor_id = $2 AND revoked_at IS NULL',
      [at, sensorId],
    );
    return rowCount ?? 0;
  }

  async insertReadings(
    sensorId: number,
    readings: readonly SensorReading[],
    receivedMs: number,
  ): Promise<number[]> {
    if (readings.length === 0) return [];
    // One statement: atomic as SQLite's transaction; a NOT NULL error still fails loudly.
    const { rows } = await this.pool.query(
      'INSERT INTO sensor_readings (sensor_id, reading_ms, value, received_ms) ' +
        'SELECT $1, reading.at_ms, reading.value, $4 ' +
        'FROM unnest($2::bigint[], $3::double precision[]) AS reading(at_ms, value) ' +
        'ON CONFLICT (sensor_id, reading_ms) DO NOTHING RETURNING reading_ms',
      [
        sensorId,
        readings.map((reading) => reading.atMs),
        readings.map((reading) => reading.value),
        receivedMs,
      ],
    );
    const stored = new Set((rows as Row[]).map((row) => Number(row.reading_ms)));
    // In the batch's order, as SQLite answers.
    return readings.map((reading) => reading.atMs).filter((atMs) => stored.has(atMs));
  }

  async readingsSince(sensorId: number, sinceMs: number): Promise<SensorReading[]> {
    const { rows } = await this.pool.query(
      'SELECT reading_ms, value FROM sensor_readings WHERE sensor_id = $1 AND reading_ms >= $2 ' +
        'ORDER BY reading_ms',
      [sensorId, sinceMs],
    );
    return (rows as Row[]).map((row) => ({
      atMs: Number(row.reading_ms),
      value: Number(row.value),
    }));
  }

  async sensorStates(): Promise<SensorState[]> {
    const { rows } = await this.pool.query(`${STATES_SQL} ORDER BY r.id`);
    return (rows as Row[]).map(toState);
  }

  async sensorState(sensorId: number): Promise<SensorState | null> {
    const { rows } = await this.pool.query(`${STATES_SQL} AND r.id = $1`, [sensorId]);
    const row = (rows as Row[])[0];
    return row === undefined ? null : toState(row);
  }

  async saveSensorState(state: SensorState): Promise<void> {
    await this.pool.query(
      'INSERT INTO sensor_states (sensor_id, last_reading_ms, last_value, stale, alarm_incident_id) ' +
        'VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sensor_id) DO UPDATE SET ' +
        'last_reading_ms = excluded.last_reading_ms, last_value = excluded.last_value, ' +
        'stale = excluded.stale, alarm_incident_id = excluded.alarm_incident_id',
      [state.sensorId, state.lastReadingMs, state.lastValue, state.stale, state.alarmIncidentId],
    );
  }

  async setSensorStale(
    sensorId: number,
    stale: boolean,
    lastReadingMs: number | null,
  ): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE sensor_states SET stale = $1 WHERE sensor_id = $2 ' +
        'AND last_reading_ms IS NOT DISTINCT FROM $3::bigint',
      [stale, sensorId, lastReadingMs],
    );
    return rowCount === 1;
  }

  async pm25MeansSince(
    sinceMs: number,
  ): Promise<Array<{ sensorId: number; gridCode: string; meanUgM3: number }>> {
    const { rows } = await this.pool.query(
      'SELECT r.id, r.grid_code, AVG(v.value) AS mean FROM emergency_records r ' +
        'JOIN sensor_readings v ON v.sensor_id = r.id ' +
        "WHERE r.kind = 'sensor' AND r.attributes::jsonb ->> 'sensorType' = 'pm25' " +
        'AND r.grid_code IS NOT NULL AND v.reading_ms >= $1 GROUP BY r.id ORDER BY r.id',
      [sinceMs],
    );
    return (rows as Row[]).map((row) => ({
      sensorId: Number(row.id),
      gridCode: String(row.grid_code),
      meanUgM3: Number(row.mean),
    }));
  }
}
