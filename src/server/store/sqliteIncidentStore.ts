/**
 * The SQLite adapter of IncidentRepository. An incident is one row of current state plus its
 * transitions and escalations; the feed is an append-only table whose AUTOINCREMENT key is the
 * persisted sequence. A change and its events are written in one transaction. The SQL of each
 * part lives beside this file (incident rows, history, feed, intake, arrivals); this class holds
 * the transaction and the queries that select incidents. Its methods are synchronous (tests and
 * tools seed through them); the server takes `sqliteIncidentRepository`, the same methods as
 * Promises, each still one transaction.
 */
import type { Incident } from '../../domain/incidents/incident';
import type { ReporterRating } from '../../domain/incidents/reporterAnswer';
import { OPEN_INCIDENT_STATES } from '../../domain/incidents/incident';
import { CLOCK_RUNNING_STATES } from '../../domain/incidents/incidentDeadlines';
import type { IncidentArrival, IncidentFeedEvent } from '../../shared/incidents';
import {
  incidentIdOf,
  type IncidentChange,
  type IncidentCreation,
  type IncidentFilter,
  type IncidentRepository,
  type IncidentVersion,
  type NewIncidentIntake,
  type NewIncidentMaker,
  type Open311Intake,
  type ReporterContact,
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
import { identifierSealerFor } from './dataKeyFiles';
import { promisedMethods } from './promisedMethods';
import { StatementCache } from './statementCache';
import { SqliteWorkerPhotoRows } from './workerPhotoRows';

/** Thrown inside a transaction to roll it back: nothing to store (refused, or moved on). */
class NothingToStore extends Error {}

export class SqliteIncidentStore {
  private readonly statements: StatementCache;
  private readonly photoRows: SqliteWorkerPhotoRows;
  private readonly commitTransaction: (
    change: IncidentChange,
    basedOn: IncidentVersion | undefined,
  ) => IncidentFeedEvent[];
  private readonly createTransaction: (
    intake: NewIncidentIntake,
    make: NewIncidentMaker,
  ) => IncidentCreation;
  /** Loaded on first use: most incident work never touches a reporter's contact. */
  private readonly sealer = () => identifierSealerFor(this.db);

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
    this.photoRows = new SqliteWorkerPhotoRows(db);
    // Immediate (openDatabase): the write lock is held from the first read to the commit.
    this.commitTransaction = db.transaction(
      (change: IncidentChange, basedOn: IncidentVersion | undefined) =>
        this.writeChange(change, basedOn),
    );
    this.createTransaction = db.transaction((intake: NewIncidentIntake, make: NewIncidentMaker) =>
      this.create(intake, make),
    );
  }

  /** The id the next new incident gets (tests and tools that are the only writer). */
  nextIncidentId(): string {
    const row = this.statements
      .get('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM incidents')
      .get() as { next: number };
    return incidentIdOf(row.next);
  }

  createIncident(intake: NewIncidentIntake, make: NewIncidentMaker): IncidentCreation {
    try {
      return this.createTransaction(intake, make);
    } catch (error) {
      if (error instanceof NothingToStore) return { outcome: 'refused' };
      throw error;
    }
  }

  private create(intake: NewIncidentIntake, make: NewIncidentMaker): IncidentCreation {
    const { deviceReport, workerPhotos } = intake;
    if (deviceReport !== undefined) {
      const known = this.incidentIdOfDeviceReport(deviceReport.workerId, deviceReport.clientRef);
      if (known !== null) return { outcome: 'known', incidentId: known };
    }
    const id = this.nextIncidentId();
    const claimed = (workerPhotos?.photoIds ?? []).filter((photoId) =>
      this.photoRows.claim(photoId, workerPhotos!.workerId, id),
    );
    const change = make(id, claimed);
    // Refused: the claims roll back with the transaction.
    if (change === null) throw new NothingToStore(id);
    return { outcome: 'created', events: this.writeChange({ ...change, isNew: true }) };
  }

  /**
   * Without `basedOn` (tests and tools that are the only writer) the change is written as it
   * is; with it, only if the stored incident is still at that version (else null).
   */
  commitChange(change: IncidentChange, basedOn?: IncidentVersion): IncidentFeedEvent[] | null {
    try {
      return this.commitTransaction(change, basedOn);
    } catch (error) {
      if (error instanceof NothingToStore) return null;
      throw error;
    }
  }

  private writeChange(change: IncidentChange, basedOn?: IncidentVersion): IncidentFeedEvent[] {
    if (change.isNew) insertIncidentRow(this.statements, change.incident);
    else {
      if (basedOn !== undefined && !this.isAt(change.incident.id, basedOn)) {
        throw new NothingToStore(change.incident.id);
      }
      updateIncidentRow(this.statements, change.incident);
    }
    writeHistory(this.statements, change.incident);
    writeIntake(this.statements, change, this.sealer);
    if (!writeArrival(this.statements, change)) throw new NothingToStore(change.incident.id);
    writeReporterAnswer(this.statements, change);
    return change.events.map((event) => appendFeedEvent(this.statements, event));
  }

  private isAt(incidentId: string, version: IncidentVersion): boolean {
    const stored = this.statements
      .get(
        'SELECT (SELECT COUNT(*) FROM incident_transitions WHERE incident_id = ?) AS steps, ' +
          '(SELECT COUNT(*) FROM incident_escalations WHERE incident_id = ?) AS escalations',
      )
      .get(incidentId, incidentId) as IncidentVersion;
    return stored.steps === version.steps && stored.escalations === version.escalations;
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

/** The SQLite adapter as the server takes it: each method one transaction, answered as a Promise. */
export function sqliteIncidentRepository(db: SqliteDatabase): IncidentRepository {
  return promisedMethods(new SqliteIncidentStore(db), [
    'createIncident',
    'commitChange',
    'findIncident',
    'listIncidents',
    'listOpenNear',
    'listClockRunning',
    'listAssignedOpen',
    'eventsAfter',
    'latestSequence',
    'allEventsAfter',
    'incidentIdOfDeviceReport',
    'arrivalsOf',
    'hasArrival',
    'reporterOf',
    'ratingOf',
    'open311IntakeOf',
    'incidentIdOfOpen311Token',
  ]);
}
