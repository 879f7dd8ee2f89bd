/**
 * How long incident feed events and audit rows are kept, and the job that deletes older ones at
 * start and every hour (positions have their own, tracking/retentionPurge.ts). Audit rows are
 * kept at least 180 days (GB/T 22239 level 3 asks for six months; the audit log's trigger
 * refuses anything younger too).
 */
import { ALWAYS_RUN, startPeriodic, type JobGate } from './startPeriodic';
import type { SqliteDatabase } from './store/openDatabase';
import { purgeAuditBefore, purgeIncidentEventsBefore } from './store/retentionRows';

export const DEFAULT_INCIDENT_EVENT_RETENTION_DAYS = 90;
export const MIN_AUDIT_RETENTION_DAYS = 180;
const RETENTION_INTERVAL_MS = 60 * 60 * 1000;
const MS_PER_DAY = 24 * 60 * 60 * 1000;

export interface RetentionSettings {
  incidentEventDays: number;
  auditDays: number;
}

function days(name: string, text: string | undefined, fallback: number, minimum: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum)
    throw new RangeError(
      `${name} 须为不小于 ${minimum} 的整数天数 / ${name} must be a whole number of days, at least ${minimum}; got ${text}`,
    );
  return value;
}

/** INCIDENT_EVENT_RETENTION_DAYS (default 90) and AUDIT_RETENTION_DAYS (default and minimum 180). */
export function retentionSettingsFrom(env: NodeJS.ProcessEnv): RetentionSettings {
  return {
    incidentEventDays: days(
      'INCIDENT_EVENT_RETENTION_DAYS',
      env.INCIDENT_EVENT_RETENTION_DAYS,
      DEFAULT_INCIDENT_EVENT_RETENTION_DAYS,
      1,
    ),
    auditDays: days(
      'AUDIT_RETENTION_DAYS',
      env.AUDIT_RETENTION_DAYS,
      MIN_AUDIT_RETENTION_DAYS,
      MIN_AUDIT_RETENTION_DAYS,
    ),
  };
}

export class DataRetention {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly settings: RetentionSettings,
    private readonly now: () => Date,
    private readonly onError: (error: unknown) => void = console.error,
  ) {}

  purgeNow(): { incidentEvents: number; auditRows: number } {
    const nowMs = this.now().getTime();
    return {
      incidentEvents: purgeIncidentEventsBefore(
        this.db,
        nowMs - this.settings.incidentEventDays * MS_PER_DAY,
      ),
      auditRows: purgeAuditBefore(this.db, new Date(nowMs - this.settings.auditDays * MS_PER_DAY)),
    };
  }

  start(mayRun: JobGate = ALWAYS_RUN): void {
    try {
      if (mayRun()) this.purgeNow();
    } catch (error) {
      this.onError(error);
    }
    this.timer = startPeriodic(() => this.purgeNow(), RETENTION_INTERVAL_MS, this.onError, mayRun);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
