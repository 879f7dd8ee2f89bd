/**
 * Who may read full identifiers and unmasked free text: the one place reveal code asks, so the
 * permission behind it can change in one line.
 */
import type { Role } from '../../shared/api';
import { hasPermission } from '../auth/roles';

export function mayReveal(role: Role): boolean {
  return hasPermission(role, 'identifiers.reveal');
}

/** Who is told on screen when someone goes past the reveal limit. */
export function receivesSecurityAlerts(role: Role): boolean {
  return hasPermission(role, 'users.manage');
}
