/**
 * The demo accounts: admin (whole district), dispatcher (the first street only) and viewer
 * (whole district, masked data only). Their password is whatever the caller passes: npm start
 * passes DEMO_PASSWORD or a fresh random one and prints it. There is no default password.
 */
import { GRID_LEVELS } from '../domain/registry';
import type { Role } from '../shared/api';
import { hashPassword } from './auth/passwordHash';
import { openDatabase, type SqliteDatabase } from './store/openDatabase';
import { SqliteAuthStore } from './store/sqliteAuthStore';
import { SqliteRegistry } from './store/sqliteRegistry';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  scopes: string[];
}

export const MIN_DEMO_PASSWORD_LENGTH = 8;

/** The accounts for a district: scopes come from the district's own grid codes. */
export function demoUsersFor(districtCode: string, firstStreetCode: string): DemoUser[] {
  return [
    { username: 'admin', displayName: 'Administrator', role: 'admin', scopes: [districtCode] },
    {
      username: 'dispatcher',
      displayName: 'Street dispatcher',
      role: 'dispatcher',
      scopes: [firstStreetCode],
    },
    { username: 'viewer', displayName: 'Viewer', role: 'viewer', scopes: [districtCode] },
  ];
}

function districtCodes(registry: SqliteRegistry): {
  districtCode: string;
  firstStreetCode: string;
} {
  const grids = registry.listGrids();
  const districtCode =
    registry.readMeta().district_code ??
    grids.find((grid) => grid.level === GRID_LEVELS.district)?.code;
  const firstStreetCode = grids.find(
    (grid) =>
      grid.level === GRID_LEVELS.street &&
      districtCode !== undefined &&
      grid.code.startsWith(districtCode),
  )?.code;
  if (districtCode === undefined || firstStreetCode === undefined) {
    throw new Error('the database holds no district with a street: generate the district first');
  }
  return { districtCode, firstStreetCode };
}

/** Creates or updates the demo accounts (password reset to `password`, their sessions ended). */
export async function ensureDemoUsers(
  database: string | SqliteDatabase,
  password: string,
): Promise<DemoUser[]> {
  if (password.length < MIN_DEMO_PASSWORD_LENGTH) {
    throw new Error(`demo password must have at least ${MIN_DEMO_PASSWORD_LENGTH} characters`);
  }
  const db = typeof database === 'string' ? openDatabase(database) : database;
  try {
    const { districtCode, firstStreetCode } = districtCodes(new SqliteRegistry(db));
    const users = demoUsersFor(districtCode, firstStreetCode);
    const store = new SqliteAuthStore(db);
    for (const user of users) {
      store.saveUser({ ...user, passwordHash: await hashPassword(password), demo: true });
      // A new password ends the sessions opened with the old one.
      store.deleteSessionsOf(user.username);
    }
    return users;
  } finally {
    if (typeof database === 'string') db.close();
  }
}
