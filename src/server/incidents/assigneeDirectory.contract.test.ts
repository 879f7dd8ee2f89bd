/**
 * The contract of AssigneeDirectory on every engine (docs/decisions/0040-postgresql.md), with the
 * assignment rule over it: workers of one synthetic district written with the SQLite tools
 * (copied once to PostgreSQL), users stored per case through each engine's users repository.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UserRecord } from '../auth/authRepository';
import type { UserAdminRepository } from '../auth/userAdminRepository';
import { openDatabase } from '../store/openDatabase';
import { postgresAssigneeDirectory } from '../store/pg/postgresAssigneeDirectory';
import { PostgresUserAdminRepository } from '../store/pg/postgresUserAdminRepository';
import { loadIdentifierSealer } from '../store/dataKeyFiles';
import { sqliteAssigneeDirectory } from '../store/sqliteAssigneeDirectory';
import { sqliteUserAdminRepository } from '../store/sqliteAuthStore';
import { copySqliteFileToPostgres } from '../testing/copySqliteToPostgres';
import { postgresContractEngine, sqliteContractEngine } from '../testing/contractEngines';
import { writeSyntheticDistrict } from '../testing/syntheticDistrict';
import { checkAssignment, type AssigneeDirectory } from './assignmentRule';

const SIZE = {
  streetCount: 2,
  communitiesPerStreet: 1,
  gridsPerCommunity: 1,
  buildingsPerGrid: 1,
  floors: 1,
  unitsPerFloor: 1,
  vacantEvery: 5,
  rentalEvery: 3,
  householdsPerUnit: 1,
  personsPerHousehold: 1,
};

const dir = mkdtempSync(join(tmpdir(), 'gcc-assignees-contract-'));
const districtPath = join(dir, 'district.sqlite');
const district = writeSyntheticDistrict(districtPath, SIZE);
const sealer = loadIdentifierSealer(dir, { create: true, env: {} });
const [FIRST_STREET_GRID, SECOND_STREET_GRID] = district.baseGridCodes as [string, string];

interface Opened {
  directory: AssigneeDirectory;
  users: UserAdminRepository;
  close(): void;
}

const ENGINES = [
  sqliteContractEngine<Opened>('assignees', (path) => {
    writeSyntheticDistrict(path, SIZE);
    const db = openDatabase(path);
    return {
      directory: sqliteAssigneeDirectory(db),
      users: sqliteUserAdminRepository(db),
      close: () => db.close(),
    };
  }),
  postgresContractEngine<Opened>({
    tables: ['users'],
    poolSize: 2,
    setUp: (database) => copySqliteFileToPostgres(districtPath, database.url),
    open: ([pool]) => ({
      directory: postgresAssigneeDirectory(pool!, sealer),
      users: new PostgresUserAdminRepository(pool!),
      close: () => {},
    }),
  }),
];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function userNamed(username: string, changes: Partial<UserRecord>): UserRecord {
  return {
    username,
    displayName: username,
    passwordHash: 'scrypt$x',
    role: 'department_handler',
    scopes: [district.streetCodes[0]!],
    demo: false,
    disabled: false,
    mustChangePassword: false,
    department: null,
    ...changes,
  };
}

describe.each(ENGINES)('assignees on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
    await opened.users.insertUser(userNamed('handler', {}));
    await opened.users.insertUser(userNamed('gone', { disabled: true }));
    await opened.users.insertUser(userNamed('viewer', { role: 'viewer' }));
  });
  afterEach(() => opened.close());

  it('finds users and workers with their grids, null for unknown ones', async () => {
    const { directory } = opened;
    expect(await directory.findUser('handler')).toMatchObject({
      username: 'handler',
      role: 'department_handler',
      scopes: [district.streetCodes[0]],
      disabled: false,
    });
    expect((await directory.findUser('gone'))?.disabled).toBe(true);
    expect(await directory.findUser('nobody')).toBeNull();
    expect(await directory.workerById(district.workerIds[0]!)).toMatchObject({
      workerId: district.workerIds[0],
      gridCodes: [FIRST_STREET_GRID],
    });
    expect(await directory.workerById(9_999)).toBeNull();
  });

  it('lets the assignment rule take the street and refuse the rest', async () => {
    const { directory } = opened;
    const incident = { gridCode: FIRST_STREET_GRID };
    const worker = `worker:${district.workerIds[0]}`;
    const otherStreetWorker = `worker:${district.workerIds[1]}`;
    const codeOf = async (assignee: string, scopes: readonly string[] | null = null) =>
      (await checkAssignment(directory, incident, assignee, scopes))?.code ?? null;
    expect(await codeOf(worker)).toBeNull();
    expect(await codeOf('handler', [district.districtCode])).toBeNull();
    expect(await codeOf(otherStreetWorker)).toBe('invalid_command');
    expect(await codeOf('gone')).toBe('invalid_command');
    expect(await codeOf('viewer')).toBe('invalid_command');
    expect(await codeOf('worker:9999')).toBe('invalid_command');
    expect(await codeOf(worker, [SECOND_STREET_GRID])).toBe('assignee_out_of_scope');
  });
});
