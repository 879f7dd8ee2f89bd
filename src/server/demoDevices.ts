/**
 * The simulated devices' tokens: npm start revokes the previous demo tokens and issues one fresh
 * token per worker, which it hands to the feed simulator (never printed, never stored in clear).
 * A setup step on the SQLite file, before the server opens it: all in one transaction, through
 * the synchronous rows.
 */
import type { TrackingRepository } from './tracking/trackingRepository';
import { openDatabase, type SqliteDatabase } from './store/openDatabase';
import { SqliteTrackingStore } from './store/sqliteTrackingStore';
import { NotFoundError } from './registry/accessErrors';
import { mintDeviceToken } from './tracking/deviceTokens';

export const DEMO_DEVICE_CREATED_BY = 'demo';
export const DEMO_DEVICE_LABEL = 'simulated device (demo)';

export function ensureDemoDevices(
  database: string | SqliteDatabase,
  options: { workerIds?: number[]; createdBy?: string; now?: Date } = {},
): Array<{ workerId: number; token: string }> {
  const db = typeof database === 'string' ? openDatabase(database) : database;
  try {
    const tracking = new SqliteTrackingStore(db);
    const now = options.now ?? new Date();
    const workerIds = options.workerIds ?? tracking.listWorkers().map((worker) => worker.workerId);
    return db.transaction(() => {
      tracking.revokeDemoDeviceTokens(now.toISOString());
      return workerIds.map((workerId) => {
        if (tracking.workerById(workerId) === null) throw new NotFoundError(`worker ${workerId}`);
        const { token, tokenHash } = mintDeviceToken();
        tracking.insertDeviceToken({
          tokenHash,
          workerId,
          label: DEMO_DEVICE_LABEL,
          createdAt: now.toISOString(),
          createdBy: options.createdBy ?? DEMO_DEVICE_CREATED_BY,
          demo: true,
        });
        return { workerId, token };
      });
    })();
  } finally {
    if (typeof database === 'string') db.close();
  }
}

/**
 * The same through the asynchronous repository, for a district in PostgreSQL (`npm run cluster`
 * with DATABASE_URL): the old demo tokens revoked, then one fresh token per worker.
 */
export async function issueDemoDevices(
  tracking: Pick<
    TrackingRepository,
    'listWorkers' | 'workerById' | 'revokeDemoDeviceTokens' | 'insertDeviceToken'
  >,
  options: { workerIds?: number[]; now?: Date } = {},
): Promise<Array<{ workerId: number; token: string }>> {
  const now = options.now ?? new Date();
  const workerIds =
    options.workerIds ?? (await tracking.listWorkers()).map((worker) => worker.workerId);
  for (const workerId of workerIds) {
    if ((await tracking.workerById(workerId)) === null)
      throw new NotFoundError(`worker ${workerId}`);
  }
  await tracking.revokeDemoDeviceTokens(now.toISOString());
  const issued: Array<{ workerId: number; token: string }> = [];
  for (const workerId of workerIds) {
    const { token, tokenHash } = mintDeviceToken();
    await tracking.insertDeviceToken({
      tokenHash,
      workerId,
      label: DEMO_DEVICE_LABEL,
      createdAt: now.toISOString(),
      createdBy: DEMO_DEVICE_CREATED_BY,
      demo: true,
    });
    issued.push({ workerId, token });
  }
  return issued;
}
