/**
 * How long incident feed events, audit rows, unattached photos and residents' messages in the
 * default gateway's outbox are kept, and the job that
 * deletes older ones at start and every hour (positions have their own,
 * tracking/retentionPurge.ts). Audit rows are kept at least 180 days (GB/T 22239 level 3 asks for
 * six months; the audit log's trigger refuses anything younger too). A worker's photo that no
 * report or feedback ever attached (the phone sent it again after losing the answer, or the
 * report was never sent) is a picture of a street, maybe of people, that nobody can see: it goes
 * after a week, long enough for a phone's offline outbox to attach it. A message the default
 * gateway wrote instead of sending holds a resident's phone number (sealed): it goes after 30
 * days; the notification's state and masked number stay with the emergency event. A door-knocking
 * claim (door_knock_tasks: which household of a scenario went to which task) says which homes
 * an emergency reached: it goes 30 days after it was made, unless its scenario is still the one
 * of an active emergency event (the claims keep a household from going to two tasks); the task's
 * incident stays.
 */
import { ALWAYS_RUN, startPeriodic, type JobGate, type PeriodicJob } from './startPeriodic';

export const DEFAULT_INCIDENT_EVENT_RETENTION_DAYS = 90;
export const MIN_AUDIT_RETENTION_DAYS = 180;
export const DEFAULT_UNATTACHED_PHOTO_RETENTION_DAYS = 7;
export const DEFAULT_MESSAGE_OUTBOX_RETENTION_DAYS = 30;
export const DEFAULT_DOOR_KNOCK_TASK_RETENTION_DAYS = 30;
const RETENTION_INTERVAL_MS = 60 * 60 * 1000;
const MS_PER_DAY = 24 * 60 * 60 * 1000;

export interface RetentionSettings {
  incidentEventDays: number;
  auditDays: number;
  unattachedPhotoDays: number;
  messageOutboxDays: number;
  doorKnockTaskDays: number;
}

/**
 * The deletes of retention (DESIGN.md §2: the adapters are store/retentionRows.ts and
 * store/pg/postgresRetentionRows.ts, checked by dataRetention.contract.test.ts). Each is one
 * transaction and answers how many rows it deleted.
 */
export interface RetentionRows {
  /** Feed events whose time (a transition's, escalation's, arrival's, else the report's) is older. */
  purgeIncidentEventsBefore(cutoffMs: number): Promise<number>;
  /**
   * Audit rows older than `cutoff`, oldest first, stopping at the first newer row (as the log's
   * triggers demand); the chain's anchor then names the last row deleted.
   */
  purgeAuditBefore(cutoff: Date): Promise<number>;
  /** Messages the default gateway wrote before `cutoffMs`. */
  purgeMessageOutboxBefore(cutoffMs: number): Promise<number>;
  /** Door-knocking claims made before `cutoffMs`, but for a scenario of an active event. */
  purgeDoorKnockTasksBefore(cutoffMs: number): Promise<number>;
}

/** The photo store's part in retention. */
export interface UnattachedPhotos {
  purgeUnattachedBefore(cutoffMs: number): Promise<number>;
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

/**
 * INCIDENT_EVENT_RETENTION_DAYS (default 90), AUDIT_RETENTION_DAYS (default and minimum 180) and
 * UNATTACHED_PHOTO_RETENTION_DAYS (default 7), MESSAGE_OUTBOX_RETENTION_DAYS (default 30) and
 * DOOR_KNOCK_TASK_RETENTION_DAYS (default 30).
 */
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
    unattachedPhotoDays: days(
      'UNATTACHED_PHOTO_RETENTION_DAYS',
      env.UNATTACHED_PHOTO_RETENTION_DAYS,
      DEFAULT_UNATTACHED_PHOTO_RETENTION_DAYS,
      1,
    ),
    messageOutboxDays: days(
      'MESSAGE_OUTBOX_RETENTION_DAYS',
      env.MESSAGE_OUTBOX_RETENTION_DAYS,
      DEFAULT_MESSAGE_OUTBOX_RETENTION_DAYS,
      1,
    ),
    doorKnockTaskDays: days(
      'DOOR_KNOCK_TASK_RETENTION_DAYS',
      env.DOOR_KNOCK_TASK_RETENTION_DAYS,
      DEFAULT_DOOR_KNOCK_TASK_RETENTION_DAYS,
      1,
    ),
  };
}

export class DataRetention {
  private job: PeriodicJob | null = null;

  constructor(
    private readonly rows: RetentionRows,
    private readonly settings: RetentionSettings,
    private readonly now: () => Date,
    private readonly photos: UnattachedPhotos | null = null,
    private readonly onError: (error: unknown) => void = console.error,
  ) {}

  async purgeNow(): Promise<{
    incidentEvents: number;
    auditRows: number;
    unattachedPhotos: number;
    outboxMessages: number;
    doorKnockTasks: number;
  }> {
    const nowMs = this.now().getTime();
    return {
      unattachedPhotos:
        (await this.photos?.purgeUnattachedBefore(
          nowMs - this.settings.unattachedPhotoDays * MS_PER_DAY,
        )) ?? 0,
      incidentEvents: await this.rows.purgeIncidentEventsBefore(
        nowMs - this.settings.incidentEventDays * MS_PER_DAY,
      ),
      auditRows: await this.rows.purgeAuditBefore(
        new Date(nowMs - this.settings.auditDays * MS_PER_DAY),
      ),
      outboxMessages: await this.rows.purgeMessageOutboxBefore(
        nowMs - this.settings.messageOutboxDays * MS_PER_DAY,
      ),
      doorKnockTasks: await this.rows.purgeDoorKnockTasksBefore(
        nowMs - this.settings.doorKnockTaskDays * MS_PER_DAY,
      ),
    };
  }

  /** Purges now and every hour. */
  start(mayRun: JobGate = ALWAYS_RUN): void {
    this.job = startPeriodic(
      () => this.purgeNow(),
      RETENTION_INTERVAL_MS,
      this.onError,
      mayRun,
      true,
    );
  }

  /** No purge starts after this; settles when the one running has ended. */
  async stop(): Promise<void> {
    await this.job?.stop();
  }
}
