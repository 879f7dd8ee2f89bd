/**
 * The route → permission gate. Every private /api route names here what it needs: a permission
 * of the role table (src/server/auth/roles.ts), any of several, or only a session. The gate runs
 * after authentication, before validation and the handler, and fails closed: a private route
 * missing from this table answers 403 to everyone (and the generated access test names it), so
 * a new route cannot be left open by forgetting it. Use cases still check scope and finer rules
 * (which incident action, which assignee).
 *
 * A user whose password was reset may, until they change it, only read who they are, change the
 * password and log out.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '../../shared/api';
import { hasPermission } from '../auth/roles';
import { LocalizedError } from '../registry/accessErrors';

/** What a route needs: a permission, any one of several, or just a valid session. */
export type RouteRequirement = Permission | readonly Permission[] | 'session';

/** Keyed by `METHOD /url` as Fastify names the route (`:param` placeholders). */
export const ROUTE_PERMISSIONS: Readonly<Record<string, RouteRequirement>> = {
  'GET /api/auth/me': 'session',
  'POST /api/auth/logout': 'session',
  'POST /api/auth/password': 'session',
  // The district's name and where its tiles are: nothing personal, every screen starts with it.
  'GET /api/config': 'session',
  // Base map imagery: nothing personal, every screen's globe draws it.
  'GET /api/imagery': 'session',
  'GET /api/imagery/:z/:x/:y': 'session',
  // Where the district's own 3D model is and its offset: nothing personal.
  'GET /api/photogrammetry': 'session',

  // Geometry and names only: the hotline desk places a call on this map too (decision 0026).
  'GET /api/grids': ['registry.read', 'hotline.take'],
  'GET /api/grids/:code': 'registry.read',
  'GET /api/grids/:code/buildings': 'registry.read',
  'GET /api/basemap': 'registry.read',
  'GET /api/themes/units': 'registry.read',
  'GET /api/buildings/:id': 'registry.read',
  'GET /api/units/:id': 'registry.read',
  'GET /api/persons/:id': 'registry.read',
  'GET /api/search': 'registry.read',
  // Unit volumes (ids and shapes, no persons) resolve clicks on the 3D model.
  'GET /api/volumes': 'registry.read',
  'POST /api/persons/:id/reveal': 'identifiers.reveal',
  'POST /api/incidents/:id/reveal': 'identifiers.reveal',
  // Erasure (PIPL) removes a person from the register: user administration's right.
  'DELETE /api/persons/:id': 'users.manage',
  // Phone change requests: the register's readers see them (masked) in the unit panel; only a
  // reviewer (community desk) applies or refuses one. docs/decisions/0025.
  'GET /api/register-requests': 'registry.read',
  'POST /api/register-requests/:id/approve': 'register.review',
  'POST /api/register-requests/:id/reject': 'register.review',

  'GET /api/audit': 'audit.read',
  'GET /api/audit/export.csv': 'audit.read',

  'GET /api/incidents': 'incidents.read',
  'GET /api/incidents/:id': 'incidents.read',
  'GET /api/incidents/intake-check': 'incidents.report',
  'POST /api/incidents': 'incidents.report',
  // Which step a role may take is the incident role table's (incidentActors, domain).
  'POST /api/incidents/:id/transitions': [
    'incidents.dispatch',
    'incidents.handle',
    'incidents.evaluate',
  ],
  'GET /api/incidents/:id/dispatch-suggestions': 'incidents.dispatch',
  'POST /api/incidents/:id/dispatch': 'incidents.dispatch',
  // Heat layers belong to the wall, with the register's resident counts behind them.
  'GET /api/incidents/heat': 'registry.read',
  'GET /api/incidents/heat/residents': 'registry.read',
  'GET /api/departments': 'incidents.read',
  // Zones and resident counts of the caller's scope (no person named): the register's readers.
  'POST /api/emergency/plume': 'registry.read',
  // Emergency records: places and capacities for the wall's readers (contacts masked, none on the
  // public modes); writes and sensor tokens for administrators (decision 0034).
  'GET /api/emergency/records': 'registry.read',
  'POST /api/emergency/records': 'emergency.manage',
  'PUT /api/emergency/records/:id': 'emergency.manage',
  'DELETE /api/emergency/records/:id': 'emergency.manage',
  'POST /api/emergency/records/:id/token': 'emergency.manage',
  'DELETE /api/emergency/records/:id/token': 'emergency.manage',
  'GET /api/emergency/air-quality': 'registry.read',
  // The active scenario: the wall's readers follow it, the loop's dispatchers run it. The
  // door-knocking list names heads of households (masked by role) like the register does.
  'GET /api/emergency/scenario': 'registry.read',
  'PUT /api/emergency/scenario': 'incidents.dispatch',
  'DELETE /api/emergency/scenario': 'incidents.dispatch',
  'GET /api/emergency/scenario/door-knock': 'registry.read',
  // A replayed step's evacuation plan: buildings, shelters and routes, nobody named.
  'GET /api/emergency/scenario/evacuation': 'registry.read',
  'POST /api/emergency/scenario/door-knock/assign': 'incidents.dispatch',
  // The emergency command (decision 0037): the wall's readers follow the event and read its
  // report (messages per household masked, in their scope); the loop's dispatchers command it
  // (open, plan, ticks, level, messages, acknowledgements taken by phone, termination). The
  // gateway's receipts are public routes authenticated by the gateway's key.
  'GET /api/emergency/command': 'registry.read',
  // Aggregates only (level, plan, progress, counts): what the leader wall and the tour show.
  'GET /api/emergency/command/summary': 'registry.read',
  'GET /api/emergency/command/events': 'registry.read',
  'POST /api/emergency/command/events': 'incidents.dispatch',
  'GET /api/emergency/command/plans': 'registry.read',
  'POST /api/emergency/command/plan': 'incidents.dispatch',
  'POST /api/emergency/command/steps/:index': 'incidents.dispatch',
  'POST /api/emergency/command/level': 'incidents.dispatch',
  'POST /api/emergency/command/terminate': 'incidents.dispatch',
  'POST /api/emergency/command/notify': 'incidents.dispatch',
  'GET /api/emergency/command/notifications': 'registry.read',
  'POST /api/emergency/command/notifications/:id/acknowledge': 'incidents.dispatch',
  'GET /api/emergency/command/events/:id/report': 'registry.read',
  'GET /api/emergency/command/events/:id/report.xlsx': 'registry.read',
  // A photo of an incident step: whoever may see the incident (the route checks its scope).
  'GET /api/photos/:photoId': 'incidents.read',
  // The cockpit's figures: aggregates of the register and the incidents, for the wall's screens.
  'GET /api/stats': 'registry.read',
  // Assessment ranks workers by name (masked without the reveal right) and their patrol coverage
  // comes from tracks: the readers of the workers' map. The scheme is an administrator's to set.
  'GET /api/assessment': 'tracking.read',
  'GET /api/assessment/export.xlsx': 'tracking.read',
  'GET /api/assessment/schemes': 'tracking.read',
  'GET /api/assessment/area-score': 'tracking.read',
  'POST /api/assessment/schemes': 'users.manage',

  // The hotline desk (decision 0026): the use cases check the operator's scope themselves.
  'GET /api/hotline/addresses': 'hotline.take',
  'GET /api/hotline/intake-check': 'hotline.take',
  'POST /api/hotline/calls': 'hotline.take',
  'GET /api/hotline/callbacks': 'hotline.take',
  'POST /api/hotline/callbacks/:id/number': 'hotline.take',
  'POST /api/hotline/callbacks/:id': 'hotline.take',

  // A grid worker pairs their own phone; the account's worker link decides which worker.
  'POST /api/devices/pair': 'incidents.handle',
  'GET /api/devices': 'devices.manage',
  'POST /api/devices': 'devices.manage',
  'DELETE /api/devices/:deviceId': 'devices.manage',
  'GET /api/tracking/stats': 'devices.manage',
  'GET /api/workers': 'tracking.read',
  'GET /api/workers/:workerId/today': 'tracking.read',
  'GET /api/tracks': 'tracking.read',

  'GET /api/users': 'users.manage',
  'POST /api/users': 'users.manage',
  'PATCH /api/users/:username': 'users.manage',
  'DELETE /api/users/:username': 'users.manage',
  'PUT /api/users/:username/scopes': 'users.manage',
  'POST /api/users/:username/password-reset': 'users.manage',
  'GET /api/users/:username/sessions': 'users.manage',
  'DELETE /api/users/:username/sessions/:sessionId': 'users.manage',
  'POST /api/departments': 'users.manage',

  // Importing rewrites the register: an administrator's work (mayImport says the same).
  'GET /api/imports/kinds': 'users.manage',
  'POST /api/imports/uploads': 'users.manage',
  'POST /api/imports/jobs': 'users.manage',
  'GET /api/imports/jobs/:jobId': 'users.manage',
  'GET /api/imports/jobs/:jobId/problems': 'users.manage',
  'GET /api/imports/batches': 'users.manage',
  'POST /api/imports/batches/:batchId/rollback': 'users.manage',
  // Lists of the register, masked like the screens and limited to the caller's scope.
  'GET /api/rentals/expiring': 'registry.read',
  'GET /api/exports/residents': 'registry.read',
  'GET /api/exports/units': 'registry.read',
};

/** Routes a user with a pending password change may still call. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set([
  'GET /api/auth/me',
  'POST /api/auth/logout',
  'POST /api/auth/password',
]);

export function routeKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${url}`;
}

export function meetsRequirement(
  role: Parameters<typeof hasPermission>[0],
  requirement: RouteRequirement | undefined,
): boolean {
  if (requirement === undefined) return false;
  if (requirement === 'session') return true;
  if (typeof requirement === 'string') return hasPermission(role, requirement as Permission);
  return requirement.some((permission) => hasPermission(role, permission));
}

export function registerRoutePermissions(
  app: FastifyInstance,
  onRefused: (request: FastifyRequest, message: string) => Promise<unknown> = async () => {},
): void {
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    if (url?.startsWith('/api/') !== true || request.routeOptions.config.public === true) return;
    const user = request.sessionUser;
    // Authentication ran first and refused anonymous calls; this only guards the order.
    if (user === null) return;
    const key = routeKey(request.method, url);
    if (user.mustChangePassword === true && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(key)) {
      throw new LocalizedError(403, {
        zh: '请先修改密码（管理员已重置您的密码）',
        en: 'Change your password first (an administrator reset it)',
      });
    }
    const requirement = ROUTE_PERMISSIONS[key];
    if (requirement === undefined) {
      request.log.error({ route: key }, 'route missing from ROUTE_PERMISSIONS: refused');
    }
    if (!meetsRequirement(user.role, requirement)) {
      await onRefused(request, 'your role may not do this');
      throw new LocalizedError(403, {
        zh: '您的角色无权执行此操作',
        en: 'your role may not do this',
      });
    }
  });
}
