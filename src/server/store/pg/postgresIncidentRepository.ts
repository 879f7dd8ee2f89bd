/**
 * The PostgreSQL adapter of IncidentRepository (migration 0007), checked with the SQLite one by
 * incidents/incidentRepository.contract.test.ts. Each write is one transaction on one client, as
 * on SQLite:
 * - a new incident's number is the identity sequence's next value, so two nodes never make the
 *   same id; a device report first takes an advisory lock on (worker, client ref), so of two
 *   copies sent to two nodes at once the second finds the first one's incident;
 * - a change of a stored incident locks its row, then compares its history with the version the
 *   change was worked out from: of two dispatchers at once the second is refused;
 * - events are numbered under the feed's head row (see appendFeedEvents).
 * Duplicates near a point are a PostGIS box on the incidents' GiST index.
 */
import { OPEN_INCIDENT_STATES, type Incident } from '../../../domain/incidents/incident';
import { CLOCK_RUNNING_STATES } from '../../../domain/incidents/incidentDeadlines';
import type { ReporterRating } from '../../../domain/incidents/reporterAnswer';
import {
  WORKER_ASSIGNEE_PREFIX,
  type IncidentArrival,
  type IncidentFeedEvent,
} from '../../../shared/incidents';
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
  type UnsequencedFeedEvent,
} from '../../incidents/incidentRepository';
import type { PageRequest, PageResult } from '../../registry/registryRecords';
import { incidentFilterSql } from '../incidentFilterSql';
import { INCIDENT_COLUMNS, type IncidentRow } from '../incidentRows';
import { prefixFilter } from '../scopeSql';
import type { IdentifierSealer } from '../sealedIdentifiers';
import {
  appendFeedEvents,
  incidentsWithHistory,
  insertIncident,
  updateIncident,
  writeArrival,
  writeHistory,
  writeIntake,
} from './postgresIncidentRows';
import { inRetriedTransaction, type PostgresClient, type PostgresPool } from './postgresPool';
import { PostgresReporterAnswers, writePostgresReporterAnswer } from './postgresReporterAnswers';
import { postgresPrefixFilter } from './postgresScopeSql';

type Row = Record<string, unknown>;

/** Thrown inside a transaction to roll it back: nothing to store (refused, or moved on). */
class NothingToStore extends Error {}

/** A `?` fragment of the shared SQL with numbered parameters from `$first` on. */
function numbered(sql: string, first: number): string {
  let next = first;
  return sql.replace(/\?/g, () => `$${next++}`);
}

/** The scope filter of incidentFilterSql as PostgreSQL takes it (no scope: false, not 0). */
function postgresScopeFragment(column: string, prefixes: readonly string[]) {
  return prefixes.length === 0 ? { sql: 'false', params: [] } : prefixFilter(column, prefixes);
}

export class PostgresIncidentRepository implements IncidentRepository {
  private readonly answers: PostgresReporterAnswers;

  constructor(
    private readonly pool: PostgresPool,
    /** The data key's sealer: reporters' contacts are stored sealed, as on SQLite. */
    private readonly sealer: () => IdentifierSealer,
  ) {
    this.answers = new PostgresReporterAnswers(pool);
  }

  async createIncident(
    intake: NewIncidentIntake,
    make: NewIncidentMaker,
  ): Promise<IncidentCreation> {
    try {
      return await inRetriedTransaction(this.pool, async (client) => {
        const { deviceReport, workerPhotos } = intake;
        if (deviceReport !== undefined) {
          await client.query(
            "SELECT pg_advisory_xact_lock(hashtext('incident_device_reports:' || $1 || ':' || $2))",
            [deviceReport.workerId, deviceReport.clientRef],
          );
          const known = await this.deviceReportOn(
            client,
            deviceReport.workerId,
            deviceReport.clientRef,
          );
          if (known !== null) return { outcome: 'known', incidentId: known };
        }
        const { rows } = await client.query(
          "SELECT nextval(pg_get_serial_sequence('incidents', 'seq')) AS seq",
        );
        const seq = Number((rows as Row[])[0]!.seq);
        const id = incidentIdOf(seq);
        const claimed = await this.claimPhotos(client, id, workerPhotos);
        const change = make(id, claimed);
        // Refused: the claims roll back with the transaction.
        if (change === null) throw new NothingToStore(id);
        const events = await this.write(client, { ...change, isNew: true }, seq);
        return { outcome: 'created', events };
      });
    } catch (error) {
      if (error instanceof NothingToStore) return { outcome: 'refused' };
      throw error;
    }
  }

  private async claimPhotos(
    client: PostgresClient,
    incidentId: string,
    photos: NewIncidentIntake['workerPhotos'],
  ): Promise<string[]> {
    if (photos === undefined || photos.photoIds.length === 0) return [];
    const { rows } = await client.query(
      'UPDATE incident_photos SET incident_id = $1 ' +
        'WHERE id = ANY($2) AND worker_id = $3 AND incident_id IS NULL RETURNING id',
      [incidentId, [...photos.photoIds], photos.workerId],
    );
    const claimed = new Set((rows as Row[]).map((row) => String(row.id)));
    return photos.photoIds.filter((photoId) => claimed.has(photoId));
  }

  async commitChange(
    change: IncidentChange,
    basedOn?: IncidentVersion,
  ): Promise<IncidentFeedEvent[] | null> {
    try {
      return await inRetriedTransaction(this.pool, async (client) => {
        if (!change.isNew) {
          const { rowCount } = await client.query(
            'SELECT 1 FROM incidents WHERE id = $1 FOR UPDATE',
            [change.incident.id],
          );
          if (rowCount !== 1) throw new Error(`incident ${change.incident.id} is not stored`);
          // Read after the lock: a step committed by the writer it waited for counts.
          if (basedOn !== undefined && !(await this.isAt(client, change.incident.id, basedOn))) {
            throw new NothingToStore(change.incident.id);
          }
        }
        return this.write(client, change, null);
      });
    } catch (error) {
      if (error instanceof NothingToStore) return null;
      throw error;
    }
  }

  private async isAt(
    client: PostgresClient,
    incidentId: string,
    version: IncidentVersion,
  ): Promise<boolean> {
    const { rows } = await client.query(
      'SELECT (SELECT count(*) FROM incident_transitions WHERE incident_id = $1) AS steps, ' +
        '(SELECT count(*) FROM incident_escalations WHERE incident_id = $1) AS escalations',
      [incidentId],
    );
    const stored = (rows as Row[])[0]!;
    return (
      Number(stored.steps) === version.steps && Number(stored.escalations) === version.escalations
    );
  }

  private async write(
    client: PostgresClient,
    change: IncidentChange,
    seq: number | null,
  ): Promise<IncidentFeedEvent[]> {
    if (change.isNew) await insertIncident(client, change.incident, seq);
    else await updateIncident(client, change.incident);
    await writeHistory(client, change.incident);
    await writeIntake(client, change, this.sealer);
    if (!(await writeArrival(client, change))) throw new NothingToStore(change.incident.id);
    if (change.reporterAnswer !== undefined) {
      await writePostgresReporterAnswer(client, change.reporterAnswer);
    }
    // Last: the feed's head row is held from here to the commit.
    return appendFeedEvents(client, change.events);
  }

  private async selectIncidents(where: string, params: unknown[], tail = ''): Promise<Incident[]> {
    const { rows } = await this.pool.query(
      `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE ${where} ${tail}`,
      params,
    );
    return incidentsWithHistory(this.pool, rows as IncidentRow[]);
  }

  async findIncident(id: string): Promise<Incident | null> {
    return (await this.selectIncidents('id = $1', [id]))[0] ?? null;
  }

  async listIncidents(filter: IncidentFilter, page: PageRequest): Promise<PageResult<Incident>> {
    const where = incidentFilterSql(filter, postgresScopeFragment);
    const sql = numbered(where.sql, 1);
    const next = where.params.length + 1;
    const [counted, items] = await Promise.all([
      this.pool.query(`SELECT count(*) AS n FROM incidents WHERE ${sql}`, where.params),
      this.selectIncidents(
        sql,
        [...where.params, page.pageSize, (page.page - 1) * page.pageSize],
        `ORDER BY reported_at_ms DESC, seq DESC LIMIT $${next} OFFSET $${next + 1}`,
      ),
    ]);
    return { items, total: Number((counted.rows as Row[])[0]!.n) };
  }

  listOpenNear(
    categoryCode: string,
    box: { west: number; south: number; east: number; north: number },
    fromMs: number,
    toMs: number,
  ): Promise<Incident[]> {
    return this.selectIncidents(
      'category_code = $1 AND state = ANY($2) ' +
        'AND geom && ST_MakeEnvelope($3, $4, $5, $6, 4326) AND reported_at_ms BETWEEN $7 AND $8',
      [
        categoryCode,
        [...OPEN_INCIDENT_STATES],
        box.west,
        box.south,
        box.east,
        box.north,
        fromMs,
        toMs,
      ],
    );
  }

  listClockRunning(dueByMs = Number.MAX_SAFE_INTEGER): Promise<Incident[]> {
    return this.selectIncidents('state = ANY($1) AND due_at_ms <= $2', [
      [...CLOCK_RUNNING_STATES],
      dueByMs,
    ]);
  }

  listAssignedOpen(assigneeUsername: string): Promise<Incident[]> {
    return this.selectIncidents(
      'assignee_username = $1 AND state = ANY($2)',
      [assigneeUsername, [...CLOCK_RUNNING_STATES]],
      'ORDER BY seq',
    );
  }

  eventsAfter(
    afterSequence: number,
    scopes: readonly string[],
    limit: number,
  ): Promise<IncidentFeedEvent[]> {
    return this.feedAfter(afterSequence, scopes, limit);
  }

  allEventsAfter(afterSequence: number, limit: number): Promise<IncidentFeedEvent[]> {
    return this.feedAfter(afterSequence, null, limit);
  }

  private async feedAfter(
    afterSequence: number,
    scopes: readonly string[] | null,
    limit: number,
  ): Promise<IncidentFeedEvent[]> {
    const params: unknown[] = [afterSequence];
    const scope = scopes === null ? 'true' : postgresPrefixFilter('grid_code', scopes, params);
    params.push(limit);
    const { rows } = await this.pool.query(
      `SELECT sequence, event FROM incident_events WHERE sequence > $1 AND ${scope} ` +
        `ORDER BY sequence LIMIT $${params.length}`,
      params,
    );
    return (rows as Row[]).map((row) => ({
      sequence: Number(row.sequence),
      ...(JSON.parse(String(row.event)) as UnsequencedFeedEvent),
    }));
  }

  async latestSequence(): Promise<number> {
    const { rows } = await this.pool.query(
      'SELECT COALESCE(MAX(sequence), 0) AS latest FROM incident_events',
    );
    return Number((rows as Row[])[0]!.latest);
  }

  incidentIdOfDeviceReport(workerId: number, clientRef: string): Promise<string | null> {
    return this.deviceReportOn(this.pool, workerId, clientRef);
  }

  private async deviceReportOn(
    queryable: PostgresPool | PostgresClient,
    workerId: number,
    clientRef: string,
  ): Promise<string | null> {
    const { rows } = await queryable.query(
      'SELECT incident_id FROM incident_device_reports WHERE worker_id = $1 AND client_ref = $2',
      [workerId, clientRef],
    );
    const row = (rows as Row[])[0];
    return row === undefined ? null : String(row.incident_id);
  }

  async arrivalsOf(incidentId: string): Promise<IncidentArrival[]> {
    const { rows } = await this.pool.query(
      'SELECT worker_id, arrived_at_ms, confirmed_at_ms FROM incident_arrivals ' +
        'WHERE incident_id = $1 ORDER BY dispatched_at_ms',
      [incidentId],
    );
    return (rows as Row[]).map((row) => ({
      incidentId,
      workerId: Number(row.worker_id),
      assigneeUsername: WORKER_ASSIGNEE_PREFIX + String(row.worker_id),
      arrivedAtMs: Number(row.arrived_at_ms),
      confirmedAtMs: Number(row.confirmed_at_ms),
    }));
  }

  async hasArrival(incidentId: string, dispatchedAtMs: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'SELECT 1 FROM incident_arrivals WHERE incident_id = $1 AND dispatched_at_ms = $2',
      [incidentId, dispatchedAtMs],
    );
    return rowCount === 1;
  }

  async reporterOf(incidentId: string): Promise<ReporterContact | null> {
    const { rows } = await this.pool.query(
      'SELECT name_sealed, phone_sealed, email_sealed FROM incident_reporters WHERE incident_id = $1',
      [incidentId],
    );
    const row = (rows as Array<Record<string, Buffer>>)[0];
    if (row === undefined) return null;
    const open = this.sealer();
    return {
      name: open.open('reporter_name', row.name_sealed!),
      phone: open.open('reporter_phone', row.phone_sealed!),
      email: open.open('reporter_email', row.email_sealed!),
    };
  }

  ratingOf(incidentId: string): Promise<ReporterRating | null> {
    return this.answers.ratingOf(incidentId);
  }

  async open311IntakeOf(incidentId: string): Promise<Open311Intake | null> {
    const { rows } = await this.pool.query(
      'SELECT token, address FROM incident_open311 WHERE incident_id = $1',
      [incidentId],
    );
    const row = (rows as Row[])[0];
    return row === undefined ? null : { token: String(row.token), address: String(row.address) };
  }

  async incidentIdOfOpen311Token(token: string): Promise<string | null> {
    const { rows } = await this.pool.query(
      'SELECT incident_id FROM incident_open311 WHERE token = $1',
      [token],
    );
    const row = (rows as Row[])[0];
    return row === undefined ? null : String(row.incident_id);
  }
}
