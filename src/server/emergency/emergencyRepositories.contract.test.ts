/**
 * The contracts of EmergencyRepository, EvacuationRepository and DoorKnockRepository, run against
 * every engine (docs/decisions/0040-postgresql.md) over one synthetic district: written once with
 * the SQLite tools, each SQLite case gets a copy of the file, and PostgreSQL gets its rows
 * (testing/copySqliteToPostgres.ts) with `door_knock_tasks` emptied per case. The buildings under
 * a plume are checked against a test of every building of the district by the zone profiles.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { computeThreatZones } from '../../domain/emergency/plumeScenario';
import { resolvePlumeScenario } from '../../domain/emergency/plumeScenarioInput';
import { zoneMaskOfPoints } from '../../domain/emergency/zoneMembership';
import type { PlumeAssessmentRequest } from '../../shared/emergency';
import type { Caller } from '../registry/accessErrors';
import { openDatabase, type SqliteDatabase } from '../store/openDatabase';
import { PostgresDoorKnockStore } from '../store/pg/postgresDoorKnockStore';
import {
  buildingsInZonesSql,
  PostgresEmergencyStore,
  PostgresEvacuationStore,
} from '../store/pg/postgresEmergencyStore';
import { createPostgresPool, type PostgresPool } from '../store/pg/postgresPool';
import { sqliteDoorKnockRepository, SqliteDoorKnockStore } from '../store/sqliteDoorKnockStore';
import { sqliteEmergencyRepository, SqliteEmergencyStore } from '../store/sqliteEmergencyStore';
import { sqliteEvacuationRepository, SqliteEvacuationStore } from '../store/sqliteEvacuationStore';
import { postgresContractEngine, sqliteContractEngine } from '../testing/contractEngines';
import { copySqliteFileToPostgres } from '../testing/copySqliteToPostgres';
import { writeSyntheticDistrict } from '../testing/syntheticDistrict';
import { createMigratedTestPostgres, type TestPostgres } from '../testing/testPostgres';
import { DoorKnocking, type DoorKnockingDeps, type DoorKnockRepository } from './doorKnocking';
import type { EvacuationRepository } from './evacuationPlanner';
import { assessPlume, zonePolygonsOf, type EmergencyRepository } from './plumeAssessment';
import { ScenarioHub } from './scenarioHub';

/** 16 buildings in a row from west to east, 10 m apart, two streets of 8. */
const SIZE = {
  streetCount: 2,
  communitiesPerStreet: 1,
  gridsPerCommunity: 2,
  buildingsPerGrid: 4,
  floors: 3,
  unitsPerFloor: 2,
  vacantEvery: 5,
  rentalEvery: 3,
  householdsPerUnit: 1,
  personsPerHousehold: 2,
};
const DISTRICT = '350102';
const FIRST_STREET = '350102001';
const NOW = new Date(Date.UTC(2026, 11, 6, 9));
/** Calls that arrive at once; each PostgreSQL pool has as many clients. */
const AT_ONCE = 8;
const SCENARIO = 'scenario-1';

const templateDir = mkdtempSync(join(tmpdir(), 'gcc-emergency-district-'));
const templatePath = join(templateDir, 'district.sqlite');
writeSyntheticDistrict(templatePath, SIZE);

interface Opened {
  emergency: EmergencyRepository;
  evacuation: EvacuationRepository;
  /** Two handles on one store: as two server nodes hold it (the same one on SQLite). */
  doorKnock: [DoorKnockRepository, DoorKnockRepository];
  close(): void;
}

const ENGINES = [
  sqliteContractEngine<Opened>('emergency', (path) => {
    copyFileSync(templatePath, path);
    const db = openDatabase(path);
    const doorKnock = sqliteDoorKnockRepository(db);
    return {
      emergency: sqliteEmergencyRepository(db),
      evacuation: sqliteEvacuationRepository(db),
      doorKnock: [doorKnock, doorKnock],
      close: () => db.close(),
    };
  }),
  postgresContractEngine<Opened>({
    tables: ['door_knock_tasks'],
    pools: 2,
    poolSize: AT_ONCE,
    async setUp(database) {
      await copySqliteFileToPostgres(templatePath, database.url);
    },
    open: (pools) => ({
      emergency: new PostgresEmergencyStore(pools[0]!),
      evacuation: new PostgresEvacuationStore(pools[0]!),
      doorKnock: [new PostgresDoorKnockStore(pools[0]!), new PostgresDoorKnockStore(pools[1]!)],
      close: () => {},
    }),
  }),
];

/** The template district read directly (the reference the stores' answers are checked against). */
let template: SqliteDatabase;
const buildingPoints = () =>
  template
    .prepare('SELECT id, origin_lon AS lon, origin_lat AS lat FROM buildings ORDER BY id')
    .all() as Array<{ id: number; lon: number; lat: number }>;

/** Chlorine at the eighth building, the wind from the west: the eastern half lies downwind. */
function releaseAtEighthBuilding(): PlumeAssessmentRequest {
  const source = buildingPoints()[7]!;
  return {
    substance: 'chlorine',
    release: { kind: 'continuous', rateGPerS: 200 },
    source: { lon: source.lon, lat: source.lat },
    windMs: 2,
    windFromDeg: 270,
    stability: 'D',
    terrain: 'urban',
  };
}

/** Building id → zone mask, for every building of the district with a non-empty mask. */
function referenceMasks(request: PlumeAssessmentRequest): Map<number, number> {
  const { frame, zones } = computeThreatZones(
    resolvePlumeScenario(request, NOW.getTime()).scenario,
  );
  const points = buildingPoints();
  const masks = zoneMaskOfPoints(
    zones,
    frame,
    points.map((point) => point.lon),
    points.map((point) => point.lat),
  );
  return new Map(
    points.flatMap((point, index) => (masks[index]! ? [[point.id, masks[index]!]] : [])),
  );
}

function callerOf(scopes: readonly string[]): Caller {
  return { username: 'dispatcher', role: 'admin', scopes };
}

const byJson = <T>(list: readonly T[]) =>
  [...list].sort((left, right) => JSON.stringify(left).localeCompare(JSON.stringify(right)));

beforeAll(() => {
  template = openDatabase(templatePath);
});
afterAll(() => {
  template.close();
  rmSync(templateDir, { recursive: true, force: true });
});

describe.each(ENGINES)(
  'buildings, residents and door knocking under a plume on $name',
  (engine) => {
    let opened: Opened;

    beforeAll(() => engine.prepare());
    afterAll(() => engine.dispose());
    beforeEach(async () => {
      opened = await engine.open();
    });
    afterEach(() => opened.close());

    it('finds the buildings of each zone as a test of every building does, within the scope', async () => {
      const request = releaseAtEighthBuilding();
      const expected = referenceMasks(request);
      // The case means something only if some buildings are inside and some are not.
      expect(expected.size).toBeGreaterThan(2);
      expect(expected.size).toBeLessThan(buildingPoints().length - 2);

      const assessment = await assessPlume(opened.emergency, callerOf([DISTRICT]), request, NOW);
      expect(new Map(assessment.buildings.map(([id, mask]) => [id, mask]))).toEqual(expected);
      const residents = template
        .prepare(
          'SELECT COUNT(*) AS n FROM persons p JOIN households h ON h.id = p.household_id ' +
            'JOIN units u ON u.id = h.unit_id WHERE u.building_id IN (SELECT value FROM json_each(?))',
        )
        .get(JSON.stringify([...expected.keys()])) as { n: number };
      expect(assessment.zones[0]!.residents).toBe(residents.n);

      const street = await assessPlume(opened.emergency, callerOf([FIRST_STREET]), request, NOW);
      const inStreet = template
        .prepare('SELECT id FROM buildings WHERE grid_code LIKE ?')
        .all(`${FIRST_STREET}%`)
        .map((row) => (row as { id: number }).id);
      expect(street.buildings.map(([id]) => id).sort((a, b) => a - b)).toEqual(
        [...expected.keys()].filter((id) => inStreet.includes(id)).sort((a, b) => a - b),
      );
      expect(await assessPlume(opened.emergency, callerOf([]), request, NOW)).toMatchObject({
        buildings: [],
      });
      expect(await opened.emergency.listBuildingPointsInZones([DISTRICT], [])).toEqual([]);
    });

    it('answers the residents grouped, and the evacuation places and counts, as SQLite does', async () => {
      const request = releaseAtEighthBuilding();
      const zones = zonePolygonsOf(
        computeThreatZones(resolvePlumeScenario(request, NOW.getTime()).scenario).zones,
      );
      const ids = [...referenceMasks(request).keys()];
      const reference = {
        groups: new SqliteEmergencyStore(template).listResidentGroups(ids),
        places: new SqliteEvacuationStore(template).listBuildingPlacesInZones(zones),
        counts: new SqliteEvacuationStore(template).countResidents(ids),
        members: new SqliteDoorKnockStore(template).listMembers(ids),
      };
      expect(reference.groups.length).toBeGreaterThan(0);
      expect(byJson(await opened.emergency.listResidentGroups(ids))).toEqual(
        byJson(reference.groups),
      );
      expect(await opened.emergency.listResidentGroups([])).toEqual([]);
      const places = await opened.evacuation.listBuildingPlacesInZones(zones);
      expect(places).toEqual(reference.places);
      expect(places.map((place) => place.id)).toEqual(expect.arrayContaining(ids));
      expect(await opened.evacuation.countResidents(ids)).toEqual(reference.counts);
      expect(await opened.doorKnock[0].listMembers(ids)).toEqual(reference.members);
      expect(await opened.doorKnock[0].listMembers([])).toEqual([]);
    });

    it('claims a household for one task per scenario, frees a stale claim, names the incident', async () => {
      const [tasks] = opened.doorKnock;
      const at = NOW.getTime();
      expect(await tasks.claimHouseholds(SCENARIO, [1, 2, 3], at, at - 1000)).toEqual([1, 2, 3]);
      expect(await tasks.claimHouseholds(SCENARIO, [3, 4], at + 1, at - 1000)).toEqual([4]);
      expect(await tasks.claimHouseholds('scenario-2', [3], at, at - 1000)).toEqual([3]);
      await tasks.setTaskIncident(SCENARIO, [1, 2], 'INC-1');
      await tasks.releaseHouseholds(SCENARIO, [2, 4]);
      expect(await tasks.listTasks(SCENARIO)).toEqual(
        new Map<number, string | null>([
          [1, 'INC-1'],
          [2, 'INC-1'],
          [3, null],
        ]),
      );
      // A claim left without an incident past the timeout is taken again; one with an incident never.
      expect(await tasks.claimHouseholds(SCENARIO, [1, 3], at + 5000, at + 10)).toEqual([3]);
      expect(await tasks.claimHouseholds(SCENARIO, [3], at + 6000, at + 10)).toEqual([]);
    });

    it('gives each household to one claim when claims of overlapping sets run at once on two nodes', async () => {
      const households = Array.from({ length: 24 }, (_, index) => index + 1);
      const claims = await Promise.all(
        Array.from({ length: AT_ONCE }, (_, index) => {
          // Each claim a different overlapping window, in a different order.
          const mine = households.filter((id) => (id + index) % 3 !== 0);
          if (index % 2 === 1) mine.reverse();
          return opened.doorKnock[index % 2]!.claimHouseholds(SCENARIO, mine, NOW.getTime(), 0);
        }),
      );
      const claimed = claims.flat().sort((a, b) => a - b);
      expect(claimed).toEqual(households);
    });

    it('assigns each household once when two nodes assign the same ones at once', async () => {
      const request = releaseAtEighthBuilding();
      const nodes = twoNodes(opened);
      await nodes.start(request);
      const listed = await nodes.doorKnocking[0].list(callerOf([DISTRICT]), 'AEGL-1');
      const householdIds = listed.households.map((household) => household.householdId);
      expect(householdIds.length).toBeGreaterThan(3);

      const assigned = await Promise.all(
        Array.from({ length: AT_ONCE }, (_, index) =>
          nodes.doorKnocking[index % 2]!.assign(callerOf([DISTRICT]), householdIds),
        ),
      );
      const sent = assigned.flat().flatMap((assignment) => assignment.householdIds);
      expect(sent.sort((a, b) => a - b)).toEqual([...householdIds].sort((a, b) => a - b));
      expect(nodes.reported()).toBe(assigned.flat().length);
      const again = await nodes.doorKnocking[1].list(callerOf([DISTRICT]), 'AEGL-1');
      expect(again.households.every((household) => household.task !== null)).toBe(true);
    });
  },
);

describe('the buildings under a plume on PostgreSQL', () => {
  let database: TestPostgres;
  let pool: PostgresPool;

  beforeAll(async () => {
    database = await createMigratedTestPostgres();
    pool = createPostgresPool(database.url, 1);
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('are found through the GiST index of the building points', async () => {
    const client = await pool.connect();
    try {
      // The table is empty here: a sequential scan would win on cost, so it is ruled out.
      await client.query('SET enable_seqscan = off');
      const zone = {
        type: 'Polygon',
        coordinates: [
          [
            [119.3, 26.08],
            [119.31, 26.08],
            [119.31, 26.09],
            [119.3, 26.08],
          ],
        ],
      };
      const { rows } = await client.query(`EXPLAIN ${buildingsInZonesSql('b.id', 'true')}`, [
        [JSON.stringify(zone)],
        1e-6,
      ]);
      const plan = rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n');
      expect(plan).toMatch(
        /Index Scan using buildings_origin|Bitmap Index Scan on buildings_origin/,
      );
      expect(plan).toMatch(/Index Cond: \(origin && /);
    } finally {
      client.release();
    }
  });
});

/**
 * Two server nodes' door knocking over the two store handles: each its own scenario hub (the
 * second takes the first's scenario as relayed), one incident service for both (its ids are
 * what the tasks name; its own store is not what this suite is about).
 */
function twoNodes(opened: Opened) {
  let reported = 0;
  let relayed: Promise<void> = Promise.resolve();
  const incidents = {
    reportFromUser: () => ({ ok: true, incident: { id: `INC-${++reported}` } }),
    transition: () => ({ ok: false }),
    findInScope: () => ({ state: 'reported', assigneeUsername: null }),
  } as unknown as DoorKnockingDeps['incidents'];
  const hubOf = (relayTo: () => ScenarioHub | null) =>
    new ScenarioHub({
      repository: opened.emergency,
      audit: { recordAudit: async () => 0 },
      now: () => NOW,
      findScopes: () => Promise.resolve(null),
      onChanged: (snapshot) => {
        relayed = relayTo()?.applyRelayed(snapshot) ?? relayed;
      },
    });
  const second = hubOf(() => null);
  const first = hubOf(() => second);
  const doorKnockingOf = (hub: ScenarioHub, repository: DoorKnockRepository) =>
    new DoorKnocking({
      hub,
      repository,
      incidents,
      dispatch: {
        suggestions: async () => [],
        confirm: async () => {
          throw new Error('nobody to dispatch to in this case');
        },
      } as unknown as DoorKnockingDeps['dispatch'],
      workerName: () => Promise.resolve(null),
      audit: async () => {},
      now: () => NOW,
    });
  return {
    doorKnocking: [
      doorKnockingOf(first, opened.doorKnock[0]),
      doorKnockingOf(second, opened.doorKnock[1]),
    ] as const,
    async start(request: PlumeAssessmentRequest) {
      await first.change(callerOf([DISTRICT]), request);
      await relayed;
    },
    reported: () => reported,
  };
}
