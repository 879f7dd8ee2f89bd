/**
 * The contract of UserAdminRepository (and so of AuthRepository), run against every engine
 * (docs/decisions/0040-postgresql.md): SQLite on a file of its own per case, PostgreSQL in a
 * database of this file's own, emptied per case. Each case gets two nodes: two repositories over
 * the same database, each with its own connections, as two server processes would have; a
 * session is a row, so what one node opens or ends counts on the other at once.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/api';
import { openDatabase } from '../store/openDatabase';
import { postgresContractEngine, sqliteContractEngine } from '../testing/contractEngines';
import { PostgresTrustedDevices } from '../store/pg/postgresLoginLockouts';
import { PostgresUserAdminRepository } from '../store/pg/postgresUserAdminRepository';
import { sqliteUserAdminRepository } from '../store/sqliteAuthStore';
import { sqliteTrustedDevices } from '../store/sqliteLoginLockoutStore';
import type { SessionRecord, UserRecord } from './authRepository';
import type { TrustedDeviceRepository } from './trustedDevices';
import type { UserAdminRepository } from './userAdminRepository';

const NOW = '2026-12-06T08:00:00.000Z';
const LATER = '2026-12-06T20:00:00.000Z';
const EXPIRES = '2026-12-06T12:00:00.000Z';
/** Inserts of one new name at once, spread over both nodes (each node's pool holds this many). */
const CONCURRENT_INSERTS = 6;

interface Opened {
  /** Two nodes of one database. */
  nodes: [UserAdminRepository, UserAdminRepository];
  devices: TrustedDeviceRepository;
  close(): void;
}

const ENGINES = [
  sqliteContractEngine<Opened>('users', (path) => {
    const first = openDatabase(path);
    const second = openDatabase(path);
    return {
      nodes: [sqliteUserAdminRepository(first), sqliteUserAdminRepository(second)],
      devices: sqliteTrustedDevices(first),
      close: () => {
        first.close();
        second.close();
      },
    };
  }),
  postgresContractEngine<Opened>({
    tables: ['users', 'sessions', 'departments', 'trusted_devices'],
    // A pool per node, with several clients: inserts that arrive at once really run at once.
    pools: 2,
    poolSize: CONCURRENT_INSERTS,
    open: ([first, second]) => ({
      nodes: [new PostgresUserAdminRepository(first!), new PostgresUserAdminRepository(second!)],
      devices: new PostgresTrustedDevices(first!),
      close: () => {},
    }),
  }),
];

function userNamed(username: string, changes: Partial<UserRecord> = {}): UserRecord {
  return {
    username,
    displayName: `User ${username}`,
    passwordHash: 'scrypt$first',
    role: 'dispatcher',
    scopes: ['350102001', '350102002'],
    demo: false,
    disabled: false,
    mustChangePassword: false,
    department: null,
    ...changes,
  };
}

function sessionOf(username: string, tokenHash: string, createdAt = NOW): SessionRecord {
  return { tokenHash, username, createdAt, expiresAt: EXPIRES };
}

describe.each(ENGINES)('users and sessions on $name', (engine) => {
  let opened: Opened;
  let node: UserAdminRepository;
  let otherNode: UserAdminRepository;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
    [node, otherNode] = opened.nodes;
  });
  afterEach(() => opened.close());

  it('finds a session opened through one node on the other, and a logout on either ends it on both', async () => {
    await node.saveUser(userNamed('ops'));
    await node.createSession(sessionOf('ops', 'hash-a'));
    expect((await otherNode.findSessionUser('hash-a', NOW))?.username).toBe('ops');
    await otherNode.deleteSession('hash-a');
    expect(await node.findSessionUser('hash-a', NOW)).toBeNull();
    expect(await otherNode.findSessionUser('hash-a', NOW)).toBeNull();
  });

  it('answers a session only while it lasts and its user is enabled; expired ones are counted away', async () => {
    await node.saveUser(userNamed('ops'));
    await node.saveUser(userNamed('audit', { role: 'auditor' }));
    await node.createSession(sessionOf('ops', 'hash-ops'));
    await node.createSession(sessionOf('audit', 'hash-audit'));
    expect(await otherNode.findSessionUser('hash-ops', NOW)).toEqual(userNamed('ops'));
    expect(await otherNode.findSessionUser('hash-ops', EXPIRES)).toBeNull();
    expect(await otherNode.updateUser('audit', { disabled: true })).toBe(true);
    expect(await node.findSessionUser('hash-audit', NOW)).toBeNull();
    expect(await otherNode.deleteExpiredSessions(EXPIRES)).toBe(2);
    expect(await otherNode.deleteExpiredSessions(EXPIRES)).toBe(0);
  });

  it('saves over a user, inserts only a free name, and lists users in byte order', async () => {
    await node.saveUser(userNamed('ops', { disabled: true, mustChangePassword: true }));
    await otherNode.saveUser(userNamed('ops', { displayName: 'Ops again', role: 'admin' }));
    expect(await node.findUser('ops')).toEqual(
      userNamed('ops', { displayName: 'Ops again', role: 'admin' }),
    );
    expect(await node.insertUser(userNamed('ops', { displayName: 'Intruder' }))).toBe(false);
    expect((await otherNode.findUser('ops'))?.displayName).toBe('Ops again');
    for (const username of ['op_b', 'op.b', 'op-b', 'opb']) {
      expect(await node.insertUser(userNamed(username))).toBe(true);
    }
    expect((await otherNode.listUsers()).map((user) => user.username)).toEqual([
      'op-b',
      'op.b',
      'op_b',
      'opb',
      'ops',
    ]);
    expect(await node.findUser('nobody')).toBeNull();
  });

  it('takes a new name once when both nodes create it at once: one insert wins, the others answer false', async () => {
    const results = await Promise.all(
      Array.from({ length: CONCURRENT_INSERTS }, (_, index) =>
        opened.nodes[index % 2]!.insertUser(userNamed('twin', { displayName: `Twin ${index}` })),
      ),
    );
    expect(results.filter((inserted) => inserted)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect((await node.findUser('twin'))?.displayName).toBe(`Twin ${winner}`);
  });

  it('changes only the fields given, and answers false for a stranger', async () => {
    await node.saveUser(userNamed('handler', { role: 'department_handler', department: 'water' }));
    expect(
      await otherNode.updateUser('handler', {
        displayName: 'Handler',
        scopes: ['350102'],
        department: null,
        mustChangePassword: true,
      }),
    ).toBe(true);
    expect(await node.findUser('handler')).toEqual(
      userNamed('handler', {
        displayName: 'Handler',
        role: 'department_handler',
        scopes: ['350102'],
        department: null,
        mustChangePassword: true,
      }),
    );
    expect(await node.updateUser('handler', {})).toBe(true);
    expect(await node.updateUserScopes('handler', ['350103'])).toBe(true);
    expect((await otherNode.findUser('handler'))?.scopes).toEqual(['350103']);
    expect(await node.updateUser('nobody', { displayName: 'x' })).toBe(false);
    expect(await node.updateUser('nobody', {})).toBe(false);
    expect(await node.updateUserScopes('nobody', ['350103'])).toBe(false);
  });

  it('ends every session with a reset and forgets trusted devices; a password change keeps its own session', async () => {
    await node.saveUser(userNamed('ops'));
    await node.saveUser(userNamed('other'));
    for (const hash of ['hash-1', 'hash-2', 'hash-3'])
      await node.createSession(sessionOf('ops', hash));
    await node.createSession(sessionOf('other', 'hash-other'));
    await opened.devices.saveTrustedDevice('device-ops', 'ops', 1);
    await opened.devices.saveTrustedDevice('device-other', 'other', 1);

    expect(
      await otherNode.updateUserEndingSessions(
        'ops',
        { passwordHash: 'scrypt$own', mustChangePassword: false },
        'hash-2',
      ),
    ).toBe(true);
    expect((await node.listSessionsOf('ops', NOW)).map((session) => session.tokenHash)).toEqual([
      'hash-2',
    ]);
    expect(await opened.devices.findTrustedDevice('device-ops', 0)).toBeNull();
    expect((await node.findUser('ops'))?.passwordHash).toBe('scrypt$own');

    expect(
      await otherNode.updateUserEndingSessions('ops', {
        passwordHash: 'scrypt$reset',
        mustChangePassword: true,
      }),
    ).toBe(true);
    expect(await node.listSessionsOf('ops', NOW)).toEqual([]);
    expect((await node.findUser('ops'))?.mustChangePassword).toBe(true);
    expect(await node.findSessionUser('hash-other', NOW)).not.toBeNull();
    expect(await opened.devices.findTrustedDevice('device-other', 0)).toEqual({
      username: 'other',
    });
    expect(await otherNode.updateUserEndingSessions('nobody', { disabled: true })).toBe(false);
  });

  it('ends no session when the store refuses the change', async () => {
    await node.saveUser(userNamed('ops'));
    await node.createSession(sessionOf('ops', 'hash-1'));
    await expect(
      otherNode.updateUserEndingSessions('ops', { role: 'emperor' as Role, disabled: true }),
    ).rejects.toThrow();
    expect((await node.findSessionUser('hash-1', NOW))?.role).toBe('dispatcher');
  });

  it('lists live sessions newest first and revokes one by the prefix of its hash', async () => {
    await node.saveUser(userNamed('ops'));
    await node.saveUser(userNamed('other'));
    await node.createSession(sessionOf('ops', 'aaaa1111', '2026-12-06T07:00:00.000Z'));
    await node.createSession(sessionOf('ops', 'bbbb2222', '2026-12-06T07:30:00.000Z'));
    await node.createSession(sessionOf('other', 'aaaa3333'));
    expect(
      (await otherNode.listSessionsOf('ops', NOW)).map((session) => session.tokenHash),
    ).toEqual(['bbbb2222', 'aaaa1111']);
    expect(await otherNode.listSessionsOf('ops', LATER)).toEqual([]);
    expect(await otherNode.deleteSessionByPrefix('ops', 'cccc')).toBe(false);
    expect(await otherNode.deleteSessionByPrefix('ops', 'aaaa')).toBe(true);
    expect(await node.findSessionUser('aaaa1111', NOW)).toBeNull();
    // Another user's session with the same prefix is not touched.
    expect((await node.findSessionUser('aaaa3333', NOW))?.username).toBe('other');
  });

  it('deletes a user with their sessions and trusted devices, and answers false for a stranger', async () => {
    await node.saveUser(userNamed('ops'));
    await node.createSession(sessionOf('ops', 'hash-1'));
    await opened.devices.saveTrustedDevice('device-ops', 'ops', 1);
    expect(await otherNode.deleteUser('ops')).toBe(true);
    expect(await node.findUser('ops')).toBeNull();
    expect(await node.listSessionsOf('ops', NOW)).toEqual([]);
    expect(await opened.devices.findTrustedDevice('device-ops', 0)).toBeNull();
    expect(await otherNode.deleteUser('ops')).toBe(false);
  });

  it('ends all sessions of one user through deleteSessionsOf', async () => {
    await node.saveUser(userNamed('ops'));
    await node.saveUser(userNamed('other'));
    await node.createSession(sessionOf('ops', 'hash-1'));
    await node.createSession(sessionOf('other', 'hash-2'));
    await otherNode.deleteSessionsOf('ops');
    expect(await node.findSessionUser('hash-1', NOW)).toBeNull();
    expect((await node.findSessionUser('hash-2', NOW))?.username).toBe('other');
  });

  it('saves, renames and lists departments by code', async () => {
    await node.saveDepartment({ code: 'water', name: '水务', nameEn: 'Water' });
    await otherNode.saveDepartment({ code: 'city', name: '城管', nameEn: 'City' });
    await otherNode.saveDepartment({ code: 'water', name: '水务局', nameEn: 'Water bureau' });
    expect(await node.listDepartments()).toEqual([
      { code: 'city', name: '城管', nameEn: 'City' },
      { code: 'water', name: '水务局', nameEn: 'Water bureau' },
    ]);
    expect(await otherNode.findDepartment('water')).toEqual({
      code: 'water',
      name: '水务局',
      nameEn: 'Water bureau',
    });
    expect(await otherNode.findDepartment('fire')).toBeNull();
  });
});
