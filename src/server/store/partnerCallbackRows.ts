/**
 * The delivery state of partners' answers in the outbox (`partner_callback_attempts` beside
 * `reporter_answers`): an attempt is claimed before it is made, so the hand-over right after a
 * closing commit and the retry job never call a partner twice at once for the same answer, and a
 * claim left by a process that died runs out after its lease. The repository is asynchronous
 * (sqlitePartnerDeliveries): each method runs the synchronous store's method to its end.
 */
import type { PartnerDeliveryRepository, PartnerDeliveryState } from '../incidents/reporterAnswers';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { StatementCache } from './statementCache';

interface AttemptRow {
  attempts: number;
  last_error: string | null;
  last_attempt_at_ms: number | null;
  next_attempt_at_ms: number | null;
}

export function sqlitePartnerDeliveries(db: SqliteDatabase): PartnerDeliveryRepository {
  return promisedMethods(new SqlitePartnerDeliveryStore(db), [
    'claim',
    'record',
    'stateOf',
    'listDue',
  ]);
}

export class SqlitePartnerDeliveryStore {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  claim(
    incidentId: string,
    nowMs: number,
    leaseUntilMs: number,
    maxAttempts: number,
  ): number | null {
    return this.db.transaction((): number | null => {
      const answer = this.statements
        .get('SELECT channel, done_at_ms FROM reporter_answers WHERE incident_id = ?')
        .get(incidentId) as { channel: string; done_at_ms: number | null } | undefined;
      if (answer === undefined || answer.channel !== 'partner' || answer.done_at_ms !== null) {
        return null;
      }
      const claimed = this.statements
        .get(
          'INSERT INTO partner_callback_attempts (incident_id, attempts, next_attempt_at_ms) ' +
            'VALUES (?, 0, ?) ON CONFLICT (incident_id) DO UPDATE SET ' +
            'next_attempt_at_ms = excluded.next_attempt_at_ms ' +
            'WHERE attempts < ? AND next_attempt_at_ms IS NOT NULL AND next_attempt_at_ms <= ?',
        )
        .run(incidentId, leaseUntilMs, maxAttempts, nowMs);
      if (claimed.changes !== 1) return null;
      return this.stateOf(incidentId)?.attempts ?? null;
    })();
  }

  record(incidentId: string, state: Omit<PartnerDeliveryState, 'incidentId'>): void {
    this.statements
      .get(
        'UPDATE partner_callback_attempts SET attempts = ?, last_error = ?, ' +
          'last_attempt_at_ms = ?, next_attempt_at_ms = ? WHERE incident_id = ?',
      )
      .run(
        state.attempts,
        state.lastError,
        state.lastAttemptAtMs,
        state.nextAttemptAtMs,
        incidentId,
      );
  }

  stateOf(incidentId: string): PartnerDeliveryState | null {
    const row = this.statements
      .get(
        'SELECT attempts, last_error, last_attempt_at_ms, next_attempt_at_ms ' +
          'FROM partner_callback_attempts WHERE incident_id = ?',
      )
      .get(incidentId) as AttemptRow | undefined;
    return row === undefined
      ? null
      : {
          incidentId,
          attempts: row.attempts,
          lastError: row.last_error,
          lastAttemptAtMs: row.last_attempt_at_ms,
          nextAttemptAtMs: row.next_attempt_at_ms,
        };
  }

  listDue(
    nowMs: number,
    maxAttempts: number,
    limit: number,
  ): { incidentId: string; partner: string }[] {
    const rows = this.statements
      .get(
        'SELECT a.incident_id, a.partner FROM reporter_answers a ' +
          'LEFT JOIN partner_callback_attempts p ON p.incident_id = a.incident_id ' +
          "WHERE a.channel = 'partner' AND a.done_at_ms IS NULL AND (p.incident_id IS NULL OR " +
          '(p.attempts < ? AND p.next_attempt_at_ms IS NOT NULL AND p.next_attempt_at_ms <= ?)) ' +
          'ORDER BY a.closed_at_ms, a.incident_id LIMIT ?',
      )
      .all(maxAttempts, nowMs, limit) as { incident_id: string; partner: string | null }[];
    return rows.flatMap((row) =>
      row.partner === null ? [] : [{ incidentId: row.incident_id, partner: row.partner }],
    );
  }
}
