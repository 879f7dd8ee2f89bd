/**
 * The one assignment rule, through both routes that assign work (transitions' dispatch and the
 * dispatch confirmation): a worker of another street, an admin, a user that does not exist, a
 * disabled worker and an assignee outside the caller's scope are refused with words in both
 * languages, and the incident stays where it was; a department handler can take the work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridNode } from '../../shared/api';
import type {
  CreateIncidentResponse,
  IncidentCommandErrorResponse,
  IncidentDetail,
} from '../../shared/incidents';
import { startTestServer, type TestServer } from '../testing/testServer';
import { checkAssignment, type AssigneeDirectory } from './assignmentRule';

let server: TestServer;
let admin: string;
let dispatcher: string;
let grids: GridNode[];

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login('admin');
  dispatcher = await server.login('dispatcher');
  grids = (await server.request('GET', '/api/grids', { token: admin })).json as GridNode[];
});

afterAll(async () => {
  await server?.close();
});

async function registeredIncident(token: string, gridCode: string): Promise<string> {
  const grid = grids.find((entry) => entry.code === gridCode);
  if (grid === undefined) throw new Error(`no grid ${gridCode}`);
  const created = await server.request('POST', '/api/incidents', {
    token,
    body: { categoryCode: 'street_order', ...grid.center, description: 'stall on the pavement' },
  });
  expect(created.status).toBe(201);
  const id = (created.json as CreateIncidentResponse).incident.id;
  expect((await step(token, id, { action: 'register' })).status).toBe(200);
  return id;
}

async function step(token: string, id: string, command: Record<string, unknown>) {
  return server.request('POST', `/api/incidents/${id}/transitions`, { token, body: { command } });
}

async function stateOf(id: string): Promise<string> {
  return (
    (await server.request('GET', `/api/incidents/${id}`, { token: admin })).json as IncidentDetail
  ).state;
}

function expectRefusal(
  answer: { status: number; json: unknown },
  status: number,
  code: string,
): void {
  expect(answer.status).toBe(status);
  const body = answer.json as IncidentCommandErrorResponse;
  expect(body.code).toBe(code);
  expect(body.messages?.zh).toMatch(/[\u4e00-\u9fff]/);
  expect(body.messages?.en).toBeTruthy();
}

describe('the assignment rule', () => {
  it('refuses a worker of another street, an admin and a user that does not exist (transitions)', async () => {
    const [streetOneGrid] = server.district.baseGridCodes;
    const otherStreetWorker = server.district.workerIds[2];
    const id = await registeredIncident(admin, streetOneGrid ?? '');
    for (const assigneeUsername of [
      `worker:${otherStreetWorker}`,
      'admin',
      'nobody',
      'worker:999',
    ]) {
      const answer = await step(admin, id, {
        action: 'dispatch',
        assigneeUsername,
        department: 'street office',
      });
      expectRefusal(answer, 400, 'invalid_command');
      expect((answer.json as IncidentCommandErrorResponse).field).toBe('assigneeUsername');
    }
    expect(await stateOf(id)).toBe('registered');
  });

  it('refuses a worker of another street through the dispatch confirmation too', async () => {
    const [streetOneGrid] = server.district.baseGridCodes;
    const id = await registeredIncident(admin, streetOneGrid ?? '');
    const answer = await server.request('POST', `/api/incidents/${id}/dispatch`, {
      token: admin,
      body: { workerId: server.district.workerIds[3] },
    });
    expectRefusal(answer, 400, 'invalid_command');
    expect(await stateOf(id)).toBe('registered');
  });

  it('refuses an assignee of the street outside the caller scope (403)', async () => {
    const [firstGrid, secondGrid] = server.district.baseGridCodes;
    const created = await server.request('POST', '/api/users', {
      token: admin,
      body: {
        username: 'grid-dispatcher',
        displayName: 'One-grid dispatcher',
        role: 'dispatcher',
        scopes: [firstGrid],
        password: 'Temporary-Pass-42',
      },
    });
    expect(created.status).toBe(201);
    const login = await server.request('POST', '/api/auth/login', {
      body: { username: 'grid-dispatcher', password: 'Temporary-Pass-42' },
    });
    const token = (login.json as { token: string }).token;
    const changed = await server.request('POST', '/api/auth/password', {
      token,
      body: { currentPassword: 'Temporary-Pass-42', newPassword: 'Chosen-Pass-4242' },
    });
    expect(changed.status).toBe(204);
    const id = await registeredIncident(token, firstGrid ?? '');
    const secondGridWorker =
      server.district.workerIds[server.district.baseGridCodes.indexOf(secondGrid ?? '')];
    const answer = await step(token, id, {
      action: 'dispatch',
      assigneeUsername: `worker:${secondGridWorker}`,
      department: 'street office',
    });
    expectRefusal(answer, 403, 'assignee_out_of_scope');
    expect(await stateOf(id)).toBe('registered');
  });

  it('refuses a disabled user and accepts an enabled worker of the street', async () => {
    const [streetOneGrid] = server.district.baseGridCodes;
    const id = await registeredIncident(dispatcher, streetOneGrid ?? '');
    const disabled = await server.request('PATCH', '/api/users/worker01', {
      token: admin,
      body: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    const refused = await step(dispatcher, id, {
      action: 'dispatch',
      assigneeUsername: 'worker01',
      department: 'street office',
    });
    expectRefusal(refused, 400, 'invalid_command');
    await server.request('PATCH', '/api/users/worker01', {
      token: admin,
      body: { disabled: false },
    });
    const accepted = await step(dispatcher, id, {
      action: 'dispatch',
      assigneeUsername: 'worker01',
      department: 'street office',
    });
    expect(accepted.status).toBe(200);
    const worker = await server.login('worker01');
    expect((await step(worker, id, { action: 'accept' })).status).toBe(200);
  });

  it('lets a department handler accept and feed back the work assigned to them, and nobody else', async () => {
    const [streetOneGrid] = server.district.baseGridCodes;
    const id = await registeredIncident(dispatcher, streetOneGrid ?? '');
    const dispatched = await step(dispatcher, id, {
      action: 'dispatch',
      assigneeUsername: 'handler01',
      department: 'urban_management',
    });
    expect(dispatched.status).toBe(200);
    const handler = await server.login('handler01');
    const worker = await server.login('worker01');
    expect((await step(worker, id, { action: 'accept' })).json).toMatchObject({
      code: 'not_assignee',
    });
    const offered = (await server.request('GET', `/api/incidents/${id}`, { token: handler }))
      .json as IncidentDetail;
    expect(offered.permittedActions).toEqual(['accept', 'decline']);
    const accepted = await step(handler, id, { action: 'accept' });
    expect(accepted.status).toBe(200);
    expect((accepted.json as IncidentDetail).permittedActions).toEqual(['feed_back']);
    expect((accepted.json as IncidentDetail).history.at(-1)?.actor).toEqual({
      username: 'handler01',
      role: 'department_handler',
    });
    const fedBack = await step(handler, id, { action: 'feed_back', note: 'stall removed' });
    expect(fedBack.status).toBe(200);
    expect((fedBack.json as IncidentDetail).state).toBe('feedback');
    // Verifying is the dispatcher's: the handler's role is refused.
    expect((await step(handler, id, { action: 'verify' })).status).toBe(403);
  });

  it('shows a department handler only the incidents assigned to them, in lists and by id', async () => {
    const [streetOneGrid] = server.district.baseGridCodes;
    const theirs = await registeredIncident(dispatcher, streetOneGrid ?? '');
    const others = await registeredIncident(dispatcher, streetOneGrid ?? '');
    expect(
      (
        await step(dispatcher, theirs, {
          action: 'dispatch',
          assigneeUsername: 'handler01',
          department: 'urban_management',
        })
      ).status,
    ).toBe(200);
    const handler = await server.login('handler01');
    const list = (await server.request('GET', '/api/incidents?pageSize=100', { token: handler }))
      .json as { items: { id: string; assigneeUsername: string | null }[]; total: number };
    expect(list.items.map((item) => item.id)).toContain(theirs);
    expect(list.items.every((item) => item.assigneeUsername === 'handler01')).toBe(true);
    // Asking for someone else's work changes nothing: the filter is theirs.
    const asked = (
      await server.request('GET', '/api/incidents?assigneeUsername=worker01', { token: handler })
    ).json as { items: { assigneeUsername: string | null }[] };
    expect(asked.items.every((item) => item.assigneeUsername === 'handler01')).toBe(true);
    // Another incident of the same grid: the same 404 as a missing one, for reads and steps.
    const missing = await server.request('GET', '/api/incidents/INC99999999', { token: handler });
    const hidden = await server.request('GET', `/api/incidents/${others}`, { token: handler });
    expect(hidden.status).toBe(404);
    expect(hidden.json).toEqual(missing.json);
    expect((await step(handler, others, { action: 'accept' })).status).toBe(404);
  });
});

describe('checkAssignment', () => {
  const directory: AssigneeDirectory = {
    findUser: async (username) =>
      ({
        viewer: { username: 'viewer', role: 'viewer' as const, scopes: ['350102'] },
        handler: { username: 'handler', role: 'department_handler' as const, scopes: ['350102'] },
      })[username] ?? null,
    workerById: async (workerId) =>
      workerId === 1 ? { workerId: 1, gridCodes: ['350102001001001'] } : null,
  };
  const incident = { gridCode: '350102001001002' };

  it('takes a worker of the street and a district-wide department handler', async () => {
    expect(await checkAssignment(directory, incident, 'worker:1', ['350102001'])).toBeNull();
    expect(await checkAssignment(directory, incident, 'handler', ['350102001'])).toBeNull();
    expect(await checkAssignment(directory, incident, 'worker:1', null)).toBeNull();
  });

  it('refuses roles that do not take work and workers outside the caller scope', async () => {
    expect((await checkAssignment(directory, incident, 'viewer', null))?.code).toBe(
      'invalid_command',
    );
    expect(
      (await checkAssignment(directory, incident, 'worker:1', ['350102001001002']))?.code,
    ).toBe('assignee_out_of_scope');
    expect(
      (await checkAssignment(directory, { gridCode: '350102002001001' }, 'worker:1', null))?.code,
    ).toBe('invalid_command');
  });
});
