/**
 * The SQLite adapter of IncidentRepository. An incident is one row of current state plus its
 * transitions and escalations; the feed is an append-only table whose AUTOINCREMENT key is the
 * persisted sequence. A change and its events are written in one transaction. The SQL of each
 * part lives beside this file (incident rows, history, feed, intake, arrivals); this class holds
 * the transaction and the queries that select incidents.
 */
import type { Incident } from '../../domain/incidents/incident';
import type { ReporterRating } from '../../domain/incidents/reporterAnswer';
import { OPEN_INCIDENT_STATES } from '../../domain/incidents/incident';
import { CLOCK_RUNNING_STATES } from '../../domain/incidents/incidentDeadlines';
import type { IncidentArrival, IncidentFeedEvent } from '../../shared/incidents';
import type {
  IncidentChange,
  IncidentFilter,
  IncidentRepository,
  Open311Intake,
  ReporterContact,
} from '../incidents/incidentRepository';
import type { PageRequest, PageResult } from '../registry/registryRecords';
import { arrivalsOf, hasArrival, writeArrival } from './incidentArrivalRows';
import { appendFeedEvent, feedEventsAfter, latestFeedSequence } from './incidentFeedRows';
import { incidentFilterSql } from './incidentFilterSql';
import { incidentsWithHistory, writeHistory } from './incidentHistoryRows';
import {
  incidentIdOfDeviceReport,
  incidentIdOfOpen311Token,
  open311IntakeOf,
  reporterOf,
  writeIntake,
} from './incidentIntakeRows';
import {
  INCIDENT_COLUMNS,
  insertIncidentRow,
  placeholders,
  updateIncidentRow,
  type IncidentRow,
} from './incidentRows';
import type { SqliteDatabase } from './openDatabase';
import { readRating, writeReporterAnswer } from './reporterAnswerRows';
import { identifierSealerFor } from './sealedIdentifiers';
import { StatementCache } from './statementCache';

export const INCIDENT_ID_PREFIX = 'INC';
const INCIDENT_ID_DIGITS = 8;

export class SqliteIncidentStore implements IncidentRepository {
  private readonly statements: StatementCache;
  private readonly commitTransaction: (change: IncidentChange) => IncidentFeedEvent[];
  /** Loaded on first use: most incident work never touches a reporter's contact. */
  private readonly sealer = () => identifierSealerFor(this.db);

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
    this.commitTransaction = db.transaction((change: IncidentChange) => this.writeChange(change));
  }

  nextIncidentId(): string {
    const row = this.statements
      .get('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM incidents')
      .get() as { next: number };
    return INCIDENT_ID_PREFIX + String(row.next).padStart(INCIDENT_ID_DIGITS, '0');
  }

  withNextIncidentId<T>(create: (id: string) => T): T {
    // Immediate (openDatabase): the write lock is held from the id's read to the commit.
    return this.db.transaction(() => create(this.nextIncidentId()))();
  }

  inWriteTransaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  commitChange(change: IncidentChange): IncidentFeedEvent[] {
    return this.commitTransaction(change);
  }

  private writeChange(change: IncidentChange): IncidentFeedEvent[] {
    if (change.isNew) insertIncidentRow(this.statements, change.incident);
    else updateIncidentRow(this.statements, change.incident);
    writeHistory(this.statements, change.incident);
    writeIntake(this.statements, change, this.sealer);
    writeArrival(this.statements, change);
    writeReporterAnswer(this.statements, change);
    return change.events.map((event) => appendFeedEvent(this.statements, event));
  }

  findIncident(id: string): Incident | null {
    const row = this.statements
      .get(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = ?`)
      .get(id) as IncidentRow | undefined;
    return row === undefined ? null : (incidentsWithHistory(this.db, [row])[0] ?? null);
  }

  listIncidents(filter: IncidentFilter, page: PageRequest): PageResult<Incident> {
    const where = incidentFilterSql(filter);
    const total = (
      this.db
        .prepare(`SELECT COUNT(*) AS n FROM incidents WHERE ${where.sql}`)
        .get(...where.params) as { n: number }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE ${where.sql} ` +
          'ORDER BY reported_at_ms DESC, seq DESC LIMIT ? OFFSET ?',
      )
      .all(...where.params, page.pageSize, (page.page - 1) * page.pageSize) as IncidentRow[];
    return { items: incidentsWithHistory(this.db, rows), total };
  }

  listOpenNear(
    categoryCode: string,
    box: { west: number; south: number; east: number; north: number },
    fromMs: number,
    toMs: number,
  ): Incident[] {
    const rows = this.statements
      .get(
        `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE category_code = ? ` +
          `AND state IN (${placeholders(OPEN_INCIDENT_STATES.length)}) ` +
          'AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ? AND reported_at_ms BETWEEN ? AND ?',
      )
      .all(
        categoryCode,
        ...OPEN_INCIDENT_STATES,
        box.west,
        box.east,
        box.south,
        box.north,
        fromMs,
        toMs,
      ) as IncidentRow[];
    return incidentsWithHistory(this.db, rows);
  }

  listClockRunning(dueByMs = Number.MAX_SAFE_INTEGER): Incident[] {
    const rows = this.statements
      .get(
        `SELECT ${INCIDENT_COLUMNS} FROM incidents ` +
          `WHERE state IN (${placeholders(CLOCK_RUNNING_STATES.length)}) AND due_at_ms <= ?`,
      )
      .all(...CLOCK_RUNNING_STATES, dueByMs) as IncidentRow[];
    return incidentsWithHistory(this.db, rows);
  }

  listAssignedOpen(assigneeUsername: string): Incident[] {
    const rows = this.statements
      .get(
        `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE assignee_username = ? ` +
          `AND state IN (${placeholders(CLOCK_RUNNING_STATES.length)}) ORDER BY seq`,
      )
      .all(assigneeUsername, ...CLOCK_RUNNING_STATES) as IncidentRow[];
    return incidentsWithHistory(this.db, rows);
  }

  eventsAfter(
    afterSequence: number,
    scopes: readonly string[],
    limit: number,
  ): IncidentFeedEvent[] {
    return feedEventsAfter(this.statements, afterSequence, scopes, limit);
  }

  allEventsAfter(afterSequence: number, limit: number): IncidentFeedEvent[] {
    return feedEventsAfter(this.statements, afterSequence, null, limit);
  }

  latestSequence(): number {
    return latestFeedSequence(this.statements);
  }

  incidentIdOfDeviceReport(workerId: number, clientRef: string): string | null {
    return incidentIdOfDeviceReport(this.statements, workerId, clientRef);
  }

  arrivalsOf(incidentId: string): IncidentArrival[] {
    return arrivalsOf(this.statements, incidentId);
  }

  hasArrival(incidentId: string, dispatchedAtMs: number): boolean {
    return hasArrival(this.statements, incidentId, dispatchedAtMs);
  }

  reporterOf(incidentId: string): ReporterContact | null {
    return reporterOf(this.statements, incidentId, this.sealer);
  }

  ratingOf(incidentId: string): ReporterRating | null {
    return readRating(this.statements, incidentId);
  }

  open311IntakeOf(incidentId: string): Open311Intake | null {
    return open311IntakeOf(this.statements, incidentId);
  }

  incidentIdOfOpen311Token(token: string): string | null {
    return incidentIdOfOpen311Token(this.statements, token);
  }
}
