/**
 * The SQLite adapter of TrackingRepository: workers, device tokens (hashes only), positions,
 * ingest counters and SOS state. Positions are keyed by (worker, fix time), and an insert does
 * nothing on that conflict: the backstop of de-duplication, so a resent fix is stored once
 * whatever the ingest remembers.
 * The batch write path is SqlitePositionWriter's; the column lists and row conversion are
 * trackingRows.ts'.
 */
import type { Position } from '../../domain/tracking/fix';
import type {
  DeviceTokenRecord,
  InsertPositionsResult,
  TrackingRepository,
  WorkerRecord,
} from '../tracking/trackingRepository';
import { promisedMethods } from './promisedMethods';
import type { SqliteDatabase } from './openDatabase';
import { WORKER_PHONE_COLUMNS } from './sealedIdentifiers';
import { identifierSealerFor } from './dataKeyFiles';
import { SqlitePositionWriter } from './sqlitePositionWriter';
import { StatementCache } from './statementCache';
import {
  POSITION_COLUMNS,
  toDeviceToken,
  toPosition,
  toWorker,
  TOKEN_COLUMNS,
  WORKER_SELECT,
  type DeviceTokenRow,
  type PositionRow,
  type WorkerRow,
} from './trackingRows';

/** A worker as a generator or a test writes one (the phone is never read back by tracking). */
export interface NewWorker {
  workerId: number;
  name: string;
  nameEn: string;
  phone: string;
  gridCodes: string[];
  synthetic: boolean;
}

/** The TrackingRepository methods, each run synchronously to its end by the SQLite store. */
const TRACKING_METHODS = [
  'listWorkers',
  'workerById',
  'workerIdOfAccount',
  'linkAccountToWorker',
  'insertDeviceToken',
  'deviceTokenByHash',
  'listDeviceTokens',
  'revokeDeviceToken',
  'revokeDemoDeviceTokens',
  'insertPositions',
  'commitPositions',
  'trackOf',
  'latestPositionsOf',
  'newestPositions',
  'purgePositionsBefore',
  'addToCounters',
  'readCounters',
  'saveSos',
  'activeSos',
] as const;

/** The SQLite adapter of TrackingRepository over one file. */
export function sqliteTrackingRepository(
  source: SqliteDatabase | SqliteTrackingStore,
): TrackingRepository {
  const store = source instanceof SqliteTrackingStore ? source : new SqliteTrackingStore(source);
  return promisedMethods(store, TRACKING_METHODS);
}

/**
 * The synchronous rows behind sqliteTrackingRepository. Used directly only by generators, tests'
 * fixtures and SQLite adapters of domains that are still synchronous.
 */
export class SqliteTrackingStore {
  private readonly positions: SqlitePositionWriter;
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
    this.positions = new SqlitePositionWriter(db);
  }

  listWorkers(): WorkerRecord[] {
    return (this.statements.get(`${WORKER_SELECT} ORDER BY w.id`).all() as WorkerRow[]).map(
      toWorker,
    );
  }

  workerById(workerId: number): WorkerRecord | null {
    const row = this.statements.get(`${WORKER_SELECT} WHERE w.id = ?`).get(workerId) as
      WorkerRow | undefined;
    return row === undefined ? null : toWorker(row);
  }

  workerIdOfAccount(username: string): number | null {
    const row = this.statements
      .get('SELECT worker_id FROM worker_accounts WHERE username = ?')
      .get(username) as { worker_id: number } | undefined;
    return row === undefined ? null : row.worker_id;
  }

  linkAccountToWorker(username: string, workerId: number | null): void {
    this.db.transaction(() => {
      this.statements.get('DELETE FROM worker_accounts WHERE username = ?').run(username);
      if (workerId === null) return;
      this.statements.get('DELETE FROM worker_accounts WHERE worker_id = ?').run(workerId);
      this.statements
        .get('INSERT INTO worker_accounts (username, worker_id) VALUES (?, ?)')
        .run(username, workerId);
    })();
  }

  /** Creates or replaces workers and their grid bindings (generators and tests). */
  saveWorkers(workers: readonly NewWorker[]): void {
    const upsert = this.statements.get(
      `INSERT INTO workers (id, name, name_en, ${WORKER_PHONE_COLUMNS}, synthetic) ` +
        'VALUES (?, ?, ?, ?, ?, ?, ?) ' +
        'ON CONFLICT(id) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, ' +
        'phone_sealed = excluded.phone_sealed, phone_index = excluded.phone_index, ' +
        'phone_masked = excluded.phone_masked, synthetic = excluded.synthetic',
    );
    const unbind = this.statements.get('DELETE FROM worker_grids WHERE worker_id = ?');
    const bind = this.statements.get(
      'INSERT INTO worker_grids (worker_id, grid_code) VALUES (?, ?)',
    );
    const sealer = identifierSealerFor(this.db);
    this.db.transaction(() => {
      for (const worker of workers) {
        upsert.run(
          worker.workerId,
          worker.name,
          worker.nameEn,
          ...sealer.sealWorkerPhone(worker.phone),
          worker.synthetic ? 1 : 0,
        );
        unbind.run(worker.workerId);
        for (const gridCode of worker.gridCodes) bind.run(worker.workerId, gridCode);
      }
    })();
  }

  insertDeviceToken(input: {
    tokenHash: string;
    workerId: number;
    label: string;
    createdAt: string;
    createdBy: string;
    demo: boolean;
  }): DeviceTokenRecord {
    const result = this.statements
      .get(
        'INSERT INTO device_tokens (token_hash, worker_id, label, created_at, created_by, demo) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        input.tokenHash,
        input.workerId,
        input.label,
        input.createdAt,
        input.createdBy,
        input.demo ? 1 : 0,
      );
    return {
      deviceId: Number(result.lastInsertRowid),
      workerId: input.workerId,
      label: input.label,
      createdAt: input.createdAt,
      createdBy: input.createdBy,
      revokedAt: null,
      demo: input.demo,
    };
  }

  deviceTokenByHash(tokenHash: string): DeviceTokenRecord | null {
    const row = this.statements
      .get(`SELECT ${TOKEN_COLUMNS} FROM device_tokens WHERE token_hash = ? AND revoked_at IS NULL`)
      .get(tokenHash) as DeviceTokenRow | undefined;
    return row === undefined ? null : toDeviceToken(row);
  }

  listDeviceTokens(): DeviceTokenRecord[] {
    return (
      this.statements
        .get(`SELECT ${TOKEN_COLUMNS} FROM device_tokens ORDER BY id`)
        .all() as DeviceTokenRow[]
    ).map(toDeviceToken);
  }

  revokeDeviceToken(deviceId: number, revokedAt: string): boolean {
    return (
      this.statements
        .get('UPDATE device_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
        .run(revokedAt, deviceId).changes === 1
    );
  }

  revokeDemoDeviceTokens(revokedAt: string): number {
    return this.statements
      .get('UPDATE device_tokens SET revoked_at = ? WHERE demo = 1 AND revoked_at IS NULL')
      .run(revokedAt).changes;
  }

  insertPositions(positions: readonly Position[]): InsertPositionsResult {
    return this.positions.commitBatch(positions, new Map());
  }

  /**
   * insertPositions and addToCounters in ONE transaction, with the `stored` and `duplicate`
   * counters taken from the insert: a batch's fixes and its counts commit (or vanish) together.
   */
  commitPositions(
    positions: readonly Position[],
    increments: ReadonlyMap<string, number>,
  ): InsertPositionsResult {
    return this.positions.commitBatch(positions, increments);
  }

  /** One autocommit transaction per fix: the baseline of bench:ingest, not used by the server. */
  insertPositionAutocommit(position: Position): boolean {
    return this.positions.runInsert(position);
  }

  trackOf(workerId: number, fromMs: number, toMs: number): Position[] {
    return (
      this.statements
        .get(
          `SELECT ${POSITION_COLUMNS} FROM positions WHERE worker_id = ? AND fix_time_ms BETWEEN ? AND ? ORDER BY fix_time_ms`,
        )
        .all(workerId, fromMs, toMs) as PositionRow[]
    ).map(toPosition);
  }

  /** The newest `limit` fixes of a worker, oldest first (seeds the ingest's recent window). */
  latestPositionsOf(workerId: number, limit: number): Position[] {
    const rows = this.statements
      .get(
        `SELECT ${POSITION_COLUMNS} FROM positions WHERE worker_id = ? ORDER BY fix_time_ms DESC LIMIT ?`,
      )
      .all(workerId, limit) as PositionRow[];
    return rows.reverse().map(toPosition);
  }

  newestPositions(): Position[] {
    return (
      this.statements
        .get(
          `SELECT ${POSITION_COLUMNS} FROM positions p WHERE fix_time_ms = ` +
            '(SELECT MAX(fix_time_ms) FROM positions q WHERE q.worker_id = p.worker_id) ORDER BY worker_id',
        )
        .all() as PositionRow[]
    ).map(toPosition);
  }

  purgePositionsBefore(cutoffMs: number): number {
    // The assessment's per-day patrol cells are derived from the fixes: they go with them.
    this.statements.get('DELETE FROM patrol_day_cells WHERE day_start_ms < ?').run(cutoffMs);
    return this.statements.get('DELETE FROM positions WHERE fix_time_ms < ?').run(cutoffMs).changes;
  }

  addToCounters(increments: ReadonlyMap<string, number>): void {
    this.positions.addToCounters(increments);
  }

  readCounters(): Map<string, number> {
    const rows = this.statements.get('SELECT name, count FROM tracking_counters').all() as Array<{
      name: string;
      count: number;
    }>;
    return new Map(rows.map((row) => [row.name, row.count]));
  }

  saveSos(workerId: number, active: boolean, atMs: number): void {
    // The newest press or clear wins, whatever order they arrive in.
    this.statements
      .get(
        'INSERT INTO worker_sos (worker_id, active, at_ms) VALUES (?, ?, ?) ' +
          'ON CONFLICT(worker_id) DO UPDATE SET active = excluded.active, at_ms = excluded.at_ms ' +
          'WHERE excluded.at_ms >= worker_sos.at_ms',
      )
      .run(workerId, active ? 1 : 0, atMs);
  }

  activeSos(): Array<{ workerId: number; atMs: number }> {
    return (
      this.statements
        .get('SELECT worker_id, at_ms FROM worker_sos WHERE active = 1 ORDER BY worker_id')
        .all() as Array<{ worker_id: number; at_ms: number }>
    ).map((row) => ({ workerId: row.worker_id, atMs: row.at_ms }));
  }
}
