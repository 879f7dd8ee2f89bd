/**
 * Answers to reporters and their satisfaction ratings in SQLite (decision 0026). The answer is
 * written inside the closing change's transaction (`writeReporterAnswer`, called by the incident
 * store); the rest is the SQLite adapter of ReporterAnswerRepository (sqliteReporterAnswers),
 * each method the synchronous store's method run to its end (promisedMethods.ts).
 */
import type { IncidentState } from '../../domain/incidents/incident';
import type {
  ReporterChannel,
  ReporterRating,
  SatisfactionRating,
} from '../../domain/incidents/reporterAnswer';
import type { IncidentChange, ReporterAnswer } from '../incidents/incidentRepository';
import type { ReporterAnswerRepository } from '../incidents/reporterAnswers';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { prefixFilter } from './scopeSql';
import { StatementCache } from './statementCache';

interface AnswerRow {
  incident_id: string;
  channel: ReporterChannel;
  partner: string | null;
  closed_state: IncidentState;
  closing_note: string;
  closed_at_ms: number;
  grid_code: string;
  done_at_ms: number | null;
}

const ANSWER_COLUMNS =
  'incident_id, channel, partner, closed_state, closing_note, closed_at_ms, grid_code, done_at_ms';

function toAnswer(row: AnswerRow): ReporterAnswer {
  return {
    incidentId: row.incident_id,
    channel: row.channel,
    partner: row.partner,
    closedState: row.closed_state,
    closingNote: row.closing_note,
    closedAtMs: row.closed_at_ms,
    gridCode: row.grid_code,
    doneAtMs: row.done_at_ms,
  };
}

/** In the change's transaction. A reopened and re-closed incident keeps its first answer's row. */
export function writeReporterAnswer(statements: StatementCache, change: IncidentChange): void {
  const answer = change.reporterAnswer;
  if (answer === undefined) return;
  statements
    .get(
      `INSERT INTO reporter_answers (${ANSWER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL) ` +
        'ON CONFLICT (incident_id) DO UPDATE SET closed_state = excluded.closed_state, ' +
        'closing_note = excluded.closing_note, closed_at_ms = excluded.closed_at_ms, ' +
        'done_at_ms = NULL, done_by = NULL',
    )
    .run(
      answer.incidentId,
      answer.channel,
      answer.partner,
      answer.closedState,
      answer.closingNote,
      answer.closedAtMs,
      answer.gridCode,
    );
  // A case closed again owes its partner a fresh answer: earlier callback attempts no longer count.
  statements
    .get('DELETE FROM partner_callback_attempts WHERE incident_id = ?')
    .run(answer.incidentId);
}

export function readRating(statements: StatementCache, incidentId: string): ReporterRating | null {
  const row = statements
    .get('SELECT rating, channel, rated_at_ms FROM incident_ratings WHERE incident_id = ?')
    .get(incidentId) as
    { rating: SatisfactionRating; channel: ReporterChannel; rated_at_ms: number } | undefined;
  return row === undefined
    ? null
    : { rating: row.rating, channel: row.channel, ratedAtMs: row.rated_at_ms };
}

export function sqliteReporterAnswers(db: SqliteDatabase): ReporterAnswerRepository {
  return promisedMethods(new SqliteReporterAnswerStore(db), [
    'answerOf',
    'listWaiting',
    'markDone',
    'ratingOf',
    'saveRating',
  ]);
}

export class SqliteReporterAnswerStore {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  answerOf(incidentId: string): ReporterAnswer | null {
    const row = this.statements
      .get(`SELECT ${ANSWER_COLUMNS} FROM reporter_answers WHERE incident_id = ?`)
      .get(incidentId) as AnswerRow | undefined;
    return row === undefined ? null : toAnswer(row);
  }

  listWaiting(
    channel: ReporterChannel,
    scopes: readonly string[],
    limit: number,
  ): ReporterAnswer[] {
    const scope = prefixFilter('grid_code', scopes);
    const rows = this.db
      .prepare(
        `SELECT ${ANSWER_COLUMNS} FROM reporter_answers WHERE channel = ? AND done_at_ms IS NULL ` +
          `AND ${scope.sql} ORDER BY closed_at_ms, incident_id LIMIT ?`,
      )
      .all(channel, ...scope.params, limit) as AnswerRow[];
    return rows.map(toAnswer);
  }

  markDone(incidentId: string, by: string, atMs: number): boolean {
    const result = this.statements
      .get(
        'UPDATE reporter_answers SET done_at_ms = ?, done_by = ? ' +
          'WHERE incident_id = ? AND done_at_ms IS NULL',
      )
      .run(atMs, by, incidentId);
    return result.changes === 1;
  }

  ratingOf(incidentId: string): ReporterRating | null {
    return readRating(this.statements, incidentId);
  }

  saveRating(incidentId: string, rating: ReporterRating, ratedBy: string): boolean {
    const result = this.statements
      .get(
        'INSERT INTO incident_ratings (incident_id, rating, channel, rated_by, rated_at_ms) ' +
          'VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id) DO NOTHING',
      )
      .run(incidentId, rating.rating, rating.channel, ratedBy, rating.ratedAtMs);
    return result.changes === 1;
  }
}
