/**
 * Access test generated from the OpenAPI document: every route × every role (and no session) ×
 * own and foreign scope gets the answer the POLICY below, written by hand, says. A route in the
 * document but missing from POLICY fails the test by name, so a new route cannot be forgotten.
 *
 * How an answer is judged: a role the policy refuses gets 403 (no session: 401); a role it
 * admits is not refused (the sample may still be a 400/404/409: the gate let it through, and
 * write samples are deliberately harmless). For routes that name one object (`scoped`), users of
 * the same role whose scope is the other street get no data (403, 404, or 400 before any read).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/api';
import { PERSON_LEVEL_ROUTES, WALL_MODE_HEADER } from '../../shared/wallModes';
import type { CreateIncidentResponse } from '../../shared/incidents';
import { hashPassword } from '../auth/passwordHash';
import { startTestServer, type TestServer } from '../testing/testServer';
import { runTestSql } from '../testing/testSql';

interface Fixture {
  buildingId: number;
  unitId: number;
  personId: number;
  incidentId: string;
  workerId: number;
  gridCode: string;
  streetCode: string;
}

interface Sample {
  path: string;
  body?: unknown;
}

interface RoutePolicy {
  /**
   * 'public': no session needed; 'device': a device token only (every session answers 401);
   * otherwise the roles admitted.
   */
  allowed: 'public' | 'device' | readonly Role[];
  /** The route names one object: a user of the other street must get no data. */
  scoped?: boolean;
  sample: (fixture: Fixture) => Sample;
}

const EVERYONE: readonly Role[] = ROLES;
/** Roles that read the wall: register (masked), incidents, workers. */
const WALL: readonly Role[] = ['leader', 'dispatcher', 'viewer', 'admin'];
const REGISTRY: readonly Role[] = [...WALL, 'grid_worker'];
const INCIDENT_READERS: readonly Role[] = [...REGISTRY, 'department_handler'];
const REPORTERS: readonly Role[] = ['dispatcher', 'grid_worker', 'admin'];
const DISPATCHERS: readonly Role[] = ['dispatcher', 'admin'];
const ADMIN: readonly Role[] = ['admin'];
/** Who handles work assigned to them (and pairs a phone for it). */
const HANDLERS: readonly Role[] = ['grid_worker', 'department_handler'];
const AUDITORS: readonly Role[] = ['auditor', 'admin'];
const REVEALERS: readonly Role[] = ['dispatcher', 'admin'];
/** The hotline desk: its operators, and the admin who holds every permission. */
const HOTLINE: readonly Role[] = ['hotline_operator', 'admin'];
/** Who reviews the phones' household change requests (register.review). */
const REVIEWERS: readonly Role[] = ['dispatcher', 'admin'];
const ACTORS: readonly Role[] = [
  'leader',
  'dispatcher',
  'grid_worker',
  'department_handler',
  'admin',
];

const at = (path: string, body?: unknown): Sample =>
  body === undefined ? { path } : { path, body };

/** Open311 is public: each endpoint with no extension (XML), `.xml` and `.json`. */
function open311Policies(): Record<string, RoutePolicy> {
  const endpoints: Array<[method: string, path: string, sample: string, body?: unknown]> = [
    ['GET', '/discovery', '/discovery'],
    ['GET', '/services', '/services'],
    ['GET', '/services/{service_code}', '/services/CM01'],
    ['GET', '/requests', '/requests'],
    ['POST', '/requests', '/requests', {}],
    ['GET', '/requests/{id}', '/requests/none'],
    ['GET', '/tokens/{token}', '/tokens/none'],
    // The rating extension (decision 0026): public, the reporter proves itself by key or token.
    ['POST', '/requests/{id}/rating', '/requests/none/rating', { rating: 'satisfied' }],
    // Residents' photos (decision 0032): public, the phone proves itself by the create's token.
    ['POST', '/requests/{id}/media', '/requests/none/media', {}],
  ];
  const policies: Record<string, RoutePolicy> = {};
  for (const suffix of ['', '.xml', '.json']) {
    for (const [method, path, sample, body] of endpoints) {
      policies[`${method} /open311/v2${path}${suffix}`] = {
        allowed: 'public',
        sample: () => at(`/open311/v2${sample}${suffix}`, body),
      };
    }
  }
  // A resident's photo, named by GeoReport's media_url: public, like the request itself.
  policies['GET /open311/v2/media/{file}'] = {
    allowed: 'public',
    sample: () => at('/open311/v2/media/00000000-0000-4000-8000-000000000000.jpg'),
  };
  return policies;
}

/** Keyed like the OpenAPI document: `METHOD /path/{param}`. */
const POLICY: Readonly<Record<string, RoutePolicy>> = {
  'GET /api/health': { allowed: 'public', sample: () => at('/api/health') },
  'POST /api/auth/login': { allowed: 'public', sample: () => at('/api/auth/login', {}) },
  'GET /api/auth/me': { allowed: EVERYONE, sample: () => at('/api/auth/me') },
  'POST /api/auth/password': {
    allowed: EVERYONE,
    sample: () =>
      at('/api/auth/password', { currentPassword: 'not-the-password', newPassword: 'x' }),
  },
  // Ends the session: the test runs it last for each user.
  'POST /api/auth/logout': { allowed: EVERYONE, sample: () => at('/api/auth/logout') },
  'GET /api/config': { allowed: EVERYONE, sample: () => at('/api/config') },
  'GET /api/imagery': { allowed: EVERYONE, sample: () => at('/api/imagery') },
  'GET /api/photogrammetry': { allowed: EVERYONE, sample: () => at('/api/photogrammetry') },
  'GET /api/volumes': {
    allowed: REGISTRY,
    sample: (f) => at(`/api/volumes?gridCode=${f.gridCode}`),
  },
  'GET /api/imagery/{z}/{x}/{y}': { allowed: EVERYONE, sample: () => at('/api/imagery/0/0/0') },

  'GET /api/grids': { allowed: [...REGISTRY, ...HOTLINE], sample: () => at('/api/grids') },
  'GET /api/grids/{code}': {
    allowed: REGISTRY,
    scoped: true,
    sample: (f) => at(`/api/grids/${f.gridCode}`),
  },
  'GET /api/grids/{code}/buildings': {
    allowed: REGISTRY,
    scoped: true,
    sample: (f) => at(`/api/grids/${f.gridCode}/buildings`),
  },
  'GET /api/basemap': { allowed: REGISTRY, sample: () => at('/api/basemap') },
  'GET /api/themes/units': { allowed: REGISTRY, sample: () => at('/api/themes/units') },
  'GET /api/buildings/{id}': {
    allowed: REGISTRY,
    scoped: true,
    sample: (f) => at(`/api/buildings/${f.buildingId}`),
  },
  'GET /api/units/{id}': {
    allowed: REGISTRY,
    scoped: true,
    sample: (f) => at(`/api/units/${f.unitId}`),
  },
  'GET /api/persons/{id}': {
    allowed: REGISTRY,
    scoped: true,
    sample: (f) => at(`/api/persons/${f.personId}`),
  },
  'POST /api/persons/{id}/reveal': {
    allowed: REVEALERS,
    scoped: true,
    sample: (f) => at(`/api/persons/${f.personId}/reveal`, { reason: '' }),
  },
  'GET /api/search': { allowed: REGISTRY, sample: () => at('/api/search?q=0001') },

  'GET /api/imports/kinds': { allowed: ADMIN, sample: () => at('/api/imports/kinds') },
  'POST /api/imports/uploads': { allowed: ADMIN, sample: () => at('/api/imports/uploads') },
  'POST /api/imports/jobs': { allowed: ADMIN, sample: () => at('/api/imports/jobs', {}) },
  'GET /api/imports/jobs/{jobId}': { allowed: ADMIN, sample: () => at('/api/imports/jobs/none') },
  'GET /api/imports/jobs/{jobId}/problems': {
    allowed: ADMIN,
    sample: () => at('/api/imports/jobs/none/problems'),
  },
  'GET /api/imports/batches': { allowed: ADMIN, sample: () => at('/api/imports/batches') },
  'POST /api/imports/batches/{batchId}/rollback': {
    allowed: ADMIN,
    sample: () => at('/api/imports/batches/none/rollback', {}),
  },
  'GET /api/rentals/expiring': { allowed: REGISTRY, sample: () => at('/api/rentals/expiring') },
  'GET /api/exports/residents': { allowed: REGISTRY, sample: () => at('/api/exports/residents') },
  'GET /api/exports/units': { allowed: REGISTRY, sample: () => at('/api/exports/units') },

  'GET /api/audit': { allowed: AUDITORS, sample: () => at('/api/audit') },
  'GET /api/audit/export.csv': { allowed: AUDITORS, sample: () => at('/api/audit/export.csv') },

  'GET /api/incidents': { allowed: INCIDENT_READERS, sample: () => at('/api/incidents') },
  'POST /api/incidents': { allowed: REPORTERS, sample: () => at('/api/incidents', {}) },
  'GET /api/incidents/intake-check': {
    allowed: REPORTERS,
    sample: () => at('/api/incidents/intake-check?categoryCode=street_order&lon=0&lat=0'),
  },
  'GET /api/incidents/{id}': {
    allowed: INCIDENT_READERS,
    scoped: true,
    sample: (f) => at(`/api/incidents/${f.incidentId}`),
  },
  'DELETE /api/persons/{id}': {
    allowed: ADMIN,
    scoped: true,
    // No reason: refused as invalid (400) once the gate lets it through, nobody is erased.
    sample: (f) => at(`/api/persons/${f.personId}`, {}),
  },
  'POST /api/incidents/{id}/reveal': {
    allowed: REVEALERS,
    scoped: true,
    // No purpose: refused as invalid (400) once the gate lets it through, nothing is revealed.
    sample: (f) => at(`/api/incidents/${f.incidentId}/reveal`, { reason: '' }),
  },
  'POST /api/incidents/{id}/transitions': {
    allowed: ACTORS,
    scoped: true,
    // No action any role could take: which step each role may take is incidentRoutes' test.
    sample: (f) =>
      at(`/api/incidents/${f.incidentId}/transitions`, { command: { action: 'none' } }),
  },
  'GET /api/incidents/{id}/dispatch-suggestions': {
    allowed: DISPATCHERS,
    scoped: true,
    sample: (f) => at(`/api/incidents/${f.incidentId}/dispatch-suggestions`),
  },
  'POST /api/incidents/{id}/dispatch': {
    allowed: DISPATCHERS,
    scoped: true,
    // No such worker: refused after the scope check, before anything is assigned.
    sample: (f) => at(`/api/incidents/${f.incidentId}/dispatch`, { workerId: 999_999 }),
  },
  'GET /api/stats': {
    allowed: REGISTRY,
    scoped: true,
    sample: (f) => at(`/api/stats?gridCode=${f.gridCode}`),
  },
  'GET /api/assessment': {
    allowed: WALL,
    sample: () => at('/api/assessment?kind=month&month=2026-01'),
  },
  'GET /api/assessment/export.xlsx': {
    allowed: WALL,
    sample: () => at('/api/assessment/export.xlsx?kind=month&month=2026-01'),
  },
  'GET /api/assessment/schemes': { allowed: WALL, sample: () => at('/api/assessment/schemes') },
  'GET /api/assessment/area-score': {
    allowed: WALL,
    scoped: true,
    sample: (f) => at(`/api/assessment/area-score?gridCode=${f.gridCode}&month=2026-01`),
  },
  // No body: refused as invalid (400) once the gate lets it through, no version is written.
  'POST /api/assessment/schemes': {
    allowed: ADMIN,
    sample: () => at('/api/assessment/schemes', {}),
  },
  'GET /api/incidents/heat': {
    allowed: REGISTRY,
    sample: () => at('/api/incidents/heat?fromMs=0'),
  },
  'GET /api/incidents/heat/residents': {
    allowed: REGISTRY,
    sample: () => at('/api/incidents/heat/residents'),
  },
  'GET /api/departments': { allowed: INCIDENT_READERS, sample: () => at('/api/departments') },
  // Counts of the caller's own scope only; a refused role must not learn them either.
  'POST /api/emergency/plume': {
    allowed: REGISTRY,
    sample: () =>
      at('/api/emergency/plume', {
        substance: 'chlorine',
        release: { kind: 'continuous', rateGPerS: 100 },
        source: { lon: 119.3, lat: 26.08 },
        windMs: 3,
        stability: 'D',
      }),
  },
  // Emergency records (decision 0034): places for the wall's readers, writes for admins.
  'GET /api/emergency/records': { allowed: REGISTRY, sample: () => at('/api/emergency/records') },
  'POST /api/emergency/records': {
    allowed: ADMIN,
    sample: () => at('/api/emergency/records', {}),
  },
  'PUT /api/emergency/records/{id}': {
    allowed: ADMIN,
    sample: () => at('/api/emergency/records/999999', {}),
  },
  'DELETE /api/emergency/records/{id}': {
    allowed: ADMIN,
    sample: () => at('/api/emergency/records/999999'),
  },
  'POST /api/emergency/records/{id}/token': {
    allowed: ADMIN,
    sample: () => at('/api/emergency/records/999999/token', {}),
  },
  'DELETE /api/emergency/records/{id}/token': {
    allowed: ADMIN,
    sample: () => at('/api/emergency/records/999999/token'),
  },
  'GET /api/emergency/air-quality': {
    allowed: REGISTRY,
    sample: () => at('/api/emergency/air-quality'),
  },
  // The hall's active scenario: read by the wall's readers, run by the loop's dispatchers.
  'GET /api/emergency/scenario': { allowed: REGISTRY, sample: () => at('/api/emergency/scenario') },
  'PUT /api/emergency/scenario': {
    allowed: DISPATCHERS,
    sample: () =>
      at('/api/emergency/scenario', {
        substance: 'chlorine',
        release: { kind: 'continuous', rateGPerS: 100 },
        source: { lon: 119.3, lat: 26.08 },
        windMs: 3,
        stability: 'D',
      }),
  },
  'DELETE /api/emergency/scenario': {
    allowed: DISPATCHERS,
    sample: () => at('/api/emergency/scenario'),
  },
  // A replayed step's evacuation plan: buildings and shelters, no person.
  'GET /api/emergency/scenario/evacuation': {
    allowed: REGISTRY,
    sample: () => at('/api/emergency/scenario/evacuation?step=0'),
  },
  // Heads of households (masked by role) of the caller's own scope: person-level.
  'GET /api/emergency/scenario/door-knock': {
    allowed: REGISTRY,
    sample: () => at('/api/emergency/scenario/door-knock?tier=AEGL-3'),
  },
  'GET /api/emergency/command': { allowed: REGISTRY, sample: () => at('/api/emergency/command') },
  'GET /api/emergency/command/summary': {
    allowed: REGISTRY,
    sample: () => at('/api/emergency/command/summary'),
  },
  'GET /api/emergency/command/events': {
    allowed: REGISTRY,
    sample: () => at('/api/emergency/command/events'),
  },
  'POST /api/emergency/command/events': {
    allowed: DISPATCHERS,
    sample: () => at('/api/emergency/command/events', {}),
  },
  'GET /api/emergency/command/plans': {
    allowed: REGISTRY,
    sample: () => at('/api/emergency/command/plans'),
  },
  'POST /api/emergency/command/plan': {
    allowed: DISPATCHERS,
    sample: () => at('/api/emergency/command/plan', {}),
  },
  'POST /api/emergency/command/steps/{index}': {
    allowed: DISPATCHERS,
    sample: () => at('/api/emergency/command/steps/0', {}),
  },
  'POST /api/emergency/command/level': {
    allowed: DISPATCHERS,
    sample: () => at('/api/emergency/command/level', {}),
  },
  'POST /api/emergency/command/terminate': {
    allowed: DISPATCHERS,
    sample: () => at('/api/emergency/command/terminate', {}),
  },
  'POST /api/emergency/command/notify': {
    allowed: DISPATCHERS,
    sample: () => at('/api/emergency/command/notify', {}),
  },
  'GET /api/emergency/command/notifications': {
    allowed: REGISTRY,
    sample: () => at('/api/emergency/command/notifications'),
  },
  'POST /api/emergency/command/notifications/{id}/acknowledge': {
    allowed: DISPATCHERS,
    sample: () => at('/api/emergency/command/notifications/999999/acknowledge', {}),
  },
  // Only the configured gateway's key opens it; no session does (none is configured here).
  'POST /api/emergency/command/gateway-receipts': {
    allowed: 'device',
    sample: () =>
      at('/api/emergency/command/gateway-receipts', {
        receipts: [{ messageId: '1', status: 'delivered' }],
      }),
  },
  'GET /api/emergency/command/events/{id}/report': {
    allowed: REGISTRY,
    sample: () => at('/api/emergency/command/events/999999/report'),
  },
  'GET /api/emergency/command/events/{id}/report.xlsx': {
    allowed: REGISTRY,
    sample: () => at('/api/emergency/command/events/999999/report.xlsx'),
  },
  'POST /api/emergency/scenario/door-knock/assign': {
    allowed: DISPATCHERS,
    sample: () => at('/api/emergency/scenario/door-knock/assign', { householdIds: [1] }),
  },
  'POST /api/device/photos': { allowed: 'device', sample: () => at('/api/device/photos', {}) },
  'POST /api/device/unpair': { allowed: 'device', sample: () => at('/api/device/unpair', {}) },
  'GET /api/device/basemap': { allowed: 'device', sample: () => at('/api/device/basemap') },
  // The resident page's map: geography only, as public as the page.
  'GET /api/resident/map': { allowed: 'public', sample: () => at('/api/resident/map') },
  'GET /api/device/route': {
    allowed: 'device',
    sample: () => at('/api/device/route?incidentId=INC00000001&lon=119.3&lat=26.08'),
  },
  'GET /api/device/intake-check': {
    allowed: 'device',
    sample: () => at('/api/device/intake-check?categoryCode=street_order&lon=119.3&lat=26.08'),
  },
  'GET /api/device/buildings': { allowed: 'device', sample: () => at('/api/device/buildings') },
  'GET /api/device/buildings/{id}/units': {
    allowed: 'device',
    sample: () => at('/api/device/buildings/1/units'),
  },
  'GET /api/device/units/{id}': { allowed: 'device', sample: () => at('/api/device/units/1') },
  'POST /api/device/register-requests': {
    allowed: 'device',
    sample: () => at('/api/device/register-requests', {}),
  },
  'GET /api/register-requests': { allowed: REGISTRY, sample: () => at('/api/register-requests') },
  'POST /api/register-requests/{id}/approve': {
    allowed: REVIEWERS,
    sample: () => at('/api/register-requests/999999/approve', {}),
  },
  'POST /api/register-requests/{id}/reject': {
    allowed: REVIEWERS,
    sample: () => at('/api/register-requests/999999/reject', { reason: 'x' }),
  },
  'GET /api/photos/{photoId}': {
    allowed: INCIDENT_READERS,
    sample: () => at('/api/photos/00000000-0000-4000-8000-000000000000'),
  },
  'POST /api/departments': { allowed: ADMIN, sample: () => at('/api/departments', {}) },

  'POST /api/devices/pair': { allowed: HANDLERS, sample: () => at('/api/devices/pair', {}) },
  'GET /api/devices': { allowed: ADMIN, sample: () => at('/api/devices') },
  'POST /api/devices': { allowed: ADMIN, sample: () => at('/api/devices', {}) },
  'DELETE /api/devices/{deviceId}': { allowed: ADMIN, sample: () => at('/api/devices/999999') },
  'GET /api/tracking/stats': { allowed: ADMIN, sample: () => at('/api/tracking/stats') },
  'GET /api/workers': { allowed: WALL, sample: () => at('/api/workers') },
  'GET /api/workers/{workerId}/today': {
    allowed: WALL,
    scoped: true,
    sample: (f) => at(`/api/workers/${f.workerId}/today`),
  },
  'GET /api/tracks': {
    allowed: WALL,
    scoped: true,
    sample: (f) => at(`/api/tracks?workerIds=${f.workerId}&fromMs=0&toMs=1000`),
  },

  'GET /api/users': { allowed: ADMIN, sample: () => at('/api/users') },
  'POST /api/users': { allowed: ADMIN, sample: () => at('/api/users', {}) },
  'PATCH /api/users/{username}': { allowed: ADMIN, sample: () => at('/api/users/nobody-here', {}) },
  'DELETE /api/users/{username}': { allowed: ADMIN, sample: () => at('/api/users/nobody-here') },
  'PUT /api/users/{username}/scopes': {
    allowed: ADMIN,
    sample: () => at('/api/users/nobody-here/scopes', { scopes: [] }),
  },
  'POST /api/users/{username}/password-reset': {
    allowed: ADMIN,
    sample: () => at('/api/users/nobody-here/password-reset'),
  },
  'GET /api/users/{username}/sessions': {
    allowed: ADMIN,
    sample: () => at('/api/users/nobody-here/sessions'),
  },
  'DELETE /api/users/{username}/sessions/{sessionId}': {
    allowed: ADMIN,
    sample: () => at('/api/users/nobody-here/sessions/000000000000'),
  },

  'GET /api/hotline/addresses': {
    allowed: HOTLINE,
    sample: () => at('/api/hotline/addresses?q=road'),
  },
  'GET /api/hotline/intake-check': {
    allowed: HOTLINE,
    sample: () => at('/api/hotline/intake-check?categoryCode=street_order&lon=0&lat=0'),
  },
  // An empty body: 400 for whoever the gate lets through, nothing taken.
  'POST /api/hotline/calls': { allowed: HOTLINE, sample: () => at('/api/hotline/calls', {}) },
  'GET /api/hotline/callbacks': { allowed: HOTLINE, sample: () => at('/api/hotline/callbacks') },
  'POST /api/hotline/callbacks/{id}/number': {
    allowed: HOTLINE,
    scoped: true,
    sample: (f) => at(`/api/hotline/callbacks/${f.incidentId}/number`, {}),
  },
  'POST /api/hotline/callbacks/{id}': {
    allowed: HOTLINE,
    scoped: true,
    sample: (f) => at(`/api/hotline/callbacks/${f.incidentId}`, {}),
  },

  ...open311Policies(),
};

const LOGOUT = 'POST /api/auth/logout';

let server: TestServer;
let fixture: Fixture;
let routes: string[];
/** role → token of the demo user of that role (own scope) and of a user of the other street. */
const ownTokens = new Map<Role, string>();
const foreignTokens = new Map<Role, string>();

const DEMO_USER_OF: Record<Role, string> = {
  admin: 'admin',
  dispatcher: 'dispatcher',
  viewer: 'viewer',
  leader: 'leader',
  auditor: 'auditor',
  grid_worker: 'worker01',
  department_handler: 'handler01',
  hotline_operator: 'hotline01',
};

beforeAll(async () => {
  server = await startTestServer();
  const [gridCode] = server.district.baseGridCodes;
  const [streetCode, otherStreet] = server.district.streetCodes;
  if (gridCode === undefined || streetCode === undefined || otherStreet === undefined) {
    throw new Error('the test district needs two streets');
  }
  const [row] = (await runTestSql(
    server,
    'SELECT b.id AS building, u.id AS unit, p.id AS person FROM buildings b ' +
      'JOIN units u ON u.building_id = b.id JOIN households h ON h.unit_id = u.id ' +
      'JOIN persons p ON p.household_id = h.id WHERE b.grid_code = ? LIMIT 1',
    [gridCode],
  )) as Array<{ building: number; unit: number; person: number }>;
  if (row === undefined) throw new Error(`no person in grid ${gridCode}`);
  const passwordHash = await hashPassword(server.password);
  for (const role of ROLES) {
    await server.server.stores.users.saveUser({
      username: `foreign-${role.replaceAll('_', '-')}`,
      displayName: `Other street ${role}`,
      passwordHash,
      role,
      scopes: [otherStreet],
      demo: false,
      department: role === 'department_handler' ? 'urban_management' : null,
    });
  }
  const admin = await server.login('admin');
  const grids = (await server.request('GET', `/api/grids/${gridCode}`, { token: admin })).json as {
    center: { lon: number; lat: number };
  };
  const created = await server.request('POST', '/api/incidents', {
    token: admin,
    body: { categoryCode: 'street_order', ...grids.center, description: 'access test' },
  });
  const incidentId = (created.json as CreateIncidentResponse).incident.id;
  await server.request('POST', `/api/incidents/${incidentId}/transitions`, {
    token: admin,
    body: { command: { action: 'register' } },
  });
  fixture = {
    buildingId: row.building,
    unitId: row.unit,
    personId: row.person,
    incidentId,
    workerId: server.district.workerIds[0] ?? 1,
    gridCode,
    streetCode,
  };
  for (const role of ROLES) {
    ownTokens.set(role, await server.login(DEMO_USER_OF[role]));
    foreignTokens.set(role, await server.login(`foreign-${role.replaceAll('_', '-')}`));
  }
  const doc = (await server.request('GET', '/api/openapi.json')).json as {
    paths: Record<string, Record<string, unknown>>;
  };
  routes = Object.entries(doc.paths)
    .flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    )
    // Logging out ends the session the other samples use: last.
    .sort((a, b) => Number(a === LOGOUT) - Number(b === LOGOUT));
}, 120_000);

afterAll(async () => {
  await server?.close();
});

async function call(
  route: string,
  sample: Sample,
  token?: string,
  headers?: Record<string, string>,
): Promise<number> {
  const method = route.slice(0, route.indexOf(' '));
  const answer = await server.request(method, sample.path, {
    ...(token === undefined ? {} : { token }),
    ...(sample.body === undefined ? {} : { body: sample.body }),
    ...(headers === undefined ? {} : { headers }),
  });
  return answer.status;
}

describe('route access from the OpenAPI document', () => {
  it('has a policy for every documented route', () => {
    const missing = routes.filter((route) => POLICY[route] === undefined);
    expect(
      missing,
      `routes missing from POLICY in routeAccess.test.ts: ${missing.join(', ')}`,
    ).toEqual([]);
  });

  it('offers no way to change or delete the audit log', () => {
    const auditWrites = routes.filter(
      (route) => route.includes(' /api/audit') && !route.startsWith('GET '),
    );
    expect(auditWrites).toEqual([]);
  });

  it('answers every route × role × scope as the policy says', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const policy = POLICY[route];
      if (policy === undefined) continue;
      const sample = policy.sample(fixture);
      const anonymous = await call(route, sample);
      if (policy.allowed === 'public' ? anonymous === 401 : anonymous !== 401) {
        wrong.push(`${route} without a session: ${anonymous}`);
      }
      if (policy.allowed === 'public') continue;
      if (policy.allowed === 'device') {
        for (const role of ROLES) {
          const own = await call(route, sample, ownTokens.get(role));
          if (own !== 401) wrong.push(`${route} with ${role}'s session: ${own} (device only)`);
        }
        continue;
      }
      for (const role of ROLES) {
        const admitted = policy.allowed.includes(role);
        const own = await call(route, sample, ownTokens.get(role));
        if (admitted ? own === 401 || own === 403 : own !== 403) {
          wrong.push(`${route} as ${role}: ${own} (${admitted ? 'admitted' : 'refused'})`);
        }
        const foreign = await call(route, sample, foreignTokens.get(role));
        const foreignOk = !admitted
          ? foreign === 403
          : policy.scoped === true
            ? [400, 403, 404].includes(foreign)
            : foreign !== 401 && foreign !== 403;
        if (!foreignOk) {
          wrong.push(
            `${route} as ${role} of the other street: ${foreign} (${admitted ? (policy.scoped === true ? 'no data' : 'admitted') : 'refused'})`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);
});

describe('public wall modes (leader wall, tour): aggregates only', () => {
  // The OpenAPI document (and POLICY) spell parameters `{id}`, Fastify `:id`.
  const personRoutes = PERSON_LEVEL_ROUTES.map((route) => route.replace(/:(\w+)/g, '{$1}'));
  const personLevel = new Set<string>(personRoutes);
  // The route test above logs every own session out: a session of its own.
  let admin: string;
  beforeAll(async () => {
    admin = await server.login('admin');
  });

  it('names only documented routes as person-level', () => {
    expect(personRoutes.filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('refuses every person-level route to the administrator in the wall and tour modes', async () => {
    const wrong: string[] = [];
    for (const route of personRoutes) {
      const sample = POLICY[route]!.sample(fixture);
      for (const mode of ['wall', 'tour']) {
        const status = await call(route, sample, admin, { [WALL_MODE_HEADER]: mode });
        if (status !== 403) wrong.push(`${route} in ${mode}: ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('still answers the aggregate reads in the wall mode, and everything in dispatch', async () => {
    const wrong: string[] = [];
    const reads = routes.filter(
      (route) => route.startsWith('GET ') && POLICY[route]?.allowed !== 'public',
    );
    for (const route of reads) {
      const sample = POLICY[route]!.sample(fixture);
      if (POLICY[route]!.allowed === 'device') continue;
      const wall = await call(route, sample, admin, { [WALL_MODE_HEADER]: 'wall' });
      if (!personLevel.has(route) && (wall === 401 || wall === 403)) {
        wrong.push(`${route} in wall: ${wall}`);
      }
      const dispatch = await call(route, sample, admin, { [WALL_MODE_HEADER]: 'dispatch' });
      if (dispatch === 401 || dispatch === 403) wrong.push(`${route} in dispatch: ${dispatch}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('answers an unknown mode with a clear 400', async () => {
    const answer = await server.request('GET', `/api/units/${fixture.unitId}`, {
      token: admin,
      headers: { [WALL_MODE_HEADER]: 'kiosk' },
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain(WALL_MODE_HEADER);
  });
});
