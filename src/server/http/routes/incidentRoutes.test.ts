/** The incident REST API against the real server: create, list, detail, steps, refusals, scope. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CreateIncidentResponse,
  IncidentCommandErrorResponse,
  IncidentDetail,
  IncidentListResponse,
} from '../../../shared/incidents';
import type { GridNode } from '../../../shared/api';
import { startTestServer, type TestServer } from '../../testing/testServer';

let server: TestServer;
let admin: string;
let dispatcher: string;
let viewer: string;
let grids: GridNode[];

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login('admin');
  dispatcher = await server.login('dispatcher');
  viewer = await server.login('viewer');
  grids = (await server.request('GET', '/api/grids', { token: admin })).json as GridNode[];
});

afterAll(async () => {
  await server?.close();
});

function centerOf(gridCode: string): { lon: number; lat: number } {
  const grid = grids.find((entry) => entry.code === gridCode);
  if (grid === undefined) throw new Error(`no grid ${gridCode}`);
  return grid.center;
}

async function create(token: string, gridCode: string, categoryCode = 'street_order') {
  const { lon, lat } = centerOf(gridCode);
  return server.request('POST', '/api/incidents', {
    token,
    body: { categoryCode, lon, lat, description: 'stall blocking the pavement' },
  });
}

async function step(token: string, id: string, command: Record<string, unknown>) {
  return server.request('POST', `/api/incidents/${id}/transitions`, { token, body: { command } });
}

async function detail(token: string, id: string): Promise<IncidentDetail> {
  const answer = await server.request('GET', `/api/incidents/${id}`, { token });
  expect(answer.status).toBe(200);
  return answer.json as IncidentDetail;
}

describe('incident REST API', () => {
  it('creates from the map form: finds the grid, records the report, offers duplicates', async () => {
    const [firstGrid] = server.district.baseGridCodes;
    const first = await create(dispatcher, firstGrid ?? '');
    expect(first.status).toBe(201);
    const created = first.json as CreateIncidentResponse;
    expect(created.incident.gridCode).toBe(firstGrid);
    expect(created.incident.state).toBe('reported');
    expect(created.incident.source).toBe('dispatcher');
    expect(created.incident.history).toHaveLength(1);
    expect(created.incident.history[0]?.actor).toEqual({
      username: 'dispatcher',
      role: 'dispatcher',
    });
    expect(created.incident.permittedActions).toEqual(['register', 'reject']);
    expect(created.possibleDuplicates).toEqual([]);

    const second = (await create(dispatcher, firstGrid ?? '')).json as CreateIncidentResponse;
    expect(second.possibleDuplicates.map((entry) => entry.incident.id)).toEqual([
      created.incident.id,
    ]);
    const check = await server.request(
      'GET',
      `/api/incidents/intake-check?categoryCode=street_order&lon=${centerOf(firstGrid ?? '').lon}&lat=${centerOf(firstGrid ?? '').lat}`,
      { token: dispatcher },
    );
    expect(check.json).toMatchObject({ gridCode: firstGrid, inScope: true });
    expect((check.json as { possibleDuplicates: unknown[] }).possibleDuplicates).toHaveLength(2);
  });

  it('refuses viewers, other scopes and points outside the district', async () => {
    const [firstGrid] = server.district.baseGridCodes;
    const lastGrid = server.district.baseGridCodes.at(-1) ?? '';
    expect((await create(viewer, firstGrid ?? '')).status).toBe(403);
    expect((await create(dispatcher, lastGrid)).status).toBe(403);
    const outside = await server.request('POST', '/api/incidents', {
      token: admin,
      body: { categoryCode: 'street_order', lon: 10, lat: 10, description: 'far away' },
    });
    expect(outside.status).toBe(400);
    expect(outside.json).toMatchObject({ message: expect.stringContaining('outside') });
    const badBody = await server.request('POST', '/api/incidents', {
      token: admin,
      body: { categoryCode: 'street_order', lon: 'east', lat: 10, description: '' },
    });
    expect(badBody.status).toBe(400);
    const unknownCategory = await server.request('POST', '/api/incidents', {
      token: admin,
      body: { categoryCode: 'nope', ...centerOf(firstGrid ?? ''), description: '' },
    });
    expect(unknownCategory.status).toBe(400);
    expect(unknownCategory.json).toMatchObject({ code: 'invalid_command', field: 'categoryCode' });
  });

  it('lists inside the caller scope with filters and the feed sequence', async () => {
    const lastGrid = server.district.baseGridCodes.at(-1) ?? '';
    const elsewhere = (await create(admin, lastGrid, 'city_appearance'))
      .json as CreateIncidentResponse;
    const forAdmin = (await server.request('GET', '/api/incidents?pageSize=100', { token: admin }))
      .json as IncidentListResponse;
    const forDispatcher = (
      await server.request('GET', '/api/incidents?pageSize=100', { token: dispatcher })
    ).json as IncidentListResponse;
    expect(forAdmin.items.map((item) => item.id)).toContain(elsewhere.incident.id);
    expect(forDispatcher.items.map((item) => item.id)).not.toContain(elsewhere.incident.id);
    expect(forDispatcher.total).toBe(forAdmin.total - 1);
    expect(forAdmin.feedSequence).toBeGreaterThanOrEqual(forAdmin.total);
    expect(forAdmin.items[0]?.deadline.phase).toBe('not_started');
    expect(forAdmin.items[0]).not.toHaveProperty('history');
    const filtered = (
      await server.request('GET', '/api/incidents?categoryCode=city_appearance&state=reported', {
        token: admin,
      })
    ).json as IncidentListResponse;
    expect(filtered.items.map((item) => item.id)).toEqual([elsewhere.incident.id]);
    const bad = await server.request('GET', '/api/incidents?state=lost', { token: admin });
    expect(bad.status).toBe(400);
    // Another scope's incident answers exactly like a missing one: existence cannot be probed.
    const denied = await server.request('GET', `/api/incidents/${elsewhere.incident.id}`, {
      token: dispatcher,
    });
    const missing = await server.request('GET', '/api/incidents/INC99999999', {
      token: dispatcher,
    });
    expect(denied.status).toBe(404);
    expect(denied.text).toBe(missing.text);
    expect(denied.text).not.toContain('stall');
    const deniedStep = await server.request(
      'POST',
      `/api/incidents/${elsewhere.incident.id}/transitions`,
      { token: dispatcher, body: { command: { action: 'register' } } },
    );
    const missingStep = await server.request('POST', '/api/incidents/INC99999999/transitions', {
      token: dispatcher,
      body: { command: { action: 'register' } },
    });
    expect(deniedStep.status).toBe(404);
    expect(deniedStep.text).toBe(missingStep.text);
  });

  it('walks the loop and refuses an illegal step with a clear 409, changing nothing', async () => {
    const [firstGrid] = server.district.baseGridCodes;
    const { incident } = (await create(dispatcher, firstGrid ?? '', 'construction'))
      .json as CreateIncidentResponse;
    const before = (await server.request('GET', '/api/incidents', { token: admin }))
      .json as IncidentListResponse;

    const illegal = await step(dispatcher, incident.id, {
      action: 'verify',
    });
    expect(illegal.status).toBe(409);
    const refusal = illegal.json as IncidentCommandErrorResponse;
    expect(refusal).toMatchObject({
      statusCode: 409,
      error: 'Conflict',
      code: 'illegal_transition',
    });
    expect(refusal.messages?.zh).toContain('已上报');
    expect(refusal.message).toContain('reported');
    const unchanged = await detail(admin, incident.id);
    expect(unchanged.state).toBe('reported');
    expect(unchanged.history).toHaveLength(1);
    const after = (await server.request('GET', '/api/incidents', { token: admin }))
      .json as IncidentListResponse;
    expect(after.feedSequence).toBe(before.feedSequence);

    const noReason = await step(dispatcher, incident.id, { action: 'reject' });
    expect(noReason.status).toBe(400);
    expect(noReason.json).toMatchObject({ code: 'invalid_command', field: 'note' });
    const unknownAction = await step(dispatcher, incident.id, { action: 'teleport' });
    expect(unknownAction.status).toBe(400);
    expect((await step(viewer, incident.id, { action: 'register' })).status).toBe(403);

    const registered = await step(dispatcher, incident.id, {
      action: 'register',
      priority: 'high',
      note: 'checked by phone',
      attachments: [{ name: 'photo.jpg', mime: 'image/jpeg', url: 'https://example.org/p.jpg' }],
    });
    expect(registered.status).toBe(200);
    const afterRegister = registered.json as IncidentDetail;
    expect(afterRegister.state).toBe('registered');
    expect(afterRegister.priority).toBe('high');
    expect(afterRegister.history.at(-1)).toMatchObject({
      action: 'register',
      fromState: 'reported',
      toState: 'registered',
      actor: { username: 'dispatcher', role: 'dispatcher' },
      note: 'checked by phone',
      attachments: [{ name: 'photo.jpg', mime: 'image/jpeg', url: 'https://example.org/p.jpg' }],
    });
    expect(afterRegister.permittedActions).toEqual(['dispatch', 'transfer']);

    const dispatched = await step(dispatcher, incident.id, {
      action: 'dispatch',
      assigneeUsername: 'worker:1',
      department: 'street office',
    });
    expect(dispatched.status).toBe(200);
    const running = dispatched.json as IncidentDetail;
    expect(running.deadline.phase).toBe('on_track');
    expect(running.dueAtMs).toBeGreaterThan(running.dispatchedAtMs ?? Infinity);
    // Accepting is the assignee's, from the device: an app user is refused by role.
    const accept = await step(admin, incident.id, { action: 'accept' });
    expect(accept.status).toBe(403);
    expect(accept.json).toMatchObject({ code: 'forbidden_role' });
  });

  it('lets an admin evaluate as a leader and a dispatcher not', async () => {
    const [firstGrid] = server.district.baseGridCodes;
    const { incident } = (await create(dispatcher, firstGrid ?? '', 'advertising'))
      .json as CreateIncidentResponse;
    await step(dispatcher, incident.id, { action: 'reject', note: 'not a case' });
    const archived = await step(admin, incident.id, { action: 'archive' });
    expect(archived.status).toBe(200);
    expect((archived.json as IncidentDetail).history.at(-1)?.actor.role).toBe('dispatcher');
    expect((await step(admin, incident.id, { action: 'evaluate', score: 4 })).status).toBe(409);
  });

  it('documents the incident and Open311 routes in OpenAPI', async () => {
    const doc = (await server.request('GET', '/api/openapi.json')).json as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/incidents',
        '/api/incidents/{id}',
        '/api/incidents/{id}/transitions',
        '/api/incidents/{id}/dispatch-suggestions',
        '/api/incidents/{id}/dispatch',
        '/open311/v2/services.json',
        '/open311/v2/requests.json',
      ]),
    );
  });
});
