/**
 * The PostgreSQL adapter of TrackingRepository (migration 0002_tracking.sql): the same answers as
 * the SQLite adapter, checked by one contract suite (tracking/trackingRepository.contract.test.ts).
 * Positions are keyed by (worker, fix time) and a batch is one INSERT … ON CONFLICT DO NOTHING
 * (with its counters, in one statement): the first stored copy of a fix wins, inside a batch and
 * across batches, and a batch's fixes and counters commit together or not at all.
 */
import type { Position } from '../../../domain/tracking/fix';
import { DUPLICATE_COUNTER, STORED_COUNTER } from '../../tracking/trackingCounters';
import type {
  DeviceTokenRecord,
  InsertPositionsResult,
  TrackingRepository,
  WorkerRecord,
} from '../../tracking/trackingRepository';
import type { IdentifierSealer } from '../sealedIdentifiers';
import type { NewWorker } from '../sqliteTrackingStore';
import { inTransaction, type PostgresClient, type PostgresPool } from './postgresPool';

type Row = Record<string, unknown>;

const WORKER_SELECT =
  'SELECT w.id, w.name, w.name_en, ' +
  "(SELECT string_agg(grid_code, ',' ORDER BY grid_code) FROM worker_grids g WHERE g.worker_id = w.id) AS grid_codes " +
  'FROM workers w';
const TOKEN_COLUMNS = 'id, worker_id, label, created_at, created_by, revoked_at, demo';
const POSITION_COLUMNS =
  'worker_id, fix_time_ms, lon, lat, accuracy_m, speed_mps, heading_deg, received_at_ms';

function toWorker(row: Row): WorkerRecord {
  const codes = row.grid_codes as string | null;
  return {
    workerId: Number(row.id),
    name: String(row.name),
    nameEn: String(row.name_en),
    gridCodes: codes === null || codes === '' ? [] : codes.split(','),
  };
}

function toDeviceToken(row: Row): DeviceTokenRecord {
  return {
    deviceId: Number(row.id),
    workerId: Number(row.worker_id),
    label: String(row.label),
    createdAt: String(row.created_at),
    createdBy: String(row.created_by),
    revokedAt: row.revoked_at === null ? null : String(row.revoked_at),
    demo: row.demo === true,
  };
}

function toPosition(row: Row): Position {
  return {
    workerId: Number(row.worker_id),
    fixTimeMs: Number(row.fix_time_ms),
    lon: Number(row.lon),
    lat: Number(row.lat),
    accuracyM: Number(row.accuracy_m),
    speedMps: row.speed_mps === null ? null : Number(row.speed_mps),
    headingDeg: row.heading_deg === null ? null : Number(row.heading_deg),
    receivedAtMs: Number(row.received_at_ms),
  };
}

const keyOf = (workerId: number, fixTimeMs: number) => `${workerId}:${fixTimeMs}`;

/**
 * A batch's fixes and its counters in one statement, so one round trip and no BEGIN/COMMIT (a
 * statement is its own transaction: fixes and counters commit together or not at all). The
 * fixes come as one array a column (the text never changes, so each connection prepares it
 * once); `stored` returns the keys inserted; the counters add the caller's increments, the stored
 * count and the duplicates (the batch less what was stored), one row a name, in name order so that
 * nodes committing at once take the counter rows' locks in one order.
 */
const COMMIT_POSITIONS_SQL = `WITH batch AS (
  SELECT * FROM unnest($1::integer[], $2::bigint[], $3::float8[], $4::float8[], $5::float8[],
    $6::float8[], $7::float8[], $8::bigint[]) AS b(${POSITION_COLUMNS})
), stored AS (
  INSERT INTO positions (${POSITION_COLUMNS}) SELECT ${POSITION_COLUMNS} FROM batch
  ON CONFLICT (worker_id, fix_time_ms) DO NOTHING RETURNING worker_id, fix_time_ms
), counted AS (
  INSERT INTO tracking_counters (name, count)
  SELECT name, sum(count) FROM (
    SELECT * FROM unnest($9::text[], $10::bigint[]) AS c(name, count)
    UNION ALL SELECT $11::text, count(*) FROM stored
    UNION ALL SELECT $12::text, cardinality($1::integer[]) - count(*) FROM stored
  ) AS increments GROUP BY name HAVING sum(count) <> 0 ORDER BY name
  ON CONFLICT (name) DO UPDATE SET count = tracking_counters.count + excluded.count
)
SELECT worker_id, fix_time_ms FROM stored`;
const COMMIT_POSITIONS_STATEMENT = 'tracking.commitPositions';

/**
 * Stores the fixes with the counter increments; the first occurrence of a (worker, fix time) not
 * stored before is stored (the rest are duplicates).
 */
async function commitBatch(
  pool: PostgresPool,
  positions: readonly Position[],
  increments: ReadonlyMap<string, number>,
): Promise<InsertPositionsResult> {
  const { rows } = await pool.query({
    name: COMMIT_POSITIONS_STATEMENT,
    text: COMMIT_POSITIONS_SQL,
    values: [
      positions.map((position) => position.workerId),
      positions.map((position) => position.fixTimeMs),
      positions.map((position) => position.lon),
      positions.map((position) => position.lat),
      positions.map((position) => position.accuracyM),
      positions.map((position) => position.speedMps),
      positions.map((position) => position.headingDeg),
      positions.map((position) => position.receivedAtMs),
      [...increments.keys()],
      [...increments.values()],
      STORED_COUNTER,
      DUPLICATE_COUNTER,
    ],
  });
  const inserted = new Set<string>();
  for (const row of rows as Row[]) {
    inserted.add(keyOf(Number(row.worker_id), Number(row.fix_time_ms)));
  }
  const stored: Position[] = [];
  const duplicates: Position[] = [];
  for (const position of positions) {
    // A key inserted by this batch is stored once: its first occurrence; any later one repeats it.
    const key = keyOf(position.workerId, position.fixTimeMs);
    if (inserted.delete(key)) stored.push(position);
    else duplicates.push(position);
  }
  return { stored, duplicates };
}

async function addEach(
  client: PostgresClient,
  increments: ReadonlyMap<string, number>,
): Promise<void> {
  for (const [name, count] of increments) {
    if (count === 0) continue;
    await client.query(
      'INSERT INTO tracking_counters (name, count) VALUES ($1, $2) ' +
        'ON CONFLICT (name) DO UPDATE SET count = tracking_counters.count + excluded.count',
      [name, count],
    );
  }
}

export class PostgresTrackingRepository implements TrackingRepository {
  constructor(
    private readonly pool: PostgresPool,
    private readonly sealer: IdentifierSealer,
  ) {}

  async listWorkers(): Promise<WorkerRecord[]> {
    const { rows } = await this.pool.query(`${WORKER_SELECT} ORDER BY w.id`);
    return (rows as Row[]).map(toWorker);
  }

  async workerById(workerId: number): Promise<WorkerRecord | null> {
    const { rows } = await this.pool.query(`${WORKER_SELECT} WHERE w.id = $1`, [workerId]);
    const row = (rows as Row[])[0];
    return row === undefined ? null : toWorker(row);
  }

  async workerIdOfAccount(username: string): Promise<number | null> {
    const { rows } = await this.pool.query(
      'SELECT worker_id FROM worker_accounts WHERE username = $1',
      [username],
    );
    const row = (rows as Row[])[0];
    return row === undefined ? null : Number(row.worker_id);
  }

  async linkAccountToWorker(username: string, workerId: number | null): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM worker_accounts WHERE username = $1', [username]);
      if (workerId === null) return;
      await client.query('DELETE FROM worker_accounts WHERE worker_id = $1', [workerId]);
      await client.query('INSERT INTO worker_accounts (username, worker_id) VALUES ($1, $2)', [
        username,
        workerId,
      ]);
    });
  }

  /** Creates or replaces workers and their grid bindings (generators and tests). */
  async saveWorkers(workers: readonly NewWorker[]): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      for (const worker of workers) {
        await client.query(
          'INSERT INTO workers (id, name, name_en, phone_sealed, phone_index, phone_masked, synthetic) ' +
            'VALUES ($1, $2, $3, $4, $5, $6, $7) ' +
            'ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, ' +
            'phone_sealed = excluded.phone_sealed, phone_index = excluded.phone_index, ' +
            'phone_masked = excluded.phone_masked, synthetic = excluded.synthetic',
          [
            worker.workerId,
            worker.name,
            worker.nameEn,
            ...this.sealer.sealWorkerPhone(worker.phone),
            worker.synthetic,
          ],
        );
        await client.query('DELETE FROM worker_grids WHERE worker_id = $1', [worker.workerId]);
        for (const gridCode of worker.gridCodes) {
          await client.query('INSERT INTO worker_grids (worker_id, grid_code) VALUES ($1, $2)', [
            worker.workerId,
            gridCode,
          ]);
        }
      }
    });
  }

  async insertDeviceToken(input: {
    tokenHash: string;
    workerId: number;
    label: string;
    createdAt: string;
    createdBy: string;
    demo: boolean;
  }): Promise<DeviceTokenRecord> {
    const { rows } = await this.pool.query(
      'INSERT INTO device_tokens (token_hash, worker_id, label, created_at, created_by, demo) ' +
        `VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${TOKEN_COLUMNS}`,
      [input.tokenHash, input.workerId, input.label, input.createdAt, input.createdBy, input.demo],
    );
    return toDeviceToken((rows as Row[])[0]!);
  }

  async deviceTokenByHash(tokenHash: string): Promise<DeviceTokenRecord | null> {
    const { rows } = await this.pool.query(
      `SELECT ${TOKEN_COLUMNS} FROM device_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
      [tokenHash],
    );
    const row = (rows as Row[])[0];
    return row === undefined ? null : toDeviceToken(row);
  }

  async listDeviceTokens(): Promise<DeviceTokenRecord[]> {
    const { rows } = await this.pool.query(
      `SELECT ${TOKEN_COLUMNS} FROM device_tokens ORDER BY id`,
    );
    return (rows as Row[]).map(toDeviceToken);
  }

  async revokeDeviceToken(deviceId: number, revokedAt: string): Promise<boolean> {
    const result = await this.pool.query(
      'UPDATE device_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
      [revokedAt, deviceId],
    );
    return result.rowCount === 1;
  }

  async revokeDemoDeviceTokens(revokedAt: string): Promise<number> {
    const result = await this.pool.query(
      'UPDATE device_tokens SET revoked_at = $1 WHERE demo AND revoked_at IS NULL',
      [revokedAt],
    );
    return result.rowCount ?? 0;
  }

  insertPositions(positions: readonly Position[]): Promise<InsertPositionsResult> {
    return this.commitPositions(positions, new Map());
  }

  commitPositions(
    positions: readonly Position[],
    increments: ReadonlyMap<string, number>,
  ): Promise<InsertPositionsResult> {
    return commitBatch(this.pool, positions, increments);
  }

  async trackOf(workerId: number, fromMs: number, toMs: number): Promise<Position[]> {
    const { rows } = await this.pool.query(
      `SELECT ${POSITION_COLUMNS} FROM positions WHERE worker_id = $1 ` +
        'AND fix_time_ms BETWEEN $2 AND $3 ORDER BY fix_time_ms',
      [workerId, fromMs, toMs],
    );
    return (rows as Row[]).map(toPosition);
  }

  async latestPositionsOf(workerId: number, limit: number): Promise<Position[]> {
    const { rows } = await this.pool.query(
      `SELECT ${POSITION_COLUMNS} FROM positions WHERE worker_id = $1 ` +
        'ORDER BY fix_time_ms DESC LIMIT $2',
      [workerId, limit],
    );
    return (rows as Row[]).reverse().map(toPosition);
  }

  async newestPositions(): Promise<Position[]> {
    const { rows } = await this.pool.query(
      `SELECT DISTINCT ON (worker_id) ${POSITION_COLUMNS} FROM positions ` +
        'ORDER BY worker_id, fix_time_ms DESC',
    );
    return (rows as Row[]).map(toPosition);
  }

  /**
   * Deletes fixes before the cut-off, and in the same transaction the assessment's per-day
   * patrol cells derived from them (as SQLite's purge does).
   */
  purgePositionsBefore(cutoffMs: number): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM patrol_day_cells WHERE day_start_ms < $1', [cutoffMs]);
      const result = await client.query('DELETE FROM positions WHERE fix_time_ms < $1', [cutoffMs]);
      return result.rowCount ?? 0;
    });
  }

  async addToCounters(increments: ReadonlyMap<string, number>): Promise<void> {
    await inTransaction(this.pool, (client) => addEach(client, increments));
  }

  async readCounters(): Promise<Map<string, number>> {
    const { rows } = await this.pool.query('SELECT name, count FROM tracking_counters');
    return new Map((rows as Row[]).map((row) => [String(row.name), Number(row.count)]));
  }

  async saveSos(workerId: number, active: boolean, atMs: number): Promise<void> {
    // The newest press or clear wins, whatever order they arrive in.
    await this.pool.query(
      'INSERT INTO worker_sos (worker_id, active, at_ms) VALUES ($1, $2, $3) ' +
        'ON CONFLICT (worker_id) DO UPDATE SET active = excluded.active, at_ms = excluded.at_ms ' +
        'WHERE excluded.at_ms >= worker_sos.at_ms',
      [workerId, active, atMs],
    );
  }

  async activeSos(): Promise<Array<{ workerId: number; atMs: number }>> {
    const { rows } = await this.pool.query(
      'SELECT worker_id, at_ms FROM worker_sos WHERE active ORDER BY worker_id',
    );
    return (rows as Row[]).map((row) => ({
      workerId: Number(row.worker_id),
      atMs: Number(row.at_ms),
    }));
  }
}
