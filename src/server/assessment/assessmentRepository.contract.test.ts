/**
 * The contract of AssessmentRepository, run against every engine
 * (docs/decisions/0040-postgresql.md): SQLite on a file of its own per case, PostgreSQL in a
 * database of this file's own, emptied per case. Each case has two nodes (two connections to the
 * file, two pools). The rows the assessment reads (incidents and their steps, fixes) are written
 * with the same SQL on both engines; the purge of fixes is the tracking repository's.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_ASSESSMENT_SCHEME,
  type AssessmentScheme,
} from '../../domain/assessment/assessmentScheme';
import { DAY_MS, districtDayStartMs } from '../../domain/districtTime';
import type { TrackPoint } from '../../domain/tracking/fix';
import { openDatabase } from '../store/openDatabase';
import { PostgresAssessmentRepository } from '../store/pg/postgresAssessmentRepository';
import { PostgresTrackingRepository } from '../store/pg/postgresTrackingRepository';
import { IdentifierSealer } from '../store/sealedIdentifiers';
import { sqliteAssessmentRepository } from '../store/sqliteAssessmentStore';
import { SqliteTrackingStore } from '../store/sqliteTrackingStore';
import { postgresContractEngine, sqliteContractEngine } from '../testing/contractEngines';
import type { AssessmentRepository } from './assessmentRepository';

/** A district day's start, some days before "now". */
const DAY0_MS = districtDayStartMs(Date.UTC(2026, 10, 2, 1));
const HOUR_MS = 3_600_000;
const GRID = '350102001001001';
const OTHER_STREET_GRID = '350102002001001';
const CELL_DEG = 0.00005;
const MAX_ACCURACY_M = 30;
const WORKER = 7;
/** New scheme versions at once, half through each node (PostgreSQL: as many clients). */
const VERSIONS_AT_ONCE = 6;

type Rows = ReadonlyArray<Record<string, unknown>>;

interface Opened {
  nodes: [AssessmentRepository, AssessmentRepository];
  insert(table: string, rows: Rows): Promise<void>;
  count(table: string): Promise<number>;
  execute(sql: string): Promise<void>;
  purgePositionsBefore(cutoffMs: number): Promise<number>;
  close(): void;
}

function insertSql(
  table: string,
  row: Record<string, unknown>,
  placeholder: (n: number) => string,
) {
  const columns = Object.keys(row);
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, index) => placeholder(index + 1)).join(', ')})`;
}

const ENGINES = [
  sqliteContractEngine<Opened>('assessment', (path) => {
    const dbs = [openDatabase(path), openDatabase(path)] as const;
    const [db] = dbs;
    const nodes: [AssessmentRepository, AssessmentRepository] = [
      sqliteAssessmentRepository(dbs[0]),
      sqliteAssessmentRepository(dbs[1]),
    ];
    return {
      nodes,
      insert: async (table, rows) => {
        for (const row of rows)
          db.prepare(insertSql(table, row, () => '?')).run(...Object.values(row));
      },
      count: async (table) =>
        (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
      execute: async (sql) => {
        db.exec(sql);
      },
      purgePositionsBefore: async (cutoffMs) =>
        new SqliteTrackingStore(db).purgePositionsBefore(cutoffMs),
      close: () => dbs.forEach((each) => each.close()),
    };
  }),
  postgresContractEngine<Opened>({
    tables: [
      'assessment_schemes',
      'patrol_day_cells',
      'positions',
      'incidents',
      'incident_transitions',
      'incident_escalations',
      'incident_arrivals',
    ],
    pools: 2,
    poolSize: VERSIONS_AT_ONCE / 2,
    open: async ([first, second]) => {
      const nodes: [AssessmentRepository, AssessmentRepository] = [
        await PostgresAssessmentRepository.open(first!),
        await PostgresAssessmentRepository.open(second!),
      ];
      return {
        nodes,
        insert: async (table, rows) => {
          for (const row of rows)
            await first!.query(
              insertSql(table, row, (n) => `$${n}`),
              Object.values(row),
            );
        },
        count: async (table) =>
          Number((await first!.query(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]!.n),
        execute: async (sql) => {
          await first!.query(sql);
        },
        purgePositionsBefore: (cutoffMs) =>
          // No worker's phone is read here: the sealer is never used.
          new PostgresTrackingRepository(
            first!,
            new IdentifierSealer(Buffer.alloc(32)),
          ).purgePositionsBefore(cutoffMs),
        close: () => {},
      };
    },
  }),
];

function incident(id: string, gridCode: string, reportedAtMs: number, extra: object = {}) {
  return {
    id,
    category_code: 'street_order',
    priority: 'normal',
    source: 'worker',
    lon: 119.3,
    lat: 26.08,
    grid_code: gridCode,
    description: '占道经营',
    state: 'closed',
    department: null,
    assignee_username: 'worker:3',
    reported_at_ms: reportedAtMs,
    dispatched_at_ms: reportedAtMs + HOUR_MS,
    due_at_ms: reportedAtMs + 48 * HOUR_MS,
    evaluation_score: 4,
    updated_at_ms: reportedAtMs + 5 * HOUR_MS,
    ...extra,
  };
}

function step(incidentId: string, stepNo: number, action: string, atMs: number, actor: string) {
  return {
    incident_id: incidentId,
    step: stepNo,
    action,
    from_state: null,
    to_state: action,
    actor_username: actor,
    actor_role: 'grid_worker',
    at_ms: atMs,
    note: '',
    attachments: '[]',
  };
}

/** A fix of WORKER at `atMs` in the cell (x, y) of CELL_DEG, a little inside it. */
function fix(atMs: number, x: number, y: number, accuracyM = 5) {
  return {
    worker_id: WORKER,
    fix_time_ms: atMs,
    lon: (x + 0.25) * CELL_DEG - 180,
    lat: (y + 0.25) * CELL_DEG - 90,
    accuracy_m: accuracyM,
    received_at_ms: atMs,
  };
}

/** Cell indexes of the places answered, as "x,y". */
function cellsOf(places: readonly TrackPoint[]): string[] {
  return places.map(
    (place) =>
      `${Math.floor((place.lon + 180) / CELL_DEG)},${Math.floor((place.lat + 90) / CELL_DEG)}`,
  );
}

const X0 = Math.floor((119.3 + 180) / CELL_DEG);
const Y0 = Math.floor((26.08 + 90) / CELL_DEG);

describe.each(ENGINES)('assessment repository on $name', (engine) => {
  let opened: Opened;
  let store: AssessmentRepository;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
    store = opened.nodes[0];
  });
  afterEach(() => opened.close());

  it('starts with the default scheme and appends versions, numbered in turn, never changed', async () => {
    const [first] = await store.listSchemeVersions();
    expect(first).toMatchObject({ version: 1, createdBy: 'system', createdAtMs: 0 });
    expect(first!.scheme).toEqual(DEFAULT_ASSESSMENT_SCHEME);
    const scheme: AssessmentScheme = { ...DEFAULT_ASSESSMENT_SCHEME };
    const added = await opened.nodes[1].addSchemeVersion({
      effectiveFrom: '2027-01-01',
      scheme,
      createdBy: 'admin',
      createdAtMs: DAY0_MS,
    });
    expect(added.version).toBe(2);
    expect((await store.listSchemeVersions()).map((version) => version.effectiveFrom)).toEqual([
      '1970-01-01',
      '2027-01-01',
    ]);
    await expect(opened.execute("UPDATE assessment_schemes SET created_by = 'x'")).rejects.toThrow(
      /never changed/,
    );
    await expect(opened.execute('DELETE FROM assessment_schemes')).rejects.toThrow(/kept/);
  });

  it('numbers versions added at once on two nodes one after another', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: VERSIONS_AT_ONCE }, (_, index) =>
        opened.nodes[index % 2]!.addSchemeVersion({
          effectiveFrom: `2027-02-0${index + 1}`,
          scheme: DEFAULT_ASSESSMENT_SCHEME,
          createdBy: 'admin',
          createdAtMs: DAY0_MS + index,
        }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    const versions = (await store.listSchemeVersions()).map((version) => version.version);
    expect(versions).toEqual(Array.from({ length: VERSIONS_AT_ONCE + 1 }, (_, index) => index + 1));
  });

  it("reads a period's incidents in the scope with their steps, escalations and arrivals", async () => {
    const periodStartMs = DAY0_MS;
    const periodEndMs = DAY0_MS + 7 * DAY_MS;
    await opened.insert('incidents', [
      incident('A', GRID, periodStartMs + HOUR_MS),
      // Reported before the period, its due time inside it.
      incident('B', GRID, periodStartMs - 3 * DAY_MS, {
        updated_at_ms: periodStartMs - 2 * DAY_MS,
        due_at_ms: periodStartMs + DAY_MS,
        assignee_username: null,
        evaluation_score: null,
        dispatched_at_ms: null,
      }),
      // Outside the scope; and one settled before the period.
      incident('C', OTHER_STREET_GRID, periodStartMs + HOUR_MS),
      incident('D', GRID, periodStartMs - 9 * DAY_MS, {
        updated_at_ms: periodStartMs - 8 * DAY_MS,
        due_at_ms: periodStartMs - 7 * DAY_MS,
      }),
      incident('E', GRID, periodEndMs + HOUR_MS),
    ]);
    await opened.insert('incident_transitions', [
      step('A', 1, 'report', periodStartMs + HOUR_MS, 'worker:5'),
      step('A', 2, 'dispatch', periodStartMs + 2 * HOUR_MS, 'dispatcher'),
      step('B', 1, 'report', periodStartMs - 3 * DAY_MS, 'citizen'),
      step('C', 1, 'report', periodStartMs + HOUR_MS, 'worker:6'),
    ]);
    await opened.insert('incident_escalations', [
      {
        incident_id: 'A',
        from_level_code: GRID,
        to_level_code: '350102001',
        at_ms: periodStartMs + 3 * HOUR_MS,
      },
    ]);
    await opened.insert('incident_arrivals', [
      {
        incident_id: 'A',
        dispatched_at_ms: periodStartMs + 2 * HOUR_MS,
        worker_id: 3,
        arrived_at_ms: periodStartMs + 2.5 * HOUR_MS,
        confirmed_at_ms: periodStartMs + 2.5 * HOUR_MS,
      },
    ]);
    const read = await store.listIncidentsForPeriod(periodStartMs, periodEndMs, ['350102001']);
    const byId = [...read].sort((left, right) => left.id.localeCompare(right.id));
    expect(byId).toEqual([
      {
        id: 'A',
        gridCode: GRID,
        department: null,
        source: 'worker',
        reporterWorkerId: 5,
        assigneeWorkerId: 3,
        reportedAtMs: periodStartMs + HOUR_MS,
        dispatchedAtMs: periodStartMs + 2 * HOUR_MS,
        dueAtMs: periodStartMs + HOUR_MS + 48 * HOUR_MS,
        evaluationScore: 4,
        transitions: [
          { action: 'report', atMs: periodStartMs + HOUR_MS },
          { action: 'dispatch', atMs: periodStartMs + 2 * HOUR_MS },
        ],
        escalationsAtMs: [periodStartMs + 3 * HOUR_MS],
        arrivals: [
          {
            workerId: 3,
            dispatchedAtMs: periodStartMs + 2 * HOUR_MS,
            arrivedAtMs: periodStartMs + 2.5 * HOUR_MS,
          },
        ],
      },
      expect.objectContaining({
        id: 'B',
        reporterWorkerId: null,
        assigneeWorkerId: null,
        dispatchedAtMs: null,
        evaluationScore: null,
        transitions: [{ action: 'report', atMs: periodStartMs - 3 * DAY_MS }],
      }),
    ]);
    expect(await store.listIncidentsForPeriod(periodStartMs, periodEndMs, [])).toEqual([]);
  });

  it("reduces a worker's fixes to the cells visited, keeps whole days, and reads a day again when its fixes change", async () => {
    await opened.insert('positions', [
      fix(DAY0_MS + HOUR_MS, X0, Y0),
      fix(DAY0_MS + HOUR_MS + 1000, X0, Y0),
      fix(DAY0_MS + 2 * HOUR_MS, X0 + 1, Y0),
      // Too inaccurate to count.
      fix(DAY0_MS + 3 * HOUR_MS, X0 + 9, Y0 + 9, 80),
      fix(DAY0_MS + DAY_MS + HOUR_MS, X0, Y0 + 2),
      // Another worker's fix.
      { ...fix(DAY0_MS + HOUR_MS, X0 + 5, Y0), worker_id: WORKER + 1 },
    ]);
    const places = (fromMs: number, toMs: number) =>
      store.visitedPlaces(WORKER, fromMs, toMs, MAX_ACCURACY_M, CELL_DEG);
    const twoDays = await places(DAY0_MS, DAY0_MS + 2 * DAY_MS);
    expect(cellsOf(twoDays)).toEqual([`${X0},${Y0}`, `${X0},${Y0 + 2}`, `${X0 + 1},${Y0}`]);
    expect(twoDays.every((place) => place.fixTimeMs === DAY0_MS && place.accuracyM === 0)).toBe(
      true,
    );
    expect(await opened.count('patrol_day_cells')).toBe(2);
    // A part of a day is read from the fixes and not kept.
    expect(cellsOf(await places(DAY0_MS + 90 * 60_000, DAY0_MS + DAY_MS + 2 * HOUR_MS))).toEqual([
      `${X0},${Y0 + 2}`,
      `${X0 + 1},${Y0}`,
    ]);
    expect(await opened.count('patrol_day_cells')).toBe(2);
    // A late fix changes the day's count: the day is read again, through the other node too.
    await opened.insert('positions', [fix(DAY0_MS + 4 * HOUR_MS, X0 + 3, Y0)]);
    expect(
      cellsOf(
        await opened.nodes[1].visitedPlaces(
          WORKER,
          DAY0_MS,
          DAY0_MS + DAY_MS,
          MAX_ACCURACY_M,
          CELL_DEG,
        ),
      ),
    ).toEqual([`${X0},${Y0}`, `${X0 + 1},${Y0}`, `${X0 + 3},${Y0}`]);
    expect(await places(DAY0_MS + 3 * DAY_MS, DAY0_MS + 4 * DAY_MS)).toEqual([]);
  });

  it("answers many workers' places at once as it answers each worker's, whole days and parts alike", async () => {
    const other = WORKER + 1;
    const silent = WORKER + 2;
    await opened.insert('positions', [
      fix(DAY0_MS + HOUR_MS, X0, Y0),
      fix(DAY0_MS + DAY_MS + 2 * HOUR_MS, X0 + 1, Y0),
      { ...fix(DAY0_MS + HOUR_MS, X0 + 5, Y0), worker_id: other },
      { ...fix(DAY0_MS + DAY_MS + 3 * HOUR_MS, X0 + 6, Y0), worker_id: other },
      // Too inaccurate to count, for the other worker.
      { ...fix(DAY0_MS + DAY_MS + 4 * HOUR_MS, X0 + 7, Y0, 80), worker_id: other },
    ]);
    // One whole day and a part of the next (the cockpit's today is a part alone).
    for (const [fromMs, toMs] of [
      [DAY0_MS, DAY0_MS + DAY_MS + 5 * HOUR_MS],
      [DAY0_MS + DAY_MS, DAY0_MS + DAY_MS + 5 * HOUR_MS],
    ] as const) {
      const together = await store.visitedPlacesOfWorkers(
        [WORKER, other, silent],
        fromMs,
        toMs,
        MAX_ACCURACY_M,
        CELL_DEG,
      );
      expect([...together.keys()]).toEqual([WORKER, other, silent]);
      for (const workerId of [WORKER, other, silent]) {
        expect(together.get(workerId)).toEqual(
          await store.visitedPlaces(workerId, fromMs, toMs, MAX_ACCURACY_M, CELL_DEG),
        );
      }
      expect(together.get(silent)).toEqual([]);
    }
    expect(
      cellsOf(
        (
          await store.visitedPlacesOfWorkers(
            [other],
            DAY0_MS + DAY_MS,
            DAY0_MS + DAY_MS + 5 * HOUR_MS,
            MAX_ACCURACY_M,
            CELL_DEG,
          )
        ).get(other)!,
      ),
    ).toEqual([`${X0 + 6},${Y0}`]);
    expect(
      await store.visitedPlacesOfWorkers([], DAY0_MS, DAY0_MS + DAY_MS, MAX_ACCURACY_M, CELL_DEG),
    ).toEqual(new Map());
  });

  it("loses a day's kept cells with the day's fixes when the tracking purge deletes them", async () => {
    await opened.insert('positions', [
      fix(DAY0_MS + HOUR_MS, X0, Y0),
      fix(DAY0_MS + DAY_MS + HOUR_MS, X0 + 1, Y0),
    ]);
    await store.visitedPlaces(WORKER, DAY0_MS, DAY0_MS + 2 * DAY_MS, MAX_ACCURACY_M, CELL_DEG);
    expect(await opened.count('patrol_day_cells')).toBe(2);
    expect(await opened.purgePositionsBefore(DAY0_MS + DAY_MS)).toBe(1);
    expect(await opened.count('patrol_day_cells')).toBe(1);
    expect(
      cellsOf(
        await store.visitedPlaces(WORKER, DAY0_MS, DAY0_MS + 2 * DAY_MS, MAX_ACCURACY_M, CELL_DEG),
      ),
    ).toEqual([`${X0 + 1},${Y0}`]);
  });
});
