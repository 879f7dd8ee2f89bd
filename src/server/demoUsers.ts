/**
 * The demo accounts, one per role: admin (whole district), dispatcher (the first street only),
 * viewer (whole district, masked data only), leader (whole district), auditor (the audit log
 * only), worker01 (a grid worker of the first street's first base grid) and handler01 (a
 * department handler of the demo urban-management department, whole district) and hotline01 (an
 * operator of the district's 12345 hotline desk, whole district). Their password
 * is whatever the caller passes: npm start passes DEMO_PASSWORD or a fresh random one and prints
 * it. There is no default password. The demo departments are created with them.
 */
import { isWithinGrid } from '../domain/gridCode';
import { GRID_LEVELS } from '../domain/registry';
import type { Department, Role } from '../shared/api';
import { hashPassword } from './auth/passwordHash';
import { openDatabase, type SqliteDatabase } from './store/openDatabase';
import { SqliteAuthStore } from './store/sqliteAuthStore';
import { SqliteRegistryStore } from './store/sqliteRegistry';
import { SqliteTrackingStore } from './store/sqliteTrackingStore';

/** The demo grid worker's account, linked to a worker of its grid for the phone app. */
export const DEMO_WORKER_ACCOUNT = 'worker01';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  scopes: string[];
  department?: string;
}

/** Functional departments of the demo district (demo data). */
export const DEMO_DEPARTMENTS: readonly Department[] = [
  { code: 'urban_management', name: '区城市管理局', nameEn: 'District Urban Management Bureau' },
  { code: 'housing', name: '区住房和建设局', nameEn: 'District Housing and Construction Bureau' },
  {
    code: 'market_regulation',
    name: '区市场监督管理局',
    nameEn: 'District Market Regulation Bureau',
  },
];

export const MIN_DEMO_PASSWORD_LENGTH = 8;

/** The accounts for a district: scopes come from the district's own grid codes. */
export function demoUsersFor(
  districtCode: string,
  firstStreetCode: string,
  firstBaseGridCode: string = firstStreetCode,
): DemoUser[] {
  return [
    { username: 'admin', displayName: 'Administrator', role: 'admin', scopes: [districtCode] },
    {
      username: 'dispatcher',
      displayName: 'Street dispatcher',
      role: 'dispatcher',
      scopes: [firstStreetCode],
    },
    { username: 'viewer', displayName: 'Viewer', role: 'viewer', scopes: [districtCode] },
    { username: 'leader', displayName: 'District leader', role: 'leader', scopes: [districtCode] },
    { username: 'auditor', displayName: 'Auditor', role: 'auditor', scopes: [districtCode] },
    {
      username: DEMO_WORKER_ACCOUNT,
      displayName: 'Grid worker',
      role: 'grid_worker',
      scopes: [firstBaseGridCode],
    },
    {
      username: 'handler01',
      displayName: 'Urban management handler',
      role: 'department_handler',
      scopes: [districtCode],
      department: 'urban_management',
    },
    {
      username: 'hotline01',
      displayName: '12345 hotline operator',
      role: 'hotline_operator',
      scopes: [districtCode],
    },
  ];
}

function districtCodes(registry: SqliteRegistryStore): {
  districtCode: string;
  firstStreetCode: string;
  firstBaseGridCode: string;
} {
  const grids = registry.listGrids();
  const districtCode =
    registry.readMeta().district_code ??
    grids.find((grid) => grid.level === GRID_LEVELS.district)?.code;
  const firstStreetCode = grids.find(
    (grid) =>
      grid.level === GRID_LEVELS.street &&
      districtCode !== undefined &&
      isWithinGrid(grid.code, districtCode),
  )?.code;
  if (districtCode === undefined || firstStreetCode === undefined) {
    throw new Error('the database holds no district with a street: generate the district first');
  }
  const firstBaseGridCode =
    grids.find(
      (grid) => grid.level === GRID_LEVELS.grid && isWithinGrid(grid.code, firstStreetCode),
    )?.code ?? firstStreetCode;
  return { districtCode, firstStreetCode, firstBaseGridCode };
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
    const { districtCode, firstStreetCode, firstBaseGridCode } = districtCodes(
      new SqliteRegistryStore(db),
    );
    const users = demoUsersFor(districtCode, firstStreetCode, firstBaseGridCode);
    const store = new SqliteAuthStore(db);
    for (const department of DEMO_DEPARTMENTS) store.saveDepartment(department);
    for (const user of users) {
      // Enabled and without a pending change: npm start prints the password it set.
      store.saveUser({
        ...user,
        passwordHash: await hashPassword(password),
        demo: true,
        disabled: false,
        mustChangePassword: false,
        department: user.department ?? null,
      });
      // A new password ends the sessions opened with the old one.
      store.deleteSessionsOf(user.username);
    }
    // worker01 signs in to the phone app as a worker of its grid (when the district has one).
    const tracking = new SqliteTrackingStore(db);
    const worker = tracking
      .listWorkers()
      .find((candidate) => candidate.gridCodes.includes(firstBaseGridCode));
    if (worker !== undefined) tracking.linkAccountToWorker(DEMO_WORKER_ACCOUNT, worker.workerId);
    return users;
  } finally {
    if (typeof database === 'string') db.close();
  }
}
