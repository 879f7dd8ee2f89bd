/**
 * What each role may do: one table, least privilege. Scope (which grids) is per user; permissions
 * are per role. Routes are gated by src/server/http/routePermissions.ts from this table; use
 * cases that decide finer points (reveal, dispatch) ask `hasPermission` too.
 *
 * Why each role holds what it holds:
 * - leader: reads the wall (register masked, incidents, workers, heat) and evaluates closed
 *   incidents; no full identifiers, no dispatching.
 * - dispatcher: runs the loop in their scope and may reveal identifiers with a reason; as the
 *   community desk of that scope it reviews the phones' household change requests
 *   (register.review: the only way the register changes outside an import).
 * - grid_worker: reads the register of their grids, reports incidents and handles their own.
 * - department_handler: sees and handles the incidents assigned to them; no register, no map of
 *   workers (it is another office's staff).
 * - viewer: reads the wall with every identifier masked.
 * - auditor: reads and exports the audit log, nothing else (separation of duties).
 * - hotline_operator: takes callers' complaints at the 12345 / 96005 desk (the caller's number is
 *   stored sealed), sees possible duplicates and the call-back list of closed hotline cases, and
 *   records the caller's satisfaction; no register of persons, no wall (decision 0026).
 * - admin: everything, including users and devices.
 */
import type { Permission, Role } from '../../shared/api';

const WALL_READ: readonly Permission[] = ['registry.read', 'incidents.read', 'tracking.read'];

const PERMISSIONS_BY_ROLE: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  leader: new Set([...WALL_READ, 'incidents.evaluate']),
  dispatcher: new Set([
    ...WALL_READ,
    'identifiers.reveal',
    'incidents.report',
    'incidents.dispatch',
    'register.review',
  ]),
  grid_worker: new Set(['registry.read', 'incidents.read', 'incidents.report', 'incidents.handle']),
  department_handler: new Set(['incidents.read', 'incidents.handle']),
  viewer: new Set(WALL_READ),
  auditor: new Set(['audit.read']),
  admin: new Set([
    ...WALL_READ,
    'identifiers.reveal',
    'incidents.report',
    'incidents.dispatch',
    'incidents.evaluate',
    'register.review',
    'devices.manage',
    'users.manage',
    'audit.read',
    'hotline.take',
    // Emergency records (hazard sources, resources, shelters, sensors, plans): decision 0034.
    'emergency.manage',
  ]),
  hotline_operator: new Set(['hotline.take']),
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return PERMISSIONS_BY_ROLE[role].has(permission);
}

/** The permissions of a role, in a stable order (for the session user and the UI). */
export function permissionListOf(role: Role): Permission[] {
  return [...PERMISSIONS_BY_ROLE[role]].sort();
}

/** Roles that may be given work (a dispatch names one of them as assignee). */
export const ASSIGNABLE_ROLES: readonly Role[] = ['grid_worker', 'department_handler'];

interface RolePermissions {
  /** May read full ID numbers and phones through the audited reveal endpoint. */
  canReveal: boolean;
  /** May read the audit log. */
  canReadAudit: boolean;
}

/** The older two-flag view, kept as a thin wrapper over the table so callers need not change. */
export function permissionsOf(role: Role): RolePermissions {
  return {
    canReveal: hasPermission(role, 'identifiers.reveal'),
    canReadAudit: hasPermission(role, 'audit.read'),
  };
}
