/**
 * What every reveal passes before anything is read: the permission, a listed purpose with a
 * reason that says something (domain revealReason), and the per-user rate. Past
 * `REVEAL_LIMIT_PER_HOUR` reveals in the last hour (counted from the audit log, so a restart
 * forgets nothing) the reveal is refused with 429, an `alert` row is written, and administrators'
 * screens are told. The count that decides is taken again in the reveal's own audit append
 * (AuditRowLimit), in the transaction that holds the chain's head: reveals at once, on one node
 * or several, cannot pass the limit together.
 */
import {
  auditReasonOf,
  parseRevealReason,
  REVEAL_REASON_MESSAGES,
  type RevealReason,
} from '../../domain/revealReason';
import type { SecurityAlert } from '../../shared/securityAlerts';
import { RateLimitedError } from '../auth/rateLimitedError';
import { ForbiddenError, type Caller } from '../registry/accessErrors';
import {
  AuditLimitReachedError,
  type AuditRepository,
  type AuditRowLimit,
} from './auditRepository';
import { REVEAL_ACTION } from './revealIdentifiers';
import { REVEAL_INCIDENT_TEXT_ACTION } from './revealIncidentText';
import { mayReveal } from './revealPermission';

export const DEFAULT_REVEAL_LIMIT_PER_HOUR = 20;
export const REVEAL_WINDOW_MS = 60 * 60 * 1000;
/** Audit actions that count as reveals (persons' identifiers, incidents' free text). */
export const REVEAL_ACTIONS = [REVEAL_ACTION, REVEAL_INCIDENT_TEXT_ACTION] as const;
export const ALERT_ACTION = 'alert';
const MS_PER_SECOND = 1000;

/** Reads the audit log's reveals of a user (asynchronous: docs/decisions/0040-postgresql.md). */
export interface RevealCounter {
  countSince(username: string, actions: readonly string[], sinceIso: string): Promise<number>;
  oldestSince(
    username: string,
    actions: readonly string[],
    sinceIso: string,
  ): Promise<string | null>;
}

/** What an admitted reveal writes into its audit row, and the cap its append must pass. */
export interface RevealAdmission {
  auditReason: string;
  limit: AuditRowLimit;
}

export interface SecurityAlertSink {
  publish(alert: SecurityAlert): void;
}

/** A 400 with the refusal in both languages. */
export class RevealReasonError extends Error {
  readonly statusCode = 400;
  constructor(readonly messages: { zh: string; en: string }) {
    super(messages.en);
  }
}

/** `REVEAL_LIMIT_PER_HOUR` (a positive integer) or the default. */
export function revealLimitFromEnv(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_REVEAL_LIMIT_PER_HOUR;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`REVEAL_LIMIT_PER_HOUR must be a positive integer, got ${value}`);
  }
  return limit;
}

export class RevealGuard {
  constructor(
    private readonly deps: {
      audit: Pick<AuditRepository, 'recordAudit'>;
      counter: RevealCounter;
      alerts: SecurityAlertSink;
      limitPerHour: number;
    },
  ) {}

  /**
   * Checks a reveal request, then runs `reveal`, which must write its audit row with the
   * admission's reason and limit, and answers what it answers; rejects with ForbiddenError,
   * RevealReasonError or RateLimitedError (after the alert) otherwise. The count read here only
   * refuses early; the one in the append decides, so reveals at once are not queued.
   */
  async admit<T>(
    caller: Caller,
    purpose: unknown,
    reason: unknown,
    now: Date,
    reveal: (admission: RevealAdmission) => Promise<T>,
  ): Promise<T> {
    if (!mayReveal(caller.role)) throw new ForbiddenError('your role may not reveal');
    const parsed = parseRevealReason(purpose, reason);
    if (!parsed.ok) throw new RevealReasonError(REVEAL_REASON_MESSAGES[parsed.error]);
    const sinceIso = new Date(now.getTime() - REVEAL_WINDOW_MS).toISOString();
    const { counter, limitPerHour } = this.deps;
    const count = await counter.countSince(caller.username, REVEAL_ACTIONS, sinceIso);
    if (count >= limitPerHour) return this.refuse(caller, parsed.value, now, count);
    try {
      return await reveal({
        auditReason: auditReasonOf(parsed.value),
        limit: { actions: REVEAL_ACTIONS, sinceIso, limit: limitPerHour },
      });
    } catch (error) {
      if (error instanceof AuditLimitReachedError)
        return this.refuse(caller, parsed.value, now, error.count);
      throw error;
    }
  }

  /** Writes the alert row, tells administrators and throws the 429. */
  private async refuse(
    caller: Caller,
    reason: RevealReason,
    now: Date,
    count: number,
  ): Promise<never> {
    const sinceIso = new Date(now.getTime() - REVEAL_WINDOW_MS).toISOString();
    const { counter, limitPerHour } = this.deps;
    const auditId = await this.deps.audit.recordAudit({
      at: now.toISOString(),
      username: caller.username,
      action: ALERT_ACTION,
      targetType: 'user',
      targetId: caller.username,
      fields: 'reveal_rate_limit',
      reason: `${count} reveals in the last hour (limit ${limitPerHour}); refused: ${auditReasonOf(reason)}`,
    });
    this.deps.alerts.publish({
      kind: 'reveal_rate_limit',
      username: caller.username,
      atMs: now.getTime(),
      revealsInWindow: count,
      limitPerHour,
      auditId,
    });
    const oldest = await counter.oldestSince(caller.username, REVEAL_ACTIONS, sinceIso);
    const freeAtMs = oldest === null ? now.getTime() : Date.parse(oldest) + REVEAL_WINDOW_MS;
    const retryAfterS = Math.max(1, Math.ceil((freeAtMs - now.getTime()) / MS_PER_SECOND));
    throw new RateLimitedError(
      `more than ${limitPerHour} reveals in an hour; administrators were alerted`,
      retryAfterS,
      {
        zh: `一小时内查看完整信息超过 ${limitPerHour} 次，已通知管理员`,
        en: `more than ${limitPerHour} reveals in an hour; administrators were alerted`,
      },
    );
  }
}
