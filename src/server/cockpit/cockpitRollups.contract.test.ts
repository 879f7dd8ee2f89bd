/**
 * The cockpit's rollups stay equal to the GROUP BY over the raw tables while the register and
 * the incidents change, on every engine (docs/decisions/0040-postgresql.md): SQLite's rollups
 * (statsRollupTriggers.ts) against SqliteCockpitStatsStore, PostgreSQL's (migration 0008) against
 * PostgresCockpitStats, over one synthetic district with a month of incidents. The writes are
 * plain SQL on the tables, as any writer (an import, the incident service, a script) makes them:
 * the triggers alone must keep the figures, one row or many rows per statement. On PostgreSQL
 * writers run at once through two pools and hold their transactions open, so that they overlap.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeBulkIncidents } from '../../../scripts/bench/bulkIncidents';
import { DAY_MS } from '../../domain/districtTime';
import { PostgresCockpitStats } from '../store/pg/postgresCockpitStats';
import type { PostgresPool } from '../store/pg/postgresPool';
import { PostgresRollupStats } from '../store/pg/postgresRollupStats';
import { sqliteCockpitStats } from '../store/sqliteCockpitStatsStore';
import { sqliteRollupStats } from '../store/sqliteRollupStatsStore';
import { rebuildStatsRollups } from '../store/statsRollups';
import { cockpitAreasOf, cockpitFiguresOf } from '../testing/cockpitFigures';
import { districtContractEngines } from '../testing/districtContractEngines';
import type { CockpitStatsRepository } from './cockpitStatsRepository';

/** Saturday 5 December 2026, 12:00 in the district. */
const NOW_MS = Date.UTC(2026, 11, 5, 4, 0);
const HOUR_MS = 3_600_000;
const INCIDENT_COUNT = 400;
const HISTORY_DAYS = 40;
/** Writers at once; each PostgreSQL pool has as many clients. */
const AT_ONCE = 8;
/** How long a writer keeps its transaction open after its writes (PostgreSQL). */
const HOLD_MS = 150;

type Row = Record<string, unknown>;
type Statement = readonly [sql: string, params?: readonly unknown[]];

interface Opened {
  rollups: CockpitStatsRepository;
  groupBy: CockpitStatsRepository;
  /** Statements (`?` placeholders) in one transaction, on node 0 or 1, held `holdMs` open. */
  write(
    statements: readonly Statement[],
    options?: { node?: number; holdMs?: number },
  ): Promise<void>;
  rows(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  close(): void;
}

/** `?` placeholders as PostgreSQL's `$1, $2, …` (no statement here holds a literal `?`). */
function numbered(sql: string): string {
  let next = 0;
  return sql.replace(/\?/g, () => `$${++next}`);
}

async function writeOnPostgres(
  pool: PostgresPool,
  statements: readonly Statement[],
  holdMs: number,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const [sql, params = []] of statements) await client.query(numbered(sql), [...params]);
    if (holdMs > 0) await client.query('SELECT pg_sleep($1)', [holdMs / 1000]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

const { engines, district } = districtContractEngines<Opened>({
  label: 'cockpit-rollups',
  size: {
    streetCount: 2,
    communitiesPerStreet: 2,
    gridsPerCommunity: 2,
    buildingsPerGrid: 2,
    floors: 3,
    unitsPerFloor: 2,
    vacantEvery: 5,
    rentalEvery: 4,
    householdsPerUnit: 1,
    personsPerHousehold: 3,
  },
  tables: ['incidents', 'incident_transitions', 'incident_escalations', 'register_movements'],
  seed(db, summary) {
    writeBulkIncidents(db, {
      count: INCIDENT_COUNT,
      days: HISTORY_DAYS,
      nowMs: NOW_MS,
      seed: 40,
      gridCodes: summary.baseGridCodes,
    });
    db.prepare(
      "INSERT OR REPLACE INTO person_details (person_id, category) VALUES (1, 'foreign')",
    ).run();
    rebuildStatsRollups(db);
  },
  sqlite: (db) => ({
    rollups: sqliteRollupStats(db),
    groupBy: sqliteCockpitStats(db),
    // One writer at a time on SQLite: "at once" is one after another.
    write: async (statements) =>
      db.transaction(() => {
        for (const [sql, params = []] of statements) db.prepare(sql).run(...params);
      })(),
    rows: async (sql, params = []) => db.prepare(sql).all(...params) as Row[],
    close: () => db.close(),
  }),
  pools: 2,
  poolSize: AT_ONCE,
  postgres: (pools) => ({
    rollups: new PostgresRollupStats(pools[0]!),
    groupBy: new PostgresCockpitStats(pools[0]!),
    write: (statements, { node = 0, holdMs = 0 } = {}) =>
      writeOnPostgres(pools[node % pools.length]!, statements, holdMs),
    rows: async (sql, params = []) => (await pools[0]!.query(numbered(sql), [...params])).rows,
    close: () => {},
  }),
});

/** A person like person `likeId`, in `householdId`, with the given sex, birth date and tags. */
function newPerson(householdId: number, likeId: number, sex: string, birth: string, tags: string) {
  return [
    'INSERT INTO persons (household_id, name, sex, birth_date, id_number_sealed, id_number_index, ' +
      'id_number_masked, relation, tags, synthetic) SELECT ?, name, ?, ?, id_number_sealed, ' +
      "id_number_index, id_number_masked, 'other', ?, synthetic FROM persons WHERE id = ?",
    [householdId, sex, birth, tags, likeId],
  ] as const;
}

/** A step of incident `id` (the next number), `action` from `fromState` to `toState`. */
async function stepOf(
  opened: Opened,
  id: string,
  action: string,
  fromState: string | null,
  toState: string,
  atMs: number,
): Promise<Statement> {
  const [last] = await opened.rows(
    'SELECT MAX(step) AS step FROM incident_transitions WHERE incident_id = ?',
    [id],
  );
  const step = last?.step === null || last?.step === undefined ? 0 : Number(last.step) + 1;
  return [
    'INSERT INTO incident_transitions (incident_id, step, action, from_state, to_state, ' +
      "actor_username, actor_role, at_ms, note, attachments) VALUES (?, ?, ?, ?, ?, 'admin', " +
      "'dispatcher', ?, '', '[]')",
    [id, step, action, fromState, toState, atMs],
  ];
}

describe.each(engines)('cockpit rollups under writes on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  async function expectRollupsEqualGroupBy(step: string): Promise<void> {
    for (const [label, area] of cockpitAreasOf(district().baseGridCodes)) {
      expect(await cockpitFiguresOf(opened.rollups, area, NOW_MS), `${step}: ${label}`).toEqual(
        await cockpitFiguresOf(opened.groupBy, area, NOW_MS),
      );
    }
  }

  async function householdIn(gridCode: string, offset = 0): Promise<number> {
    const [row] = await opened.rows(
      'SELECT h.id FROM households h JOIN units u ON u.id = h.unit_id ' +
        'JOIN buildings b ON b.id = u.building_id WHERE b.grid_code = ? ORDER BY h.id LIMIT 1 OFFSET ?',
      [gridCode, offset],
    );
    return Number(row!.id);
  }

  it('counts people who arrive, change, move and leave, one by one and many in one statement', async () => {
    const grids = district().baseGridCodes;
    const near = await householdIn(grids[0]!);
    const far = await householdIn(grids.at(-1)!);
    await expectRollupsEqualGroupBy('as copied');

    await opened.write([
      newPerson(far, 2, 'F', '1941-03-04', 'elderly_alone,bedridden'),
      [
        'INSERT INTO persons (household_id, name, sex, birth_date, id_number_sealed, ' +
          'id_number_index, id_number_masked, relation, tags, synthetic) SELECT ?, name, sex, ' +
          "birth_date, id_number_sealed, id_number_index, id_number_masked, 'other', tags, " +
          'synthetic FROM persons WHERE id <= 12',
        [near],
      ],
    ]);
    await expectRollupsEqualGroupBy('new people');

    await opened.write([
      ["UPDATE persons SET tags = 'key_care,disabled' WHERE id = 2"],
      ["UPDATE persons SET sex = 'F', birth_date = '1944-05-06' WHERE id = 3"],
      ["UPDATE persons SET name = name || '·' WHERE id <= 5"],
      ["INSERT INTO person_details (person_id, category) VALUES (4, 'lodging')"],
      ["UPDATE person_details SET category = 'floating' WHERE person_id = 1"],
    ]);
    await expectRollupsEqualGroupBy('changed people');

    const [vacant] = await opened.rows(
      'SELECT u.id FROM units u JOIN buildings b ON b.id = u.building_id WHERE b.grid_code = ? ' +
        'AND NOT EXISTS (SELECT 1 FROM households h WHERE h.unit_id = u.id) ORDER BY u.id LIMIT 1',
      [grids[3]!],
    );
    const [building] = await opened.rows(
      'SELECT id FROM buildings WHERE grid_code = ? ORDER BY id LIMIT 1',
      [grids[1]!],
    );
    await opened.write([
      ['UPDATE persons SET household_id = ? WHERE id = 5', [far]],
      ['UPDATE households SET unit_id = ? WHERE id = ?', [vacant!.id, near]],
      ["UPDATE households SET type = 'floating' WHERE id = ?", [far]],
      ["UPDATE units SET use = 'rental' WHERE id = 1"],
      ["UPDATE units SET use = 'vacant' WHERE id = 2"],
      ["UPDATE buildings SET kind = 'tower', grid_code = ? WHERE id = ?", [grids[2], building!.id]],
    ]);
    await expectRollupsEqualGroupBy('moves');

    const emptied = await householdIn(grids[4]!);
    await opened.write([
      ['DELETE FROM persons WHERE id = 6'],
      ['DELETE FROM person_details WHERE person_id = 4'],
      ['DELETE FROM persons WHERE household_id = ?', [emptied]],
    ]);
    await opened.write([['DELETE FROM households WHERE id = ?', [emptied]]]);
    await expectRollupsEqualGroupBy('departures');

    const dayMs = NOW_MS - 40 * DAY_MS;
    await opened.write([
      [
        "INSERT INTO register_movements (grid_code, day_ms, kind, count) VALUES (?, ?, 'registration', 4), " +
          "(?, ?, 'departure', 2)",
        [grids[0], dayMs, grids[1], dayMs],
      ],
    ]);
    await opened.write([
      ['UPDATE register_movements SET count = count + 3 WHERE day_ms = ?', [dayMs]],
      ["DELETE FROM register_movements WHERE day_ms = ? AND kind = 'departure'", [dayMs]],
    ]);
    await expectRollupsEqualGroupBy('the movement history');
  });

  it('counts incidents reported, dispatched, fed back, overdue, escalated, moved and deleted', async () => {
    const grids = district().baseGridCodes;
    const ids = (
      await opened.rows('SELECT id, state FROM incidents ORDER BY reported_at_ms DESC LIMIT 8')
    ).map((row) => ({ id: String(row.id), state: String(row.state) }));
    const [handled, fedBack, overdue, escalated, moved, copied, deleted] = ids;

    await opened.write([
      [
        "UPDATE incidents SET state = 'handling', dispatched_at_ms = ?, due_at_ms = ? WHERE id = ?",
        [NOW_MS - 2 * HOUR_MS, NOW_MS + DAY_MS, handled!.id],
      ],
      await stepOf(opened, handled!.id, 'accept', handled!.state, 'handling', NOW_MS - HOUR_MS),
    ]);
    await opened.write([
      [
        "UPDATE incidents SET state = 'feedback', dispatched_at_ms = ?, due_at_ms = ? WHERE id = ?",
        [NOW_MS - 3 * HOUR_MS, NOW_MS - HOUR_MS, fedBack!.id],
      ],
      await stepOf(
        opened,
        fedBack!.id,
        'feed_back',
        fedBack!.state,
        'feedback',
        NOW_MS - 2 * HOUR_MS,
      ),
      [
        "UPDATE incidents SET state = 'dispatched', dispatched_at_ms = ?, due_at_ms = ? WHERE id = ?",
        [NOW_MS - 5 * HOUR_MS, NOW_MS - HOUR_MS, overdue!.id],
      ],
    ]);
    await expectRollupsEqualGroupBy('state changes');

    await opened.write([
      [
        'INSERT INTO incident_escalations (incident_id, from_level_code, to_level_code, at_ms) ' +
          'VALUES (?, ?, ?, ?)',
        [escalated!.id, grids[0], grids[0]!.slice(0, 12), NOW_MS - HOUR_MS],
      ],
      ['UPDATE incidents SET grid_code = ? WHERE id = ?', [grids.at(-1), moved!.id]],
    ]);
    await expectRollupsEqualGroupBy('escalation and move');

    const newId = `${copied!.id}X`;
    await opened.write([
      [
        'INSERT INTO incidents (id, category_code, priority, source, lon, lat, grid_code, ' +
          'description, state, reported_at_ms, updated_at_ms) SELECT ?, category_code, priority, ' +
          "source, lon, lat, grid_code, description, 'registered', ?, ? FROM incidents WHERE id = ?",
        [newId, NOW_MS - HOUR_MS, NOW_MS - HOUR_MS, copied!.id],
      ],
      await stepOf(opened, newId, 'report', null, 'reported', NOW_MS - HOUR_MS),
      [
        'INSERT INTO incident_transitions (incident_id, step, action, from_state, to_state, ' +
          "actor_username, actor_role, at_ms, note, attachments) VALUES (?, 1, 'register', " +
          "'reported', 'registered', 'admin', 'dispatcher', ?, '', '[]')",
        [newId, NOW_MS - HOUR_MS / 2],
      ],
    ]);
    await opened.write([
      ['DELETE FROM incident_escalations WHERE incident_id = ?', [deleted!.id]],
      ['DELETE FROM incident_transitions WHERE incident_id = ?', [deleted!.id]],
      ['DELETE FROM incidents WHERE id = ?', [deleted!.id]],
    ]);
    await expectRollupsEqualGroupBy('a new incident and a deleted one');
  });

  it('counts every one of writers that change the same figures at once', async () => {
    const grids = district().baseGridCodes;
    const household = await householdIn(grids[0]!);
    const area = cockpitAreasOf(grids)[0]![1];
    const before = await opened.rollups.countPersonsByTag(area, ['low_income']);
    // The same group's counts from every writer: people alike, in one household.
    await Promise.all(
      Array.from({ length: AT_ONCE * 2 }, (_, index) =>
        opened.write([newPerson(household, 1, 'M', '1960-01-01', 'low_income')], {
          node: index,
          holdMs: HOLD_MS,
        }),
      ),
    );
    const after = await opened.rollups.countPersonsByTag(area, ['low_income']);
    expect(after[0]!.count - before[0]!.count).toBe(AT_ONCE * 2);
    // One person's facts changed by two writers at once through different tables.
    const persons = (
      await opened.rows('SELECT id FROM persons WHERE household_id = ? ORDER BY id LIMIT ?', [
        household,
        AT_ONCE / 2,
      ])
    ).map((row) => Number(row.id));
    await Promise.all(
      persons.flatMap((id, index) => [
        opened.write([["UPDATE persons SET tags = 'disabled' WHERE id = ?", [id]]], {
          node: index,
          holdMs: HOLD_MS,
        }),
        opened.write(
          [
            ['DELETE FROM person_details WHERE person_id = ?', [id]],
            ["INSERT INTO person_details (person_id, category) VALUES (?, 'foreign')", [id]],
          ],
          { node: index + 1, holdMs: HOLD_MS },
        ),
      ]),
    );
    // Their facts as stored now are what leaving takes away: a stale copy shows here.
    await opened.write([
      [`DELETE FROM persons WHERE id IN (${persons.map(() => '?').join(', ')})`, persons],
    ]);
    await expectRollupsEqualGroupBy('people changed at once, then gone');
    // Incidents of one grid and day changing state at once.
    const incidents = (
      await opened.rows('SELECT id, state FROM incidents ORDER BY id LIMIT ?', [AT_ONCE])
    ).map((row) => ({ id: String(row.id), state: String(row.state) }));
    await opened.write(
      incidents.map(({ id }) => [
        'UPDATE incidents SET grid_code = ?, reported_at_ms = ? WHERE id = ?',
        [grids[1], NOW_MS - HOUR_MS, id],
      ]),
    );
    await Promise.all(
      incidents.map(({ id }, index) =>
        opened.write(
          [
            [
              "UPDATE incidents SET state = 'handling', dispatched_at_ms = ?, due_at_ms = ? WHERE id = ?",
              [NOW_MS - HOUR_MS, NOW_MS + HOUR_MS, id],
            ],
          ],
          { node: index, holdMs: HOLD_MS },
        ),
      ),
    );
    await expectRollupsEqualGroupBy('writers at once');
  });
});
