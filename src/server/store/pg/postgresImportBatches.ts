/**
 * The import routes' batches on PostgreSQL (imports/importBatches.ts; SQLite:
 * sqliteImportBatches): the list, newest first by `import_batches.seq` (the order batches were
 * begun in, SQLite's rowid), and the rollback of the newest batch still in force from its
 * journal, in one transaction. Imports and rollbacks take turns under one transaction-level
 * advisory lock (IMPORT_LOCK_SQL), as SQLite's take the file's write lock: a second rollback of a
 * batch waits for the first and then finds it rolled back, and no import commits a newer batch
 * while an older one is undone.
 *
 * The undo is by sets, not row by row as SQLite's (10M residents): each target's first change in
 * the batch decides it (a row created by the batch is deleted; any other is put back as it was
 * before that change), which leaves what SQLite's newest-first replay leaves.
 */
import { districtDayStartMs } from '../../../domain/districtTime';
import type { ImportBatches } from '../../imports/importBatches';
import type { PersonFields } from '../personStore';
import { batchOf, RollbackRefused, type ImportBatchRow } from '../registerImportStore';
import type { IdentifierSealer } from '../sealedIdentifiers';
import { updatePersonRows, upsertPersonDetails } from './postgresPersonRows';
import { inRetriedTransaction, type PostgresClient, type PostgresPool } from './postgresPool';

type Row = Record<string, unknown>;

/** Imports and rollbacks of one database take turns under this lock (held to their commit). */
export const IMPORT_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('gcc:imports'))";
/** Restored persons written per statement. */
const RESTORE_ROWS_PER_STATEMENT = 2_000;

const BATCH_COLUMNS =
  'id, kind, file_name, file_sha256, actor, created_at, rows, accepted, rejected, changes, ' +
  'rolled_back_at, rolled_back_by';

/** The base grid of a household, as SQL over `household` (an expression). */
const gridOfHousehold = (household: string) =>
  '(SELECT b.grid_code FROM households h JOIN units u ON u.id = h.unit_id ' +
  `JOIN buildings b ON b.id = u.building_id WHERE h.id = ${household})`;

/** Adds the movements `select` yields (grid_code, kind, n) to today's history. */
function addMovementsSql(select: string): string {
  return (
    'INSERT INTO register_movements (grid_code, day_ms, kind, demo, count) ' +
    `SELECT grid_code, $1, kind, false, SUM(n) FROM (${select}) m ` +
    'WHERE grid_code IS NOT NULL GROUP BY grid_code, kind HAVING SUM(n) > 0 ' +
    'ON CONFLICT (grid_code, day_ms, kind, demo) DO UPDATE ' +
    'SET count = register_movements.count + excluded.count'
  );
}

interface PersonSnapshot {
  householdId: number;
  synthetic: number;
  hadDetails: boolean;
  fields: PersonFields;
}

export class PostgresImportBatches implements ImportBatches {
  constructor(
    private readonly pool: PostgresPool,
    private readonly sealer: IdentifierSealer,
  ) {}

  async listBatches(limit = 50): Promise<ImportBatchRow[]> {
    const { rows } = await this.pool.query(
      `SELECT ${BATCH_COLUMNS} FROM import_batches ORDER BY created_at DESC, seq DESC LIMIT $1`,
      [limit],
    );
    return (rows as Row[]).map(batchOf);
  }

  rollback(batchId: string, actor: string, at: string): Promise<ImportBatchRow> {
    return inRetriedTransaction(this.pool, async (client) => {
      await client.query(IMPORT_LOCK_SQL);
      const found = await client.query(
        `SELECT ${BATCH_COLUMNS}, seq FROM import_batches WHERE id = $1`,
        [batchId],
      );
      const batch = (found.rows as Row[])[0];
      if (batch === undefined) {
        throw new RollbackRefused(
          'batch-unknown',
          `导入批次 ${batchId} 不存在`,
          `import batch ${batchId} does not exist`,
        );
      }
      if (batch.rolled_back_at !== null) {
        throw new RollbackRefused(
          'batch-rolled-back',
          '该批次已回滚',
          'this batch has already been rolled back',
        );
      }
      const newer = await client.query(
        'SELECT id FROM import_batches WHERE rolled_back_at IS NULL AND seq > $1 ORDER BY seq LIMIT 1',
        [batch.seq],
      );
      const newerRow = (newer.rows as Row[])[0];
      if (newerRow !== undefined) {
        throw new RollbackRefused(
          'batch-not-latest',
          `请先回滚之后的批次 ${String(newerRow.id)}`,
          `roll back the later batch ${String(newerRow.id)} first`,
        );
      }
      await this.undo(client, batchId);
      const done = await client.query(
        `UPDATE import_batches SET rolled_back_at = $1, rolled_back_by = $2 WHERE id = $3 RETURNING ${BATCH_COLUMNS}`,
        [at, actor, batchId],
      );
      return batchOf((done.rows as Row[])[0]!);
    });
  }

  private async undo(client: PostgresClient, batchId: string): Promise<void> {
    // Each target's first change in the batch: what the target was before the batch. A change
    // over a range of created rows (last_target_id) stands for each of them.
    await client.query(
      'CREATE TEMP TABLE import_undo ON COMMIT DROP AS ' +
        'SELECT DISTINCT ON (c.target_type, t.target_id) c.target_type, t.target_id, c.action, c.before ' +
        'FROM import_batch_changes c CROSS JOIN LATERAL ' +
        'generate_series(c.target_id, COALESCE(c.last_target_id, c.target_id)) AS t(target_id) ' +
        'WHERE c.batch_id = $1 ORDER BY c.target_type, t.target_id, c.seq',
      [batchId],
    );
    await client.query('CREATE INDEX ON import_undo (target_type, action, target_id)');
    await client.query('ANALYZE import_undo');
    const todayMs = districtDayStartMs(Date.now());
    // The movement history counts what SQLite's triggers count as the rows go back: a departure
    // for every created person deleted, a departure and a registration for a person put back
    // into a household of another grid.
    await client.query(
      addMovementsSql(
        `SELECT ${gridOfHousehold('p.household_id')} AS grid_code, 'departure' AS kind, 1 AS n ` +
          'FROM import_undo f JOIN persons p ON p.id = f.target_id ' +
          "WHERE f.target_type = 'person' AND f.action = 'created' " +
          'UNION ALL SELECT x.grid_code, x.kind, 1 FROM (' +
          `SELECT ${gridOfHousehold('p.household_id')} AS from_grid, ` +
          `${gridOfHousehold("(f.before::json->>'householdId')::integer")} AS to_grid ` +
          'FROM import_undo f JOIN persons p ON p.id = f.target_id ' +
          "WHERE f.target_type = 'person' AND f.action <> 'created') r " +
          "CROSS JOIN LATERAL (VALUES (r.from_grid, 'departure'), (r.to_grid, 'registration')) " +
          'AS x(grid_code, kind) WHERE r.from_grid IS DISTINCT FROM r.to_grid',
      ),
      [todayMs],
    );
    await this.restorePersons(client);
    const createdPersons =
      "SELECT target_id FROM import_undo WHERE target_type = 'person' AND action = 'created'";
    await client.query(
      `UPDATE households SET head_person_id = NULL WHERE head_person_id IN (${createdPersons})`,
    );
    // Details and moves go with the person (ON DELETE CASCADE).
    await client.query(`DELETE FROM persons WHERE id IN (${createdPersons})`);
    await client.query(
      'DELETE FROM households WHERE id IN (SELECT target_id FROM import_undo ' +
        "WHERE target_type = 'household' AND action = 'created')",
    );
    await client.query(
      'DELETE FROM rental_leases WHERE id IN (SELECT target_id FROM import_undo ' +
        "WHERE target_type = 'lease' AND action = 'created')",
    );
    await client.query(
      "UPDATE rental_leases l SET landlord_name = f.before::json->>'landlordName', " +
        "tenants = f.before::json->>'tenants', end_date = f.before::json->>'endDate' " +
        "FROM import_undo f WHERE f.target_type = 'lease' AND f.action <> 'created' " +
        'AND l.id = f.target_id',
    );
    await client.query('DELETE FROM person_moves WHERE batch_id = $1', [batchId]);
    await client.query('DROP TABLE import_undo');
  }

  /** Puts updated and moved persons back as their snapshots hold them, a chunk per statement. */
  private async restorePersons(client: PostgresClient): Promise<void> {
    await client.query(
      'DECLARE import_restores NO SCROLL CURSOR FOR SELECT target_id, before FROM import_undo ' +
        "WHERE target_type = 'person' AND action <> 'created' ORDER BY target_id",
    );
    for (;;) {
      const { rows } = await client.query(
        `FETCH ${RESTORE_ROWS_PER_STATEMENT} FROM import_restores`,
      );
      if (rows.length === 0) break;
      await this.restoreChunk(
        client,
        (rows as Row[]).map((row) => ({
          personId: Number(row.target_id),
          saved: JSON.parse(String(row.before)) as PersonSnapshot,
        })),
      );
    }
    await client.query('CLOSE import_restores');
  }

  private async restoreChunk(
    client: PostgresClient,
    restores: ReadonlyArray<{ personId: number; saved: PersonSnapshot }>,
  ): Promise<void> {
    await updatePersonRows(
      client,
      this.sealer,
      restores.map(({ personId, saved }) => ({
        personId,
        householdId: saved.householdId,
        fields: saved.fields,
        synthetic: saved.synthetic !== 0,
      })),
    );
    await upsertPersonDetails(
      client,
      restores
        .filter((entry) => entry.saved.hadDetails)
        .map(({ personId, saved }) => ({ personId, fields: saved.fields })),
    );
    await client.query('DELETE FROM person_details WHERE person_id = ANY($1::integer[])', [
      restores.filter((entry) => !entry.saved.hadDetails).map((entry) => entry.personId),
    ]);
  }
}
