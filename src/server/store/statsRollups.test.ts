/**
 * The cockpit's rollups against the truth: after a random sequence of incident transitions and
 * register writes (each in its own transaction, through the triggers), the rollups equal a
 * rebuild from scratch, and every figure read from them equals the GROUP BY over the raw tables
 * for several levels and scopes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestDistrict, type TestDistrict } from '../../../scripts/district/testDistrict';
import { DAY_MS } from '../../domain/districtTime';
import type { Incident, IncidentActor, IncidentCommand } from '../../domain/incidents/incident';
import { INCIDENT_CATEGORIES } from '../../domain/incidents/incidentCategories';
import { escalate, recordEscalations } from '../../domain/incidents/incidentEscalation';
import { applyTransition, reportIncident } from '../../domain/incidents/incidentStateMachine';
import { createSeededRandom, type SeededRandom } from '../../domain/seededRandom';
import { readCockpitStats, type CockpitStatsContext } from '../cockpit/cockpitStatsQueries';
import type { CockpitStatsRepository } from '../cockpit/cockpitStatsRepository';
import type { Caller } from '../registry/accessErrors';
import { openDatabase, type SqliteDatabase } from './openDatabase';
import { createPatrolMeasure } from '../assessment/gridPatrolCoverage';
import { GridStreets } from '../tracking/gridStreets';
import { sqliteAssessmentRepository } from './sqliteAssessmentStore';
import { sqliteCockpitStats } from './sqliteCockpitStatsStore';
import { SqliteIncidentStore } from './sqliteIncidentStore';
import { SqliteRegistryStore } from './sqliteRegistry';
import { SqliteRollupStatsStore, sqliteRollupStats } from './sqliteRollupStatsStore';
import {
  deferRegisterRollups,
  dumpStatsRollups,
  ensureStatsRollups,
  rebuildStatsRollups,
  suspendStatsRollups,
} from './statsRollups';
import { STATS_ROLLUP_TRIGGER_NAMES } from './statsRollupTriggers';

const HOUR_MS = 60 * 60 * 1000;
/** Saturday 5 December 2026, 12:00 in the district. */
const NOW_MS = Date.UTC(2026, 11, 5, 4, 0);
const HISTORY_DAYS = 40;
const EVENT_COUNT = 600;
const DISPATCHER: IncidentActor = { username: 'dispatcher', role: 'dispatcher' };
const WORKER: IncidentActor = { username: 'worker01', role: 'grid_worker' };
const COMMANDS: ReadonlyArray<[IncidentCommand, IncidentActor]> = [
  [{ action: 'register' }, DISPATCHER],
  [
    { action: 'dispatch', assigneeUsername: 'worker01', department: 'urban_management' },
    DISPATCHER,
  ],
  [{ action: 'accept' }, WORKER],
  [{ action: 'feed_back' }, WORKER],
  [{ action: 'verify' }, DISPATCHER],
  [{ action: 'return_for_rework' }, DISPATCHER],
  [{ action: 'reject' }, DISPATCHER],
  [{ action: 'evaluate', score: 4 }, DISPATCHER],
];
const SOURCES = ['worker', 'citizen', 'hotline'] as const;

let district: TestDistrict;
let db: SqliteDatabase;
let baseGrids: string[];

beforeAll(() => {
  district = generateTestDistrict({ buildingCount: 40, residentCount: 2_000 });
  db = openDatabase(district.dbPath);
  baseGrids = (
    db.prepare('SELECT code FROM grids WHERE level = 4 ORDER BY code').all() as Array<{
      code: string;
    }>
  ).map((row) => row.code);
});

afterAll(() => {
  db?.close();
  district?.dispose();
});

/** One random incident event: a new report, or the next step (and due escalations) of one. */
function incidentEvent(store: SqliteIncidentStore, random: SeededRandom, open: Incident[]): void {
  const existing = open.length > 0 && random.next() < 0.7 ? random.pick(open) : null;
  const atMs =
    existing === null
      ? NOW_MS - random.int(0, HISTORY_DAYS * 24) * HOUR_MS
      : (existing.history.at(-1)?.atMs ?? 0) + random.int(1, 40) * HOUR_MS;
  if (atMs > NOW_MS) return;
  let incident: Incident;
  if (existing === null) {
    const reported = reportIncident(
      {
        id: store.nextIncidentId(),
        categoryCode: random.pick(INCIDENT_CATEGORIES).code,
        source: random.pick(SOURCES),
        location: { lon: 119.3, lat: 26.08 },
        gridCode: random.pick(baseGrids),
        description: 'rollup test',
        attachments: [],
      },
      DISPATCHER,
      atMs,
    );
    if (!reported.ok) throw new Error(reported.error.message.en);
    incident = reported.incident;
  } else {
    // The first command that applies, from a random one on: most incidents move on.
    const first = random.int(0, COMMANDS.length - 1);
    const next = COMMANDS.map((_, offset) => COMMANDS[(first + offset) % COMMANDS.length]!)
      .map(([command, actor]) => applyTransition(existing, command, actor, atMs))
      .find((result) => result.ok);
    if (next === undefined || !next.ok) return;
    incident = recordEscalations(next.incident, escalate(next.incident, atMs));
  }
  const { history, ...snapshot } = incident;
  store.commitChange({
    incident,
    isNew: existing === null,
    events: [{ incident: snapshot, transition: history.at(-1) ?? null, escalation: null }],
  });
  if (existing !== null) open.splice(open.indexOf(existing), 1);
  open.push(incident);
}

function idOf(sql: string, random: SeededRandom): number | null {
  const ids = (db.prepare(sql).all() as Array<{ id: number }>).map((row) => row.id);
  return ids.length === 0 ? null : random.pick(ids);
}

/** One random register write, through plain SQL as any writer would (the triggers see them all). */
function registerEvent(random: SeededRandom): void {
  const person = idOf('SELECT id FROM persons ORDER BY random() LIMIT 5', random);
  const household = idOf('SELECT id FROM households ORDER BY random() LIMIT 5', random);
  const unit = idOf('SELECT id FROM units ORDER BY random() LIMIT 5', random);
  const building = idOf('SELECT id FROM buildings ORDER BY random() LIMIT 5', random);
  const writes: Array<() => void> = [
    () => db.prepare('UPDATE persons SET household_id = ? WHERE id = ?').run(household, person),
    () =>
      db
        .prepare('UPDATE persons SET tags = ? WHERE id = ?')
        .run(random.pick(['', 'elderly_alone', 'disabled,key_care', 'renter']), person),
    () =>
      db
        .prepare('UPDATE persons SET birth_date = ?, sex = ? WHERE id = ?')
        .run(`19${random.int(30, 99)}-05-01`, random.pick(['M', 'F']), person),
    () =>
      db
        .prepare(
          'INSERT INTO person_details (person_id, category) VALUES (?, ?) ' +
            'ON CONFLICT (person_id) DO UPDATE SET category = excluded.category',
        )
        .run(person, random.pick(['registered', 'floating', 'foreign', 'lodging'])),
    () => db.prepare('DELETE FROM person_details WHERE person_id = ?').run(person),
    () =>
      db
        .prepare('UPDATE households SET type = ? WHERE id = ?')
        .run(random.pick(['registered', 'floating', 'rental']), household),
    () => db.prepare('UPDATE households SET unit_id = ? WHERE id = ?').run(unit, household),
    () =>
      db
        .prepare(
          'INSERT INTO persons (household_id, name, sex, birth_date, id_number_sealed, ' +
            'id_number_index, id_number_masked, relation, tags) SELECT ?, name, sex, birth_date, ' +
            'id_number_sealed, id_number_index, id_number_masked, relation, tags FROM persons WHERE id = ?',
        )
        .run(household, person),
    () => {
      const moved = db
        .prepare('INSERT INTO households (unit_id, type) VALUES (?, ?)')
        .run(unit, 'rental');
      db.prepare('UPDATE persons SET household_id = ? WHERE id = ?').run(
        moved.lastInsertRowid,
        person,
      );
    },
    () =>
      db
        .prepare('UPDATE units SET use = ? WHERE id = ?')
        .run(random.pick(['residential', 'rental', 'commercial', 'vacant']), unit),
    () =>
      db
        .prepare('UPDATE buildings SET kind = ? WHERE id = ?')
        .run(random.pick(['slab', 'tower', 'l_shape', 'courtyard', 'commercial']), building),
    () =>
      db
        .prepare('UPDATE buildings SET grid_code = ? WHERE id = ?')
        .run(random.pick(baseGrids), building),
  ];
  db.transaction(() => random.pick(writes)())();
}

function figuresFor(stats: CockpitStatsRepository, caller: Caller, gridCode: string | null) {
  const registry = new SqliteRegistryStore(db);
  const context: CockpitStatsContext = {
    stats,
    registry,
    listWorkers: () => [],
    measurePatrol: createPatrolMeasure(sqliteAssessmentRepository(db), new GridStreets(registry)),
    statusOf: () => 'offline',
    nowMs: NOW_MS,
  };
  return readCockpitStats(context, caller, gridCode);
}

describe('cockpit rollups', () => {
  it('are kept by triggers on every table that changes a figure', () => {
    const names = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{
        name: string;
      }>
    ).map((row) => row.name);
    expect(names).toEqual(expect.arrayContaining(STATS_ROLLUP_TRIGGER_NAMES));
  });

  it('equal a rebuild after a random sequence of incident and register events', () => {
    const random = createSeededRandom(11);
    const store = new SqliteIncidentStore(db);
    const open: Incident[] = [];
    for (let event = 0; event < EVENT_COUNT; event++) {
      if (random.next() < 0.75) incidentEvent(store, random, open);
      else registerEvent(random);
    }
    expect(open.length).toBeGreaterThan(50);
    const incremental = dumpStatsRollups(db);
    expect(incremental.stats_wait_rollup!.length).toBeGreaterThan(0);
    expect(incremental.stats_due_rollup!.length).toBeGreaterThan(0);
    rebuildStatsRollups(db);
    expect(dumpStatsRollups(db)).toEqual(incremental);
  });

  it('answer every figure exactly as the GROUP BY over the raw tables, at each level and scope', async () => {
    const rollups = sqliteRollupStats(db);
    const raw = sqliteCockpitStats(db);
    const districtCode = baseGrids[0]!.slice(0, 6);
    const street = baseGrids[0]!.slice(0, 9);
    const community = baseGrids.at(-1)!.slice(0, 12);
    const leader: Caller = { username: 'leader', role: 'leader', scopes: [districtCode] };
    const scoped: Caller = {
      username: 'dispatcher',
      role: 'dispatcher',
      scopes: [street, community, baseGrids[1]!],
    };
    for (const [caller, gridCode] of [
      [leader, null],
      [leader, street],
      [leader, community],
      [leader, baseGrids[0]!],
      [scoped, null],
      [scoped, districtCode],
    ] as const) {
      const fromRollups = await figuresFor(rollups, caller, gridCode);
      expect(fromRollups).toEqual(await figuresFor(raw, caller, gridCode));
      if (gridCode !== null || caller !== leader) continue;
      // The sequence reached every kind of figure, so equality above means something.
      const { incidents, people } = fromRollups;
      expect(incidents.stepDurations.length).toBeGreaterThanOrEqual(3);
      expect(incidents.onTimeClosed + incidents.lateClosed).toBeGreaterThan(0);
      expect(incidents.overdueNow).toBeGreaterThan(0);
      expect(incidents.escalations).toBeGreaterThan(0);
      expect(people.byCategory.length).toBeGreaterThan(2);
    }
  });

  it('refuse a window that does not start on a district day instead of answering roughly', () => {
    const rollups = new SqliteRollupStatsStore(db);
    const area = { gridCode: null, scopes: [baseGrids[0]!.slice(0, 6)] };
    expect(() => rollups.countIncidentsPerDay(area, NOW_MS - DAY_MS)).toThrow(/district day/);
  });

  it('skip the triggers while suspended and catch up on the next open', () => {
    suspendStatsRollups(db);
    const before = dumpStatsRollups(db);
    db.prepare(
      "UPDATE persons SET tags = 'key_care' WHERE id IN (SELECT id FROM persons LIMIT 50)",
    ).run();
    expect(dumpStatsRollups(db)).toEqual(before);
    expect(ensureStatsRollups(db)).toBe(true);
    const caughtUp = dumpStatsRollups(db);
    expect(caughtUp).not.toEqual(before);
    rebuildStatsRollups(db);
    expect(dumpStatsRollups(db)).toEqual(caughtUp);
    expect(ensureStatsRollups(db)).toBe(false);
  });

  it('defer the register part for a bulk write and catch it up before the commit', () => {
    const before = dumpStatsRollups(db);
    const household = db.prepare('SELECT id FROM households LIMIT 1').get() as { id: number };
    const bulkWrite = () => {
      db.prepare(
        "UPDATE persons SET tags = 'disabled' WHERE id IN (SELECT id FROM persons LIMIT 80)",
      ).run();
      db.prepare(
        "UPDATE households SET type = 'rental' WHERE id IN (SELECT id FROM households LIMIT 30)",
      ).run();
      db.prepare(
        'UPDATE persons SET household_id = ? WHERE id IN (SELECT id FROM persons ORDER BY id DESC LIMIT 25)',
      ).run(household.id);
    };
    expect(() => deferRegisterRollups(db)).toThrow(/transaction/);

    // A write that fails leaves the triggers running and the rollups as they were.
    expect(() =>
      db.transaction(() => {
        deferRegisterRollups(db);
        bulkWrite();
        throw new Error('import failed half-way');
      })(),
    ).toThrow(/half-way/);
    expect(dumpStatsRollups(db)).toEqual(before);

    db.transaction(() => {
      const finish = deferRegisterRollups(db);
      bulkWrite();
      // Paused: nothing moved yet.
      expect(dumpStatsRollups(db)).toEqual(before);
      finish();
    })();
    const caughtUp = dumpStatsRollups(db);
    expect(caughtUp).not.toEqual(before);
    rebuildStatsRollups(db);
    expect(dumpStatsRollups(db)).toEqual(caughtUp);
    expect(ensureStatsRollups(db)).toBe(false);
    // The triggers run again after the commit.
    db.prepare("UPDATE persons SET tags = '' WHERE id IN (SELECT id FROM persons LIMIT 80)").run();
    expect(dumpStatsRollups(db)).not.toEqual(caughtUp);
  });

  it('are rebuilt on open when a trigger went missing (a table rebuilt by an upgrade)', () => {
    db.exec('DROP TRIGGER stats_households_update');
    db.prepare(
      "UPDATE households SET type = 'floating' WHERE id IN (SELECT id FROM households LIMIT 20)",
    ).run();
    expect(ensureStatsRollups(db)).toBe(true);
    const rebuilt = dumpStatsRollups(db);
    rebuildStatsRollups(db);
    expect(dumpStatsRollups(db)).toEqual(rebuilt);
    expect(ensureStatsRollups(db)).toBe(false);
  });
});
