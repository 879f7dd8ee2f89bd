/**
 * What live tracking needs from the store, by interface (DESIGN.md §2: store adapters behind
 * repository interfaces). The SQLite adapter is src/server/store/sqliteTrackingStore.ts.
 */
import type { Position } from '../../domain/tracking/fix';

export interface WorkerRecord {
  workerId: number;
  name: string;
  nameEn: string;
  gridCodes: string[];
}

export interface DeviceTokenRecord {
  deviceId: number;
  workerId: number;
  label: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  demo: boolean;
}

export interface InsertPositionsResult {
  /** The positions that were new, in input order. */
  stored: Position[];
  /** Already stored (same worker and fix time): a resend. */
  duplicates: Position[];
}

export interface TrackingRepository {
  listWorkers(): WorkerRecord[];
  workerById(workerId: number): WorkerRecord | null;
  /** The worker an app account signs in to the phone app as (worker_accounts), or null. */
  workerIdOfAccount(username: string): number | null;
  /** Links an app account to a worker (null: unlinks); an account or worker links once. */
  linkAccountToWorker(username: string, workerId: number | null): void;

  /** Stores the token's hash; returns the record. */
  insertDeviceToken(input: {
    tokenHash: string;
    workerId: number;
    label: string;
    createdAt: string;
    createdBy: string;
    demo: boolean;
  }): DeviceTokenRecord;
  /** The live (not revoked) token with this hash, or null. */
  deviceTokenByHash(tokenHash: string): DeviceTokenRecord | null;
  listDeviceTokens(): DeviceTokenRecord[];
  /** Marks it revoked; false when there is no such live token. */
  revokeDeviceToken(deviceId: number, revokedAt: string): boolean;
  /** Revokes every demo token (npm start re-issues them). */
  revokeDemoDeviceTokens(revokedAt: string): number;

  /** All of them in ONE transaction; duplicates by (worker, fix time) are not stored twice. */
  insertPositions(positions: readonly Position[]): InsertPositionsResult;
  /**
   * insertPositions and addToCounters in ONE transaction, adding the `stored` and `duplicate`
   * counters from the insert itself: a batch's fixes and its counts commit or vanish together.
   */
  commitPositions(
    positions: readonly Position[],
    increments: ReadonlyMap<string, number>,
  ): InsertPositionsResult;
  /** Ordered by fix time, inclusive range. */
  trackOf(workerId: number, fromMs: number, toMs: number): Position[];
  /** The newest `limit` fixes of one worker, oldest first (seeds the ingest's recent window). */
  latestPositionsOf(workerId: number, limit: number): Position[];
  /** The newest stored fix per worker (for status after a restart). */
  newestPositions(): Position[];
  /** Deletes fixes with fix time before the cut-off; returns how many. */
  purgePositionsBefore(cutoffMs: number): number;

  /** Adds to named counters in one transaction (e.g. `rejected:impossible_jump`, `duplicate`). */
  addToCounters(increments: ReadonlyMap<string, number>): void;
  readCounters(): Map<string, number>;

  saveSos(workerId: number, active: boolean, atMs: number): void;
  activeSos(): Array<{ workerId: number; atMs: number }>;
}
