/**
 * Who may import, roll back and download problem files: the one place this is decided, so a
 * finer permission table can take it over here alone.
 */
import type { Role } from '../../shared/api';
import { hasPermission } from '../auth/roles';

export function mayImport(role: Role): boolean {
  return hasPermission(role, 'users.manage');
}
