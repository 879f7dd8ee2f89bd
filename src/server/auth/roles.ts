/** What each role may do. Scope (which grids) is per user; permissions are per role. */
import type { Role } from '../../shared/api';

interface RolePermissions {
  /** May read full ID numbers and phones through the audited reveal endpoint. */
  canReveal: boolean;
  /** May read the audit log. */
  canReadAudit: boolean;
}

const PERMISSIONS: Record<Role, RolePermissions> = {
  admin: { canReveal: true, canReadAudit: true },
  dispatcher: { canReveal: true, canReadAudit: false },
  viewer: { canReveal: false, canReadAudit: false },
};

export function permissionsOf(role: Role): RolePermissions {
  return PERMISSIONS[role];
}
