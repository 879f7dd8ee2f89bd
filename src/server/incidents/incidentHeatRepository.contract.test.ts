/**
 * The contract of IncidentHeatRepository on every engine (docs/decisions/0040-postgresql.md):
 * one synthetic district written with the SQLite tools (PostgreSQL gets its rows copied once),
 * incidents stored per case through each engine's IncidentRepository.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentActor } from '../../domain/incidents/incident';
import { reportIncident } from '../../domain/incidents/incidentStateMachine';
import { openDatabase } from '../store/openDatabase';
import { PostgresIncidentHeat } from '../store/pg/postgresIncidentHeat';
import { PostgresIncidentRepository } from '../store/pg/postgresIncidentRepository';
import { loadIdentifierSealer } from '../store/dataKeyFiles';
import { sqliteIncidentHeatRepository } from '../store/sqliteIncidentHeatStore';
import { sqliteIncidentRepository } from '../store/sqliteIncidentStore';
import { copySqliteFileToPostgres } from '../testing/copySqliteToPostgres';
import { postgresContractEngine, sqliteContractEngine } from '../testing/contractEngines';
import {
  writeSyntheticDistrict,
  type SyntheticDistrictSummary,
} from '../testing/syntheticDistrict';
import type { IncidentHeatRepository } from './incidentHeatQueries';
import type { IncidentRepository } from './incidentRepository';

const T0_MS = Date.UTC(2026, 11, 6, 8);
const MINUTE_MS = 60_000;
const DISPATCHER: IncidentActor = { username: 'dispatcher', role: 'dispatcher' };
const SIZE = {
  streetCount: 2,
  communitiesPerStreet: 1,
  gridsPerCommunity: 2,
  buildingsPerGrid: 2,
  floors: 3,
  unitsPerFloor: 2,
  vacantEvery: 5,
  rentalEvery: 3,
  householdsPerUnit: 1,
  personsPerHousehold: 2,
};

const dir = mkdtempSync(join(tmpdir(), 'gcc-heat-contract-'));
const districtPath = join(dir, 'district.sqlite');
const district: SyntheticDistrictSummary = writeSyntheticDistrict(districtPath, SIZE);
const sealer = loadIdentifierSealer(dir, { create: true, env: {} });

interface Opened {
  heat: IncidentHeatRepository;
  incidents: IncidentRepository;
  close(): void;
}

const ENGINES = [
  sqliteContractEngine<Opened>('heat', (path) => {
    writeSyntheticDistrict(path, SIZE);
    const db = openDatabase(path);
    return {
      heat: sqliteIncidentHeatRepository(db),
      incidents: sqliteIncidentRepository(db),
      close: () => db.close(),
    };
  }),
  postgresContractEngine<Opened>({
    tables: ['incidents', 'incident_events'],
    poolSize: 2,
    setUp: (database) => copySqliteFileToPostgres(districtPath, database.url),
    open: ([pool]) => ({
      heat: new PostgresIncidentHeat(pool!),
      incidents: new PostgresIncidentRepository(pool!, () => sealer),
      close: () => {},
    }),
  }),
];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(ENGINES)('incident heat on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  async function report(gridCode: string, atMs: number, categoryCode: string): Promise<string> {
    let id = '';
    await opened.incidents.createIncident({}, (newId) => {
      id = newId;
      const reported = reportIncident(
        {
          id: newId,
          categoryCode,
          source: 'dispatcher',
          location: { lon: 119.3, lat: 26.08 },
          gridCode,
          description: '',
        },
        DISPATCHER,
        atMs,
      );
      if (!reported.ok) throw new Error(reported.error.message.en);
      return { incident: reported.incident, isNew: true, events: [] };
    });
    return id;
  }

  it('lists the window, category and scopes oldest first, keeping the newest past the limit', async () => {
    const [gridA, gridB] = [district.baseGridCodes[0]!, district.baseGridCodes.at(-1)!];
    const first = await report(gridA, T0_MS, 'street_order');
    const second = await report(gridB, T0_MS + MINUTE_MS, 'safety_hazard');
    const third = await report(gridA, T0_MS + 2 * MINUTE_MS, 'safety_hazard');
    await report(gridA, T0_MS + 10 * MINUTE_MS, 'street_order');
    const scopes = [district.districtCode];
    const window = { scopes, fromMs: T0_MS, toMs: T0_MS + 10 * MINUTE_MS, limit: 10 };
    const ids = async (filter: Parameters<IncidentHeatRepository['listHeatIncidents']>[0]) =>
      (await opened.heat.listHeatIncidents(filter)).map((record) => record.id);

    const listed = await opened.heat.listHeatIncidents(window);
    expect(listed.map((record) => record.id)).toEqual([first, second, third]);
    expect(listed[1]).toEqual({
      id: second,
      lon: 119.3,
      lat: 26.08,
      reportedAtMs: T0_MS + MINUTE_MS,
      categoryCode: 'safety_hazard',
      gridCode: gridB,
    });
    expect(await ids({ ...window, categoryCode: 'safety_hazard' })).toEqual([second, third]);
    expect(await ids({ ...window, scopes: [district.streetCodes[0]!] })).toEqual([first, third]);
    expect(await ids({ ...window, scopes: [] })).toEqual([]);
    expect(await ids({ ...window, limit: 2 })).toEqual([second, third]);
  });

  it('counts the residents of each building inside the scopes', async () => {
    const all = await opened.heat.listResidentPoints([district.districtCode]);
    expect(all.reduce((sum, [, , residents]) => sum + residents, 0)).toBe(district.personCount);
    expect(all.every(([, , residents]) => residents > 0)).toBe(true);
    const street = await opened.heat.listResidentPoints([district.streetCodes[0]!]);
    expect(street.length).toBeGreaterThan(0);
    expect(street.length).toBeLessThan(all.length);
    expect(all).toEqual(expect.arrayContaining(street));
    expect(await opened.heat.listResidentPoints([])).toEqual([]);
  });
});
