/**
 * The PostgreSQL adapters of ReporterAnswerRepository and PartnerDeliveryRepository (migration
 * 0006_reporter_answers.sql), checked with the SQLite ones by
 * incidents/reporterAnswers.contract.test.ts. A partner's attempt is claimed in one transaction
 * that first locks the answer's row: claims of one answer, and a call-back marked done, take
 * turns, so of the claims made at once one takes the attempt.
 */
import type {
  ReporterChannel,
  ReporterRating,
  SatisfactionRating,
} from '../../../domain/incidents/reporterAnswer';
import type { ReporterAnswer } from '../../incidents/incidentRepository';
import type {
  PartnerDeliveryRepository,
  PartnerDeliveryState,
  ReporterAnswerRepository,
} from '../../incidents/reporterAnswers';
import { inTransaction, type PostgresClient, type PostgresPool } from './postgresPool';
import { postgresPrefixFilter } from './postgresScopeSql';

type Row = Record<string, unknown>;

const ANSWER_COLUMNS =
  'incident_id, channel, partner, closed_state, closing_note, closed_at_ms, grid_code, done_at_ms';

function toAnswer(row: Row): ReporterAnswer {
  return {
    incidentId: String(row.incident_id),
    channel: row.channel as ReporterChannel,
    partner: row.partner as string | null,
    closedState: row.closed_state as ReporterAnswer['closedState'],
    closingNote: String(row.closing_note),
    closedAtMs: Number(row.closed_at_ms),
    gridCode: String(row.grid_code),
    doneAtMs: row.done_at_ms as number | null,
  };
}

/**
 * In the closing change's transaction (the incidents' adapter calls it on its client). A
 * reopened and re-closed incident keeps its first answer's row, waiting again; earlier callback
 * attempts no longer count.
 */
export async function writePostgresReporterAnswer(
  client: PostgresClient,
  answer: ReporterAnswer,
): Promise<void> {
  await client.query(
    `INSERT INTO reporter_answers (${ANSWER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL) ` +
      'ON CONFLICT (incident_id) DO UPDATE SET closed_state = excluded.closed_state, ' +
      'closing_note = excluded.closing_note, closed_at_ms = excluded.closed_at_ms, ' +
      'done_at_ms = NULL, done_by = NULL',
    [
      answer.incidentId,
      answer.channel,
      answer.partner,
      answer.closedState,
      answer.closingNote,
      answer.closedAtMs,
      answer.gridCode,
    ],
  );
  await client.query('DELETE FROM partner_callback_attempts WHERE incident_id = $1', [
    answer.incidentId,
  ]);
}

export class PostgresReporterAnswers implements ReporterAnswerRepository {
  constructor(private readonly pool: PostgresPool) {}

  async answerOf(incidentId: string): Promise<ReporterAnswer | null> {
    const { rows } = await this.pool.query(
      `SELECT ${ANSWER_COLUMNS} FROM reporter_answers WHERE incident_id = $1`,
      [incidentId],
    );
    const row = (rows as Row[])[0];
    return row === undefined ? null : toAnswer(row);
  }

  async listWaiting(
    channel: ReporterChannel,
    scopes: readonly string[],
    limit: number,
  ): Promise<ReporterAnswer[]> {
    const params: unknown[] = [channel];
    const scope = postgresPrefixFilter('grid_code', scopes, params);
    params.push(limit);
    const { rows } = await this.pool.query(
      `SELECT ${ANSWER_COLUMNS} FROM reporter_answers WHERE channel = $1 AND done_at_ms IS NULL ` +
        `AND ${scope} ORDER BY closed_at_ms, incident_id LIMIT $${params.length}`,
      params,
    );
    return (rows as Row[]).map(toAnswer);
  }

  async markDone(incidentId: string, by: string, atMs: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE reporter_answers SET done_at_ms = $1, done_by = $2 ' +
        'WHERE incident_id = $3 AND done_at_ms IS NULL',
      [atMs, by, incidentId],
    );
    return rowCount === 1;
  }

  async ratingOf(incidentId: string): Promise<ReporterRating | null> {
    const { rows } = await this.pool.query(
      'SELECT rating, channel, rated_at_ms FROM incident_ratings WHERE incident_id = $1',
      [incidentId],
    );
    const row = (rows as Row[])[0];
    return row === undefined
      ? null
      : {
          rating: row.rating as SatisfactionRating,
          channel: row.channel as ReporterChannel,
          ratedAtMs: Number(row.rated_at_ms),
        };
  }

  async saveRating(incidentId: string, rating: ReporterRating, ratedBy: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'INSERT INTO incident_ratings (incident_id, rating, channel, rated_by, rated_at_ms) ' +
        'VALUES ($1, $2, $3, $4, $5) ON CONFLICT (incident_id) DO NOTHING',
      [incidentId, rating.rating, rating.channel, ratedBy, rating.ratedAtMs],
    );
    return rowCount === 1;
  }
}

export class PostgresPartnerDeliveries implements PartnerDeliveryRepository {
  constructor(private readonly pool: PostgresPool) {}

  claim(
    incidentId: string,
    nowMs: number,
    leaseUntilMs: number,
    maxAttempts: number,
  ): Promise<number | null> {
    return inTransaction(this.pool, async (client) => {
      const answer = (
        await client.query(
          'SELECT channel, done_at_ms FROM reporter_answers WHERE incident_id = $1 FOR UPDATE',
          [incidentId],
        )
      ).rows[0] as Row | undefined;
      if (answer === undefined || answer.channel !== 'partner' || answer.done_at_ms !== null) {
        return null;
      }
      const { rows } = await client.query(
        'INSERT INTO partner_callback_attempts AS p (incident_id, attempts, next_attempt_at_ms) ' +
          'VALUES ($1, 0, $2) ON CONFLICT (incident_id) DO UPDATE SET ' +
          'next_attempt_at_ms = excluded.next_attempt_at_ms ' +
          'WHERE p.attempts < $3 AND p.next_attempt_at_ms IS NOT NULL AND p.next_attempt_at_ms <= $4 ' +
          'RETURNING attempts',
        [incidentId, leaseUntilMs, maxAttempts, nowMs],
      );
      const claimed = (rows as Row[])[0];
      return claimed === undefined ? null : Number(claimed.attempts);
    });
  }

  async record(incidentId: string, state: Omit<PartnerDeliveryState, 'incidentId'>): Promise<void> {
    await this.pool.query(
      'UPDATE partner_callback_attempts SET attempts = $1, last_error = $2, ' +
        'last_attempt_at_ms = $3, next_attempt_at_ms = $4 WHERE incident_id = $5',
      [state.attempts, state.lastError, state.lastAttemptAtMs, state.nextAttemptAtMs, incidentId],
    );
  }

  async stateOf(incidentId: string): Promise<PartnerDeliveryState | null> {
    const { rows } = await this.pool.query(
      'SELECT attempts, last_error, last_attempt_at_ms, next_attempt_at_ms ' +
        'FROM partner_callback_attempts WHERE incident_id = $1',
      [incidentId],
    );
    const row = (rows as Row[])[0];
    return row === undefined
      ? null
      : {
          incidentId,
          attempts: Number(row.attempts),
          lastError: row.last_error as string | null,
          lastAttemptAtMs: row.last_attempt_at_ms as number | null,
          nextAttemptAtMs: row.next_attempt_at_ms as number | null,
        };
  }

  async listDue(
    nowMs: number,
    maxAttempts: number,
    limit: number,
  ): Promise<{ incidentId: string; partner: string }[]> {
    const { rows } = await this.pool.query(
      'SELECT a.incident_id, a.partner FROM reporter_answers a ' +
        'LEFT JOIN partner_callback_attempts p ON p.incident_id = a.incident_id ' +
        "WHERE a.channel = 'partner' AND a.done_at_ms IS NULL AND (p.incident_id IS NULL OR " +
        '(p.attempts < $1 AND p.next_attempt_at_ms IS NOT NULL AND p.next_attempt_at_ms <= $2)) ' +
        'ORDER BY a.closed_at_ms, a.incident_id LIMIT $3',
      [maxAttempts, nowMs, limit],
    );
    return (rows as Row[]).flatMap((row) =>
      row.partner === null
        ? []
        : [{ incidentId: String(row.incident_id), partner: String(row.partner) }],
    );
  }
}
