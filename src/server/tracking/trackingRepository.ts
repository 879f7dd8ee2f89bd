/**
 * What live tracking needs from the store, by interface (DESIGN.md §2: store adapters behind
 * repository interfaces). Asynchronous, so that a PostgreSQL adapter can implement it
 * (docs/decisions/0040-postgresql.md); the SQLite adapter is sqliteTrackingRepository in
 * src/server/store/sqliteTrackingStore.ts. Each method is one atomic unit on either engine.
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
  listWorkers(): Promise<WorkerRecord[]>;
  workerById(workerId: number): Promise<WorkerRecord | null>;
  /** The worker an app account signs in to the phone app as (worker_accounts), or null. */
  workerIdOfAccount(username: string): Promise<number | null>;
  /** Links an app account to a worker (null: unlinks); an account or worker links once. */
  linkAccountToWorker(username: string, workerId: number | null): Promise<void>;

  /** Stores the token's hash; returns the record. */
  insertDeviceToken(input: {
    tokenHash: string;
    workerId: number;
    label: string;
    createdAt: string;
    createdBy: string;
    demo: boolean;
  }): Promise<DeviceTokenRecord>;
  /** The live (not revoked) token with this hash, or null. */
  deviceTokenByHash(tokenHash: string): Promise<DeviceTokenRecord | null>;
  listDeviceTokens(): Promise<DeviceTokenRecord[]>;
  /** Marks it revoked; false when there is no such live token. */
  revokeDeviceToken(deviceId: number, revokedAt: string): Promise<boolean>;
  /** Revokes every demo token (npm start re-issues them). */
  revokeDemoDeviceTokens(revokedAt: string): Promise<number>;

  /** All of them in ONE transaction; duplicates by (worker, fix time) are not stored twice. */
  insertPositions(positions: readonly Position[]): Promise<InsertPositionsResult>;
  /**
   * insertPositions and addToCounters in ONE transaction, adding the `stored` and `duplicate`
   * counters from the insert itself: a batch's fixes and its counts commit or vanish together.
   */
  commitPositions(
    positions: readonly Position[],
    increments: ReadonlyMap<string, number>,
  ): Promise<InsertPositionsResult>;
  /** Ordered by fix time, inclusive range. */
  trackOf(workerId: number, fromMs: number, toMs: number): Promise<Position[]>;
  /** The newest `limit` fixes of one worker, oldest first (seeds the ingest's recent window). */
  latestPositionsOf(workerId: number, limit: number): Promise<Position[]>;
  /** The newest stored fix per worker (for status after a restart). */
  newestPositions(): Promise<Position[]>;
  /** Deletes fixes with fix time before the cut-off; returns how many. */
  purgePositionsBefore(cutoffMs: number): Promise<number>;

  /** Adds to named counters in one transaction (e.g. `rejected:impossible_jump`, `duplicate`). */
  addToCounters(increments: ReadonlyMap<string, number>): Promise<void>;
  readCounters(): Promise<Map<string, number>>;

  saveSos(workerId: number, active: boolean, atMs: number): Promise<void>;
  activeSos(): Promise<Array<{ workerId: number; atMs: number }>>;
}
