/**
 * The incident feed in SQLite: an append-only table whose AUTOINCREMENT key is the persisted
 * sequence, so a screen that reconnects asks for everything after the last number it saw.
 */
import type { IncidentFeedEvent } from '../../shared/incidents';
import type { UnsequencedFeedEvent } from '../incidents/incidentRepository';
import { prefixFilter } from './scopeSql';
import type { StatementCache } from './statementCache';

export function appendFeedEvent(
  statements: StatementCache,
  event: UnsequencedFeedEvent,
): IncidentFeedEvent {
  const inserted = statements
    .get('INSERT INTO incident_events (incident_id, grid_code, event) VALUES (?, ?, ?)')
    .run(event.incident.id, event.incident.gridCode, JSON.stringify(event));
  return { sequence: Number(inserted.lastInsertRowid), ...event };
}

export function feedEventsAfter(
  statements: StatementCache,
  afterSequence: number,
  /** null: every scope. */
  scopes: readonly string[] | null,
  limit: number,
): IncidentFeedEvent[] {
  const scope = scopes === null ? { sql: '1', params: [] } : prefixFilter('grid_code', scopes);
  const rows = statements
    .get(
      `SELECT sequence, event FROM incident_events WHERE sequence > ? AND ${scope.sql} ` +
        'ORDER BY sequence LIMIT ?',
    )
    .all(afterSequence, ...scope.params, limit) as Array<{ sequence: number; event: string }>;
  return rows.map((row) => ({
    sequence: row.sequence,
    ...(JSON.parse(row.event) as UnsequencedFeedEvent),
  }));
}

export function latestFeedSequence(statements: StatementCache): number {
  const row = statements
    .get('SELECT COALESCE(MAX(sequence), 0) AS latest FROM incident_events')
    .get() as { latest: number };
  return row.latest;
}
