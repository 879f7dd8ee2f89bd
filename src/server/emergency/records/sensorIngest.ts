/**
 * A sensor's batch of readings: each checked (time and value), stored once per (sensor, time),
 * the sensor's state brought forward, and its exceedance judged on what is stored. A sustained
 * exceedance raises one incident (source `sensor`, by the system actor `sensor:<id>`) with the
 * sensor and the reading in its text; no new one while that incident is still open.
 * A sensor's batches are ingested one after another in this process: the state read, the
 * judgement and the state written are several store calls now, and two batches of one sensor
 * judged side by side would both see no open alarm and raise two incidents. Across nodes (a
 * sensor that reconnected to another node while a batch was under way, two sockets of one sensor
 * on two nodes) the judgement runs under the sensor's lease in the database (`alarmLease`): the
 * state is read after the lease is taken, so a second node sees the first one's alarm.
 */
import { recordKindDefinition } from '../../../domain/emergency/records/emergencyRecordKinds';
import {
  DEFAULT_EXCEEDANCE_RULE,
  shouldRaiseIncident,
  sustainedExceedance,
  type ExceedanceRule,
  type SensorReading,
} from '../../../domain/emergency/records/sensorAlarm';
import { isOpenIncident, type Incident } from '../../../domain/incidents/incident';
import { MAX_FUTURE_SKEW_MS } from '../../../domain/tracking/validateFix';
import type { SensorReadingsAck } from '../../../shared/emergencyRecords';
import type { LeaseStore } from '../../cluster/leaderLease';
import type { IncidentService } from '../../incidents/incidentService';
import type {
  EmergencyRecordRepository,
  SensorRepository,
  SensorState,
  StoredEmergencyRecord,
} from './emergencyRecordRepository';

/** Readings older than this are refused: a week-old backlog is history, not a live alarm. */
export const MAX_READING_AGE_MS = 7 * 24 * 3_600_000;
/** Largest accepted value, in the sensor's unit; beyond it the device is broken. */
export const MAX_READING_VALUE = 1_000_000;
/** Incident category of a sensor alarm. */
export const SENSOR_INCIDENT_CATEGORY = 'emergency';

/** How long a node may judge one sensor's batch before another may take over (it crashed). */
export const SENSOR_ALARM_LEASE_MS = 30_000;
const SENSOR_ALARM_LEASE_POLL_MS = 50;

export interface SensorIngestDeps {
  records: Pick<EmergencyRecordRepository, 'findRecord'>;
  sensors: SensorRepository;
  incidents: Pick<IncidentService, 'reportFrom' | 'findIncident'>;
  nowMs: () => number;
  rule?: ExceedanceRule;
  /**
   * Several nodes on one database: each sensor's judgement takes the lease `sensor-alarm:<id>`
   * as `holder` (this node) first. Absent: this process is alone.
   */
  alarmLease?: { store: LeaseStore; holder: string };
}

function rejectionOf(reading: unknown, nowMs: number): string | null {
  if (typeof reading !== 'object' || reading === null) return 'not-an-object';
  const { atMs, value } = reading as { atMs?: unknown; value?: unknown };
  if (typeof atMs !== 'number' || !Number.isInteger(atMs)) return 'time-invalid';
  if (atMs > nowMs + MAX_FUTURE_SKEW_MS) return 'time-in-future';
  if (atMs < nowMs - MAX_READING_AGE_MS) return 'time-too-old';
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'value-invalid';
  if (value < 0 || value > MAX_READING_VALUE) return 'value-out-of-range';
  return null;
}

function atMsOf(reading: unknown): number | null {
  const atMs = (reading as { atMs?: unknown } | null)?.atMs;
  return typeof atMs === 'number' && Number.isFinite(atMs) ? atMs : null;
}

export class SensorIngest {
  /** The last batch under way per sensor: the next one of that sensor waits for it. */
  private readonly turns = new Map<number, Promise<unknown>>();

  constructor(private readonly deps: SensorIngestDeps) {}

  ingest(sensorId: number, batch: readonly unknown[]): Promise<SensorReadingsAck> {
    const previous = this.turns.get(sensorId) ?? Promise.resolve();
    const turn = previous.then(() => this.ingestNow(sensorId, batch));
    const settled = turn.catch(() => {});
    this.turns.set(sensorId, settled);
    void settled.then(() => {
      if (this.turns.get(sensorId) === settled) this.turns.delete(sensorId);
    });
    return turn;
  }

  private async ingestNow(sensorId: number, batch: readonly unknown[]): Promise<SensorReadingsAck> {
    const nowMs = this.deps.nowMs();
    const accepted: SensorReading[] = [];
    const rejected: SensorReadingsAck['rejected'] = [];
    const seen = new Set<number>();
    let duplicateCount = 0;
    for (const reading of batch) {
      const reason = rejectionOf(reading, nowMs);
      if (reason !== null) {
        rejected.push({ atMs: atMsOf(reading), reason });
        continue;
      }
      const { atMs, value } = reading as SensorReading;
      if (seen.has(atMs)) duplicateCount++;
      else accepted.push({ atMs, value });
      seen.add(atMs);
    }
    const stored = await this.deps.sensors.insertReadings(sensorId, accepted, nowMs);
    duplicateCount += accepted.length - stored.length;
    if (stored.length > 0) await this.afterStored(sensorId, accepted, new Set(stored));
    return {
      acknowledgedAtMs: [
        ...seen,
        ...rejected.flatMap((entry) => (entry.atMs === null ? [] : [entry.atMs])),
      ],
      storedCount: stored.length,
      duplicateCount,
      rejected,
    };
  }

  private async afterStored(
    sensorId: number,
    accepted: SensorReading[],
    stored: Set<number>,
  ): Promise<void> {
    const record = await this.deps.records.findRecord(sensorId);
    if (record === null) return;
    await this.underAlarmLease(sensorId, () => this.judge(record, accepted, stored));
  }

  /** Runs `work` while this node holds the sensor's lease (waiting for another node's turn). */
  private async underAlarmLease(sensorId: number, work: () => Promise<void>): Promise<void> {
    const lease = this.deps.alarmLease;
    if (lease === undefined) return work();
    const name = `sensor-alarm:${sensorId}`;
    // Real time, not the server clock (tests freeze it): the lease must run out on a crash.
    const giveUpAt = Date.now() + 2 * SENSOR_ALARM_LEASE_MS;
    while (!(await lease.store.tryAcquire(name, lease.holder, Date.now(), SENSOR_ALARM_LEASE_MS))) {
      if (Date.now() > giveUpAt) throw new Error(`sensor ${sensorId}: judged elsewhere too long`);
      await new Promise((resolve) => setTimeout(resolve, SENSOR_ALARM_LEASE_POLL_MS));
    }
    try {
      await work();
    } finally {
      await lease.store.release(name, lease.holder);
    }
  }

  private async judge(
    record: StoredEmergencyRecord,
    accepted: SensorReading[],
    stored: Set<number>,
  ): Promise<void> {
    const sensorId = record.id;
    const state = await this.stateOf(sensorId);
    for (const reading of accepted) {
      if (!stored.has(reading.atMs)) continue;
      if (state.lastReadingMs === null || reading.atMs > state.lastReadingMs) {
        state.lastReadingMs = reading.atMs;
        state.lastValue = reading.value;
      }
    }
    state.stale = false;
    const threshold = Number(record.attributes['threshold']);
    const rule = this.deps.rule ?? DEFAULT_EXCEEDANCE_RULE;
    // Enough history for the run: its duration, plus room for readings a little apart.
    const window = await this.deps.sensors.readingsSince(
      sensorId,
      (state.lastReadingMs ?? 0) - 10 * rule.minDurationMs,
    );
    const run = sustainedExceedance(window, threshold, rule);
    const open = state.alarmIncidentId !== null && (await this.isOpen(state.alarmIncidentId));
    if (run !== null && shouldRaiseIncident(true, open)) {
      const incidentId = await this.raise(record, run, threshold);
      if (incidentId !== null) state.alarmIncidentId = incidentId;
    }
    await this.deps.sensors.saveSensorState(state);
  }

  private async raise(
    record: StoredEmergencyRecord,
    run: SensorReading[],
    threshold: number,
  ): Promise<string | null> {
    if (record.location === null) return null;
    const last = run[run.length - 1]!;
    const unit = String(record.attributes['unit'] ?? '');
    const minutes = Math.round((last.atMs - run[0]!.atMs) / 60_000);
    const kindZh = recordKindDefinition('sensor').zh;
    const outcome = await this.deps.incidents.reportFrom(
      { username: `sensor:${record.id}`, role: 'system' },
      {
        categoryCode: SENSOR_INCIDENT_CATEGORY,
        location: record.location,
        source: 'sensor',
        description:
          `${kindZh}“${record.name}”（编号 ${record.id}）持续超标：最新读数 ${last.value} ${unit}` +
          ` ≥ 阈值 ${threshold} ${unit}，连续 ${run.length} 次、约 ${minutes} 分钟。` +
          ` / Sensor "${record.name}" (#${record.id}) over its threshold: latest reading` +
          ` ${last.value} ${unit} ≥ ${threshold} ${unit}, ${run.length} readings in a row over` +
          ` about ${minutes} min.`,
        note: `sensor ${record.id}; reading ${last.value} at ${new Date(last.atMs).toISOString()}`,
      },
    );
    return outcome.ok ? outcome.incident.id : null;
  }

  private async isOpen(incidentId: string): Promise<boolean> {
    const incident: Incident | null = await this.deps.incidents.findIncident(incidentId);
    return incident !== null && isOpenIncident(incident);
  }

  private async stateOf(sensorId: number): Promise<SensorState> {
    return (
      (await this.deps.sensors.sensorState(sensorId)) ?? {
        sensorId,
        lastReadingMs: null,
        lastValue: null,
        stale: true,
        alarmIncidentId: null,
      }
    );
  }
}
