/**
 * Assembles the emergency records side of the server (wiring only): over the given stores, the
 * records' use cases, the sensors' ingest and socket namespace, and the stale-sensor job.
 */
import type { Server } from 'socket.io';
import type { IncidentService } from '../../incidents/incidentService';
import type { AuditRepository } from '../../audit/auditRepository';
import type { LonLat } from '../../../domain/registry';
import { EmergencyRecordService } from './emergencyRecordService';
import type { EmergencyRecordRepository, SensorRepository } from './emergencyRecordRepository';
import { SensorGateway } from './sensorGateway';
import { SensorIngest, type SensorIngestDeps } from './sensorIngest';
import { startSensorStaleJob } from './sensorStaleJob';
import type { JobGate } from '../../startPeriodic';

export interface EmergencyRecordsModule {
  service: EmergencyRecordService;
  sensors: SensorRepository;
  gateway: SensorGateway;
  attach(io: Server): void;
  /** Stops the stale-sensor job; settles when its pass in flight has ended. */
  close(): Promise<void>;
}

export function createEmergencyRecordsModule(deps: {
  records: EmergencyRecordRepository;
  sensors: SensorRepository;
  incidents: IncidentService;
  audit: Pick<AuditRepository, 'recordAudit'>;
  locateGrid: (point: LonLat) => string | null | Promise<string | null>;
  now: () => Date;
  onError: (error: unknown) => void;
  staleCheckMs?: number;
  /** Whether this process runs the cluster's jobs now (the leader lease; default: always). */
  mayRunJobs?: JobGate;
  /** In a cluster: each sensor's alarm judged by one node at a time (SensorIngest). */
  alarmLease?: SensorIngestDeps['alarmLease'];
}): EmergencyRecordsModule {
  const { records, sensors } = deps;
  const nowMs = () => deps.now().getTime();
  const ingest = new SensorIngest({
    records,
    sensors,
    incidents: deps.incidents,
    nowMs,
    ...(deps.alarmLease === undefined ? {} : { alarmLease: deps.alarmLease }),
  });
  const gateway = new SensorGateway({ sensors, ingest, nowMs, onError: deps.onError });
  const staleJob = startSensorStaleJob(
    sensors,
    nowMs,
    deps.onError,
    deps.staleCheckMs,
    deps.mayRunJobs,
  );
  return {
    service: new EmergencyRecordService({
      records,
      sensors,
      audit: deps.audit,
      locateGrid: deps.locateGrid,
      now: deps.now,
    }),
    sensors,
    gateway,
    attach: (io) => gateway.attach(io),
    close: () => staleJob.stop(),
  };
}
