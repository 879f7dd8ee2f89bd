/** What the user management form holds while a user is created or edited. */
import type { Role } from '../../shared/api';

/** Scopes are typed as grid codes separated by commas or blanks. */
export function parseScopes(text: string): string[] {
  return text
    .split(/[\s,，]+/)
    .map((code) => code.trim())
    .filter((code) => code !== '');
}

export interface Draft {
  username: string;
  displayName: string;
  role: Role;
  scopes: string;
  department: string;
  /** A grid worker account's worker number (workers.id), for pairing its phone. */
  workerId: string;
  password: string;
}

export const EMPTY_DRAFT: Draft = {
  username: '',
  displayName: '',
  role: 'viewer',
  scopes: '',
  department: '',
  workerId: '',
  password: '',
};
