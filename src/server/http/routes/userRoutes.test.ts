/**
 * User management through the API: create with a policy-checked first password, the forced
 * change at first login, edit role/scope/department, disable (login refused, sessions ended),
 * password reset, sessions listed and revoked, delete; the auditor's filtered log and CSV export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuditEntry,
  ManagedUser,
  Page,
  SessionUser,
  UserSessionView,
} from '../../../shared/api';
import { startTestServer, type TestServer } from '../../testing/testServer';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login('admin');
});

afterAll(async () => {
  await server?.close();
});

async function login(username: string, password: string) {
  return server.request('POST', '/api/auth/login', { body: { username, password } });
}

async function tokenOf(username: string, password: string): Promise<string> {
  const answer = await login(username, password);
  expect(answer.status).toBe(200);
  return (answer.json as { token: string }).token;
}

const FIRST_PASSWORD = 'First-Pass-2026';

describe('user management', () => {
  it('refuses a first password that breaks the policy, in both languages', async () => {
    const answer = await server.request('POST', '/api/users', {
      token: admin,
      body: {
        username: 'weak',
        displayName: 'Weak',
        role: 'viewer',
        scopes: [server.district.districtCode],
        password: 'password',
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      messages: { zh: expect.stringMatching(/密码/) as unknown, en: expect.any(String) as unknown },
    });
  });

  it('creates a user who must change the password before anything else', async () => {
    const [, communityStreet] = server.district.streetCodes;
    const community = `${communityStreet}001`;
    const created = await server.request('POST', '/api/users', {
      token: admin,
      body: {
        username: 'li.wei',
        displayName: '李伟',
        role: 'grid_worker',
        scopes: [community],
        password: FIRST_PASSWORD,
      },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      username: 'li.wei',
      role: 'grid_worker',
      scopes: [community],
      mustChangePassword: true,
      disabled: false,
    });
    const duplicate = await server.request('POST', '/api/users', {
      token: admin,
      body: {
        username: 'li.wei',
        displayName: 'x',
        role: 'viewer',
        scopes: [community],
        password: FIRST_PASSWORD,
      },
    });
    expect(duplicate.status).toBe(409);

    const token = await tokenOf('li.wei', FIRST_PASSWORD);
    const me = (await server.request('GET', '/api/auth/me', { token })).json as SessionUser;
    expect(me.mustChangePassword).toBe(true);
    expect(me.permissions).toContain('incidents.handle');
    const blocked = await server.request('GET', '/api/grids', { token });
    expect(blocked.status).toBe(403);
    expect(blocked.json).toMatchObject({
      messages: { zh: expect.stringMatching(/修改密码/) as unknown },
    });

    const weak = await server.request('POST', '/api/auth/password', {
      token,
      body: { currentPassword: FIRST_PASSWORD, newPassword: 'short' },
    });
    expect(weak.status).toBe(400);
    const changed = await server.request('POST', '/api/auth/password', {
      token,
      body: { currentPassword: FIRST_PASSWORD, newPassword: 'Own-Choice-9876' },
    });
    expect(changed.status).toBe(204);
    expect((await server.request('GET', '/api/grids', { token })).status).toBe(200);
    expect((await login('li.wei', FIRST_PASSWORD)).status).toBe(401);
  });

  it('edits role, scope at any level and department; refuses unknown ones', async () => {
    const street = server.district.streetCodes[0] ?? '';
    const changed = await server.request('PATCH', '/api/users/li.wei', {
      token: admin,
      body: { role: 'department_handler', scopes: [street], department: 'housing' },
    });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({
      role: 'department_handler',
      scopes: [street],
      department: 'housing',
    });
    const unknownDepartment = await server.request('PATCH', '/api/users/li.wei', {
      token: admin,
      body: { department: 'no-such-office' },
    });
    expect(unknownDepartment.status).toBe(400);
    const unknownGrid = await server.request('PATCH', '/api/users/li.wei', {
      token: admin,
      body: { scopes: ['350102999'] },
    });
    expect(unknownGrid.status).toBe(400);
    const handlerWithout = await server.request('PATCH', '/api/users/li.wei', {
      token: admin,
      body: { department: null },
    });
    expect(handlerWithout.status).toBe(400);
    const self = await server.request('PATCH', '/api/users/admin', {
      token: admin,
      body: { disabled: true },
    });
    expect(self.status).toBe(400);
  });

  it('lists and revokes sessions; disabling ends them and refuses login', async () => {
    const first = await tokenOf('li.wei', 'Own-Choice-9876');
    const second = await tokenOf('li.wei', 'Own-Choice-9876');
    const sessions = (await server.request('GET', '/api/users/li.wei/sessions', { token: admin }))
      .json as UserSessionView[];
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(sessions)).not.toContain(first);
    const revoked = await server.request(
      'DELETE',
      `/api/users/li.wei/sessions/${sessions[0]?.id ?? ''}`,
      { token: admin },
    );
    expect(revoked.status).toBe(204);
    const alive = await Promise.all(
      [first, second].map(
        async (token) => (await server.request('GET', '/api/auth/me', { token })).status,
      ),
    );
    expect(alive.sort()).toEqual([200, 401]);

    const disabled = await server.request('PATCH', '/api/users/li.wei', {
      token: admin,
      body: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    expect((await server.request('GET', '/api/auth/me', { token: first })).status).toBe(401);
    expect((await server.request('GET', '/api/auth/me', { token: second })).status).toBe(401);
    expect((await login('li.wei', 'Own-Choice-9876')).status).toBe(401);
    await server.request('PATCH', '/api/users/li.wei', { token: admin, body: { disabled: false } });
  });

  it('resets a password to a temporary one that must be changed, ending old sessions', async () => {
    const old = await tokenOf('li.wei', 'Own-Choice-9876');
    const reset = await server.request('POST', '/api/users/li.wei/password-reset', {
      token: admin,
    });
    expect(reset.status).toBe(200);
    const { temporaryPassword } = reset.json as { temporaryPassword: string };
    expect((await server.request('GET', '/api/auth/me', { token: old })).status).toBe(401);
    expect((await login('li.wei', 'Own-Choice-9876')).status).toBe(401);
    const token = await tokenOf('li.wei', temporaryPassword);
    expect((await server.request('GET', '/api/departments', { token })).status).toBe(403);
  });

  it('deletes a user; the list no longer has them', async () => {
    expect((await server.request('DELETE', '/api/users/li.wei', { token: admin })).status).toBe(
      204,
    );
    expect((await server.request('DELETE', '/api/users/li.wei', { token: admin })).status).toBe(
      404,
    );
    const users = (await server.request('GET', '/api/users', { token: admin }))
      .json as ManagedUser[];
    expect(users.map((user) => user.username)).not.toContain('li.wei');
    expect(users.map((user) => user.role).sort()).toEqual([
      'admin',
      'auditor',
      'department_handler',
      'dispatcher',
      'grid_worker',
      'hotline_operator',
      'leader',
      'viewer',
    ]);
    expect(JSON.stringify(users)).not.toMatch(/scrypt|passwordHash/);
  });
});

describe('the audit log for the auditor', () => {
  it('filters by user and action, and exports CSV that is itself audited', async () => {
    const auditor = await server.login('auditor');
    const page = (
      await server.request('GET', '/api/audit?username=admin&action=user_create', {
        token: auditor,
      })
    ).json as Page<AuditEntry>;
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ targetType: 'user', targetId: 'li.wei' });
    const all = (await server.request('GET', '/api/audit?pageSize=100', { token: auditor }))
      .json as Page<AuditEntry>;
    expect(all.items.map((entry) => entry.action)).toEqual(
      expect.arrayContaining([
        'user_update',
        'user_password_reset',
        'session_revoke',
        'user_delete',
      ]),
    );
    expect(JSON.stringify(all)).not.toMatch(/Own-Choice|First-Pass/);
    const future = (await server.request('GET', '/api/audit?from=2999-01-01', { token: auditor }))
      .json as Page<AuditEntry>;
    expect(future.total).toBe(0);

    const csv = await server.request('GET', '/api/audit/export.csv?action=user_delete', {
      token: auditor,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('id,at,username,action,targetType,targetId,fields,reason');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',admin,user_delete,user,li.wei,');
    const exports = (
      await server.request('GET', '/api/audit?action=audit_export', { token: auditor })
    ).json as Page<AuditEntry>;
    expect(exports.items[0]).toMatchObject({ username: 'auditor', targetType: 'audit_log' });
  });

  it('refuses the auditor everything else, and everyone else the log', async () => {
    const auditor = await server.login('auditor');
    expect((await server.request('GET', '/api/grids', { token: auditor })).status).toBe(403);
    expect((await server.request('GET', '/api/users', { token: auditor })).status).toBe(403);
    const dispatcher = await server.login('dispatcher');
    expect((await server.request('GET', '/api/audit', { token: dispatcher })).status).toBe(403);
  });
});
