/**
 * The PostgreSQL AssessmentRepository (0007's assessment section), checked with the SQLite one by
 * assessment/assessmentRepository.contract.test.ts. A new scheme version is numbered under a
 * lock on the versions' table (SHARE ROW EXCLUSIVE: versions added at once take turns; without
 * it two read the same maximum and one fails on the number). A period's incidents are read in one
 * REPEATABLE READ snapshot, as SQLite's one method sees one state. A worker's visited cells take
 * a fixed number of round trips whatever the period's length: the days' fix counts, the stored
 * days, the cells of every day to read again, and one upsert of those.
 */
import {
  DEFAULT_ASSESSMENT_SCHEME,
  type AssessmentScheme,
  type SchemeVersion,
} from '../../../domain/assessment/assessmentScheme';
import type { AssessedIncident } from '../../../domain/assessment/incidentFacts';
import { DAY_MS, DISTRICT_UTC_OFFSET_MS, districtDayStartMs } from '../../../domain/districtTime';
import type { TrackPoint } from '../../../domain/tracking/fix';
import type { AssessmentRepository } from '../../assessment/assessmentRepository';
import { workerIdOfUsername } from '../../incidents/incidentActors';
import {
  cellsToPlaces,
  DEFAULT_SCHEME_EFFECTIVE_FROM,
  LAT_SHIFT_DEG,
  LON_SHIFT_DEG,
  SYSTEM_AUTHOR,
} from '../sqliteAssessmentStore';
import { inTransaction, type PostgresClient, type PostgresPool } from './postgresPool';
import { postgresPrefixFilter } from './postgresScopeSql';

type Row = Record<string, unknown>;

const SCHEME_COLUMNS = 'version, effective_from, scheme, created_by, created_at_ms';

function toSchemeVersion(row: Row): SchemeVersion {
  return {
    version: Number(row.version),
    effectiveFrom: String(row.effective_from),
    scheme: JSON.parse(String(row.scheme)) as AssessmentScheme,
    createdBy: String(row.created_by),
    createdAtMs: Number(row.created_at_ms),
  };
}

/** The district day (its start, epoch ms) of a fix time, in SQL: districtDayStartMs. */
const DAY_OF_FIX =
  `(floor((fix_time_ms + ${DISTRICT_UTC_OFFSET_MS})::double precision / ${DAY_MS}) * ${DAY_MS} ` +
  `- ${DISTRICT_UTC_OFFSET_MS})::bigint`;

/** Cell indexes of a fix: shifted positive first, so that floor is the same everywhere. */
const CELL_X = `floor((lon + ${LON_SHIFT_DEG}) / $5)::integer`;
const CELL_Y = `floor((lat + ${LAT_SHIFT_DEG}) / $5)::integer`;

interface NewScheme {
  effectiveFrom: string;
  scheme: AssessmentScheme;
  createdBy: string;
  createdAtMs: number;
}

async function insertNextVersion(client: PostgresClient, entry: NewScheme): Promise<number> {
  await client.query('LOCK TABLE assessment_schemes IN SHARE ROW EXCLUSIVE MODE');
  const { rows } = await client.query(
    `INSERT INTO assessment_schemes (${SCHEME_COLUMNS}) ` +
      'SELECT COALESCE(MAX(version), 0) + 1, $1, $2, $3, $4 FROM assessment_schemes ' +
      'RETURNING version',
    [entry.effectiveFrom, JSON.stringify(entry.scheme), entry.createdBy, entry.createdAtMs],
  );
  return Number((rows as Row[])[0]!.version);
}

export class PostgresAssessmentRepository implements AssessmentRepository {
  private constructor(private readonly pool: PostgresPool) {}

  /** The repository, with the default scheme as version 1 where there is none yet. */
  static async open(pool: PostgresPool): Promise<PostgresAssessmentRepository> {
    await inTransaction(pool, async (client) => {
      await client.query('LOCK TABLE assessment_schemes IN SHARE ROW EXCLUSIVE MODE');
      const { rows } = await client.query('SELECT 1 FROM assessment_schemes LIMIT 1');
      if (rows.length > 0) return;
      await insertNextVersion(client, {
        effectiveFrom: DEFAULT_SCHEME_EFFECTIVE_FROM,
        scheme: DEFAULT_ASSESSMENT_SCHEME,
        createdBy: SYSTEM_AUTHOR,
        createdAtMs: 0,
      });
    });
    return new PostgresAssessmentRepository(pool);
  }

  async listSchemeVersions(): Promise<SchemeVersion[]> {
    const { rows } = await this.pool.query(
      `SELECT ${SCHEME_COLUMNS} FROM assessment_schemes ORDER BY version`,
    );
    return (rows as Row[]).map(toSchemeVersion);
  }

  async addSchemeVersion(entry: NewScheme): Promise<SchemeVersion> {
    const version = await inTransaction(this.pool, (client) => insertNextVersion(client, entry));
    return { version, ...entry };
  }

  listIncidentsForPeriod(
    startMs: number,
    endMs: number,
    scopes: readonly string[],
  ): Promise<AssessedIncident[]> {
    return inTransaction(this.pool, async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      return readIncidents(client, startMs, endMs, scopes);
    });
  }

  visitedPlaces(
    workerId: number,
    fromMs: number,
    toMs: number,
    maxAccuracyM: number,
    cellDeg: number,
  ): Promise<TrackPoint[]> {
    return this.visitedPlacesOfWorkers([workerId], fromMs, toMs, maxAccuracyM, cellDeg).then(
      (places) => places.get(workerId) ?? [],
    );
  }

  /**
   * Whole district days come from patrol_day_cells while the day's fix count is unchanged (else
   * they are read again and stored), a worker at a time, each in its own transaction; the parts
   * of days (today) are read from the fixes each time, every worker's in one query: a district's
   * cockpit asks for a thousand workers' today, which took a transaction and a query each.
   */
  async visitedPlacesOfWorkers(
    workerIds: readonly number[],
    fromMs: number,
    toMs: number,
    maxAccuracyM: number,
    cellDeg: number,
  ): Promise<Map<number, TrackPoint[]>> {
    const cells = new Map(workerIds.map((workerId) => [workerId, new Set<string>()]));
    if (cells.size === 0) return new Map();
    const firstDayMs = districtDayStartMs(fromMs);
    const wholeFromMs = fromMs === firstDayMs ? fromMs : firstDayMs + DAY_MS;
    const wholeToMs = districtDayStartMs(toMs);
    if (wholeFromMs < wholeToMs) {
      for (const [workerId, workerCells] of cells) {
        const days = await inTransaction(this.pool, (client) =>
          wholeDayCells(client, workerId, wholeFromMs, wholeToMs, { maxAccuracyM, cellDeg }),
        );
        for (const key of days) workerCells.add(key);
      }
    }
    // The parts of days before and after the whole ones (the whole span, if it has none).
    const parts: Array<[number, number]> =
      wholeFromMs < wholeToMs
        ? [
            [fromMs, wholeFromMs],
            [wholeToMs, toMs],
          ]
        : [[fromMs, toMs]];
    for (const [partFromMs, partToMs] of parts) {
      if (partFromMs >= partToMs) continue;
      const { rows } = await this.pool.query(
        `SELECT DISTINCT worker_id, ${CELL_X} AS x, ${CELL_Y} AS y FROM positions ` +
          'WHERE worker_id = ANY($1::integer[]) AND fix_time_ms >= $2 AND fix_time_ms < $3 ' +
          'AND accuracy_m <= $4',
        [[...cells.keys()], partFromMs, partToMs, maxAccuracyM, cellDeg],
      );
      for (const row of rows as Row[]) {
        cells.get(Number(row.worker_id))?.add(`${String(row.x)},${String(row.y)}`);
      }
    }
    return new Map(
      [...cells].map(([workerId, workerCells]) => [
        workerId,
        cellsToPlaces(workerCells, fromMs, cellDeg),
      ]),
    );
  }
}

async function wholeDayCells(
  client: PostgresClient,
  workerId: number,
  fromMs: number,
  toMs: number,
  cell: { maxAccuracyM: number; cellDeg: number },
): Promise<string[]> {
  const { maxAccuracyM, cellDeg } = cell;
  const counted = await client.query(
    `SELECT ${DAY_OF_FIX} AS day, COUNT(*) AS n FROM positions ` +
      'WHERE worker_id = $1 AND fix_time_ms >= $2 AND fix_time_ms < $3 GROUP BY 1',
    [workerId, fromMs, toMs],
  );
  const fixCounts = new Map((counted.rows as Row[]).map((row) => [Number(row.day), Number(row.n)]));
  if (fixCounts.size === 0) return [];
  const stored = await client.query(
    'SELECT day_start_ms, fix_count, cells FROM patrol_day_cells WHERE worker_id = $1 ' +
      'AND day_start_ms >= $2 AND day_start_ms < $3 AND cell_deg = $4 AND max_accuracy_m = $5',
    [workerId, fromMs, toMs, cellDeg, maxAccuracyM],
  );
  const keys: string[] = [];
  const addFlat = (flat: readonly number[]) => {
    for (let index = 0; index + 1 < flat.length; index += 2)
      keys.push(`${flat[index]},${flat[index + 1]}`);
  };
  const fresh = new Set<number>();
  for (const row of stored.rows as Row[]) {
    const day = Number(row.day_start_ms);
    if (fixCounts.get(day) !== Number(row.fix_count)) continue;
    fresh.add(day);
    addFlat(JSON.parse(String(row.cells)) as number[]);
  }
  const stale = [...fixCounts.keys()].filter((day) => !fresh.has(day)).sort((a, b) => a - b);
  if (stale.length === 0) return keys;
  const read = await client.query(
    `SELECT ${DAY_OF_FIX} AS day, ${CELL_X} AS x, ${CELL_Y} AS y FROM positions ` +
      'WHERE worker_id = $1 AND fix_time_ms >= $2 AND fix_time_ms < $3 AND accuracy_m <= $4 ' +
      `AND ${DAY_OF_FIX} = ANY($6::bigint[]) GROUP BY 1, 2, 3 ORDER BY 1`,
    [workerId, fromMs, toMs, maxAccuracyM, cellDeg, stale],
  );
  const cellsByDay = new Map<number, number[]>(stale.map((day) => [day, []]));
  for (const row of read.rows as Row[]) {
    cellsByDay.get(Number(row.day))!.push(Number(row.x), Number(row.y));
  }
  for (const flat of cellsByDay.values()) addFlat(flat);
  await client.query(
    'INSERT INTO patrol_day_cells (worker_id, day_start_ms, cell_deg, max_accuracy_m, ' +
      'fix_count, cells) SELECT $1, day, $2, $3, n, cells FROM unnest($4::bigint[], ' +
      '$5::integer[], $6::text[]) AS d(day, n, cells) ' +
      'ON CONFLICT (worker_id, day_start_ms, cell_deg, max_accuracy_m) ' +
      'DO UPDATE SET fix_count = excluded.fix_count, cells = excluded.cells',
    [
      workerId,
      cellDeg,
      maxAccuracyM,
      stale,
      stale.map((day) => fixCounts.get(day)!),
      stale.map((day) => JSON.stringify(cellsByDay.get(day))),
    ],
  );
  return keys;
}

async function readIncidents(
  client: PostgresClient,
  startMs: number,
  endMs: number,
  scopes: readonly string[],
): Promise<AssessedIncident[]> {
  const params: unknown[] = [endMs, startMs, startMs];
  const scope = postgresPrefixFilter('i.grid_code', scopes, params);
  // Anything in the period moved updated_at_ms (the latest step or escalation) past its start;
  // a due time in the period may have had no step since the dispatch.
  const inPeriod = `i.reported_at_ms < $1 AND (i.updated_at_ms >= $2 OR i.due_at_ms >= $3) AND ${scope}`;
  const accountRows = await client.query('SELECT username, worker_id FROM worker_accounts');
  const accounts = new Map(
    (accountRows.rows as Row[]).map((row) => [String(row.username), Number(row.worker_id)]),
  );
  const workerOf = (username: string | null) =>
    workerIdOfUsername(username) ?? (username === null ? null : (accounts.get(username) ?? null));
  const incidents = new Map<string, AssessedIncident>();
  const rows = await client.query(
    'SELECT i.id, i.grid_code, i.department, i.source, i.assignee_username, i.reported_at_ms, ' +
      `i.dispatched_at_ms, i.due_at_ms, i.evaluation_score FROM incidents i WHERE ${inPeriod} ` +
      'ORDER BY i.seq',
    params,
  );
  for (const row of rows.rows as Row[]) {
    incidents.set(String(row.id), {
      id: String(row.id),
      gridCode: String(row.grid_code),
      department: row.department as string | null,
      source: String(row.source),
      reporterWorkerId: null,
      assigneeWorkerId: workerOf(row.assignee_username as string | null),
      reportedAtMs: Number(row.reported_at_ms),
      dispatchedAtMs: row.dispatched_at_ms as number | null,
      dueAtMs: row.due_at_ms as number | null,
      evaluationScore: row.evaluation_score as number | null,
      transitions: [],
      escalationsAtMs: [],
      arrivals: [],
    });
  }
  const steps = await client.query(
    'SELECT t.incident_id, t.action, t.at_ms, t.actor_username FROM incident_transitions t ' +
      `JOIN incidents i ON i.id = t.incident_id WHERE ${inPeriod} ORDER BY t.incident_id, t.step`,
    params,
  );
  for (const step of steps.rows as Row[]) {
    const incident = incidents.get(String(step.incident_id));
    if (incident === undefined) continue;
    (incident.transitions as Array<{ action: string; atMs: number }>).push({
      action: String(step.action),
      atMs: Number(step.at_ms),
    });
    if (step.action === 'report') incident.reporterWorkerId = workerOf(String(step.actor_username));
  }
  const escalations = await client.query(
    'SELECT e.incident_id, e.at_ms FROM incident_escalations e ' +
      `JOIN incidents i ON i.id = e.incident_id WHERE ${inPeriod} ORDER BY e.at_ms`,
    params,
  );
  for (const escalation of escalations.rows as Row[]) {
    (incidents.get(String(escalation.incident_id))?.escalationsAtMs as number[] | undefined)?.push(
      Number(escalation.at_ms),
    );
  }
  const arrivals = await client.query(
    'SELECT a.incident_id, a.worker_id, a.dispatched_at_ms, a.arrived_at_ms FROM incident_arrivals a ' +
      `JOIN incidents i ON i.id = a.incident_id WHERE ${inPeriod} ORDER BY a.incident_id, a.dispatched_at_ms`,
    params,
  );
  for (const arrival of arrivals.rows as Row[]) {
    (
      incidents.get(String(arrival.incident_id))?.arrivals as
        AssessedIncident['arrivals'][number][] | undefined
    )?.push({
      workerId: Number(arrival.worker_id),
      dispatchedAtMs: Number(arrival.dispatched_at_ms),
      arrivedAtMs: Number(arrival.arrived_at_ms),
    });
  }
  return [...incidents.values()];
}
