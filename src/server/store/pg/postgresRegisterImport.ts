/**
 * The register import's reads and writes on PostgreSQL (imports/registers/registersImportKind.ts;
 * SQLite: RegisterImportStore, RegisterBatchRows, RegisterBulkLoad). An import is one
 * transaction on one client: a commit takes the imports' advisory lock (IMPORT_LOCK_SQL, as a
 * rollback does) and locks the register's tables against other writers (readers go on), as
 * SQLite's BEGIN IMMEDIATE does; a dry run reads one repeatable-read snapshot. Rows go in a
 * thousand at a time as multi-row statements over arrays (`unnest`), ids taken from the tables'
 * own sequences (other writers' rows never collide with them), with the batch's journal. What
 * SQLite's triggers keep besides (the movement history) is tallied and added before the commit;
 * search needs nothing (the name grams are an expression index).
 */
import { randomUUID } from 'node:crypto';
import { districtDayStartMs } from '../../../domain/districtTime';
import type { ImportSummary } from '../../imports/importKind';
import { HouseholdPlacement } from '../../imports/registers/householdPlacement';
import type { ParsedRow } from '../../imports/registers/registerRow';
import type { RegisterRowWriter, RowFate } from '../../imports/registers/registersImportKind';
import {
  fieldsOf,
  personSnapshotOf,
  registeredPersonOf,
  SELECT_PERSON,
  type PersonFields,
  type RegisteredPerson,
} from '../personStore';
import {
  idRanges,
  NEW_BATCH_COLUMNS,
  newBatchValues,
  UNIT_ADDRESSES_SQL,
  unitAddressOf,
  type UnitAddressRow,
} from '../registerImportStore';
import type { IdentifierSealer } from '../sealedIdentifiers';
import { IMPORT_LOCK_SQL } from './postgresImportBatches';
import { columns, updatePersonRows, upsertPersonDetails } from './postgresPersonRows';
import type { PostgresClient, PostgresPool } from './postgresPool';

type Row = Record<string, unknown>;

/** Rows buffered before they are written (and ids taken from a sequence at a time). */
const FLUSH_ROWS = 1_000;
/** Register rows read per FETCH when the index is loaded. */
const INDEX_FETCH_ROWS = 10_000;

export interface PostgresRegisterImport {
  units: UnitAddressRow[];
  /** Null for a dry run. */
  writer: RegisterRowWriter | null;
  loadIndex(): Promise<Map<string, RegisteredPerson>>;
  /** Ends what is still open (rolled back) and gives the client back. */
  release(): Promise<void>;
}

/** Opens an import's transaction: `file` for a commit, null for a dry run. */
export async function openPostgresRegisterImport(
  pool: PostgresPool,
  sealer: IdentifierSealer,
  file: { fileName: string; fileSha256: string; actor: string } | null,
): Promise<PostgresRegisterImport> {
  const client = await pool.connect();
  try {
    if (file === null) {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    } else {
      await client.query('BEGIN');
      await client.query(IMPORT_LOCK_SQL);
      await client.query(
        'LOCK TABLE households, persons, person_details, person_moves IN SHARE ROW EXCLUSIVE MODE',
      );
    }
    const units = await postgresUnitAddresses(client);
    const writer =
      file === null ? null : await PostgresRegisterBatch.begin(client, sealer, units, file);
    return {
      units,
      writer,
      loadIndex: () => loadIndex(client, sealer),
      async release() {
        if (file === null || !writer!.committed) await client.query('ROLLBACK').catch(() => {});
        client.release();
      },
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
    throw error;
  }
}

/** Every unit with its building's address (the import's matcher). */
export async function postgresUnitAddresses(
  client: PostgresClient | PostgresPool,
): Promise<UnitAddressRow[]> {
  const { rows } = await client.query(UNIT_ADDRESSES_SQL);
  return (rows as Row[]).map(unitAddressOf);
}

/** Every registered person by ID number, read through a cursor (the register may be 10M rows). */
async function loadIndex(
  client: PostgresClient,
  sealer: IdentifierSealer,
): Promise<Map<string, RegisteredPerson>> {
  const index = new Map<string, RegisteredPerson>();
  await client.query(`DECLARE register_index NO SCROLL CURSOR FOR ${SELECT_PERSON}`);
  for (;;) {
    const { rows } = await client.query(`FETCH ${INDEX_FETCH_ROWS} FROM register_index`);
    if (rows.length === 0) break;
    for (const row of rows as Row[]) {
      const fields = fieldsOf(row, sealer);
      index.set(fields.idNumber, registeredPersonOf(row, fields));
    }
  }
  await client.query('CLOSE register_index');
  return index;
}

interface NewHousehold {
  id: number;
  unitId: number;
  type: string;
  headPersonId: number | null;
}

interface PersonChange {
  personId: number;
  householdId: number;
  fields: PersonFields;
  /** Set for a moved person. */
  move: { fromUnitId: number; toUnitId: number } | null;
}

class PostgresRegisterBatch implements RegisterRowWriter {
  committed = false;
  private readonly batchId = randomUUID();
  private readonly at = new Date().toISOString();
  private readonly gridOfUnit: Map<number, string>;
  private readonly placement: HouseholdPlacement;
  private households: NewHousehold[] = [];
  private readonly bufferedHouseholds = new Map<number, NewHousehold>();
  private persons: Array<{ personId: number; householdId: number; fields: PersonFields }> = [];
  private changes: PersonChange[] = [];
  private heads: Array<[household: number, person: number]> = [];
  private householdIds: number[] = [];
  private personIds: number[] = [];
  private seq = 0;
  private readonly movements = new Map<string, number>();

  static async begin(
    client: PostgresClient,
    sealer: IdentifierSealer,
    units: readonly UnitAddressRow[],
    file: { fileName: string; fileSha256: string; actor: string },
  ): Promise<PostgresRegisterBatch> {
    const { rows } = await client.query(
      'SELECT unit_id, MIN(id) AS id FROM households GROUP BY unit_id',
    );
    const firstHouseholds = new Map(
      (rows as Row[]).map((row) => [Number(row.unit_id), Number(row.id)]),
    );
    const batch = new PostgresRegisterBatch(client, sealer, units, firstHouseholds);
    // The counts are known at the end (commit); the row keeps the batch's place meanwhile.
    await client.query(
      `INSERT INTO import_batches (${NEW_BATCH_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      newBatchValues({
        id: batch.batchId,
        kind: 'registers',
        ...file,
        createdAt: batch.at,
        rows: 0,
        accepted: 0,
        rejected: 0,
        changes: { created: 0, updated: 0, moved: 0, unchanged: 0 },
      }),
    );
    return batch;
  }

  private constructor(
    private readonly client: PostgresClient,
    private readonly sealer: IdentifierSealer,
    units: readonly UnitAddressRow[],
    firstHouseholds: ReadonlyMap<number, number>,
  ) {
    this.gridOfUnit = new Map(units.map((unit) => [unit.unitId, unit.gridCode]));
    this.placement = new HouseholdPlacement({
      first: (unitId) => firstHouseholds.get(unitId) ?? null,
      add: (unitId, type) => {
        const household = { id: this.householdIds.pop()!, unitId, type, headPersonId: null };
        this.households.push(household);
        this.bufferedHouseholds.set(household.id, household);
        return household.id;
      },
    });
  }

  registerHolds(): void {}

  write(
    fate: Exclude<RowFate, 'rejected' | 'unchanged'>,
    parsed: ParsedRow,
    existing: RegisteredPerson | undefined,
  ): Promise<void> | undefined {
    if (this.householdIds.length === 0 || this.personIds.length === 0) {
      return this.reserveIds().then(() => this.write(fate, parsed, existing));
    }
    this.writeRow(fate, parsed, existing);
    return this.persons.length + this.changes.length + this.households.length >= FLUSH_ROWS
      ? this.flush()
      : undefined;
  }

  async commit(summary: ImportSummary): Promise<string> {
    await this.flush();
    await this.client.query(
      'UPDATE import_batches SET rows = $1, accepted = $2, rejected = $3, changes = $4 WHERE id = $5',
      [
        summary.rows,
        summary.accepted,
        summary.rejected,
        JSON.stringify(summary.changes),
        this.batchId,
      ],
    );
    const tallied = [...this.movements].map(([key, count]) => [...key.split('\u0001'), count]);
    await this.client.query(
      'INSERT INTO register_movements (grid_code, day_ms, kind, demo, count) ' +
        'SELECT grid_code, $1, kind, false, n FROM unnest($2::text[], $3::text[], $4::integer[]) ' +
        'AS m(grid_code, kind, n) ON CONFLICT (grid_code, day_ms, kind, demo) DO UPDATE ' +
        'SET count = register_movements.count + excluded.count',
      [
        districtDayStartMs(Date.now()),
        ...columns(
          tallied,
          (t) => t[0],
          (t) => t[1],
          (t) => t[2],
        ),
      ],
    );
    await this.client.query('COMMIT');
    this.committed = true;
    return this.batchId;
  }

  /** The transaction is ended by the import's release(). */
  async close(): Promise<void> {}

  /** Ids for the next rows, from the tables' own sequences. */
  private async reserveIds(): Promise<void> {
    const take = async (table: string): Promise<number[]> => {
      const { rows } = await this.client.query(
        `SELECT nextval(pg_get_serial_sequence('${table}', 'id')) AS id ` +
          'FROM generate_series(1, $1)',
        [FLUSH_ROWS],
      );
      // Popped from the end: the smallest first.
      return (rows as Row[]).map((row) => Number(row.id)).sort((a, b) => b - a);
    };
    if (this.householdIds.length === 0) this.householdIds = await take('households');
    if (this.personIds.length === 0) this.personIds = await take('persons');
  }

  private writeRow(
    fate: Exclude<RowFate, 'rejected' | 'unchanged'>,
    parsed: ParsedRow,
    existing: RegisteredPerson | undefined,
  ): void {
    const unit = parsed.unit!;
    const fields = parsed.fields;
    const isHead = fields.relation === 'head';
    if (fate === 'updated') {
      this.changes.push({
        personId: existing!.personId,
        householdId: existing!.householdId,
        fields,
        move: null,
      });
      return;
    }
    const household = this.placement.householdFor(unit.unitId, fields.category, isHead);
    const to = this.gridOfUnit.get(unit.unitId)!;
    let personId: number;
    if (fate === 'created') {
      personId = this.personIds.pop()!;
      this.persons.push({ personId, householdId: household, fields });
      this.tally(to, 'registration');
    } else {
      personId = existing!.personId;
      this.changes.push({
        personId,
        householdId: household,
        fields,
        move: { fromUnitId: existing!.unitId, toUnitId: unit.unitId },
      });
      const from = this.gridOfUnit.get(existing!.unitId);
      if (from !== to) {
        if (from !== undefined) this.tally(from, 'departure');
        this.tally(to, 'registration');
      }
    }
    if (this.placement.headsNew(household, isHead)) {
      const buffered = this.bufferedHouseholds.get(household);
      if (buffered !== undefined) buffered.headPersonId = personId;
      else this.heads.push([household, personId]);
    }
  }

  private tally(gridCode: string, kind: 'registration' | 'departure'): void {
    const key = `${gridCode}\u0001${kind}`;
    this.movements.set(key, (this.movements.get(key) ?? 0) + 1);
  }

  /** Writes and journals the buffered rows: households, new persons, then changed persons. */
  private async flush(): Promise<void> {
    const households = this.households;
    const persons = this.persons;
    const changes = this.changes;
    const heads = this.heads;
    this.households = [];
    this.bufferedHouseholds.clear();
    this.persons = [];
    this.changes = [];
    this.heads = [];
    const client = this.client;
    if (households.length > 0) {
      await client.query(
        'INSERT INTO households (id, unit_id, type, head_person_id) ' +
          'SELECT * FROM unnest($1::integer[], $2::integer[], $3::text[], $4::integer[])',
        columns(
          households,
          (row) => row.id,
          (row) => row.unitId,
          (row) => row.type,
          (row) => row.headPersonId,
        ),
      );
      await this.journalCreated(
        'household',
        households.map((row) => row.id),
      );
    }
    if (persons.length > 0) {
      const sealed = persons.map((row) => this.sealer.sealPerson(row.fields));
      await client.query(
        'INSERT INTO persons (id, household_id, name, sex, birth_date, id_number_sealed, ' +
          'id_number_index, id_number_masked, phone_sealed, phone_index, phone_masked, relation, ' +
          'tags, synthetic) SELECT *, false FROM unnest($1::integer[], $2::integer[], $3::text[], ' +
          '$4::text[], $5::text[], $6::bytea[], $7::bytea[], $8::text[], $9::bytea[], $10::bytea[], ' +
          '$11::text[], $12::text[], $13::text[])',
        [
          ...columns(
            persons,
            (row) => row.personId,
            (row) => row.householdId,
            (row) => row.fields.name,
            (row) => row.fields.sex,
            (row) => row.fields.birthDate,
          ),
          ...columns(
            sealed,
            (row) => row.idNumberSealed,
            (row) => row.idNumberIndex,
            (row) => row.idNumberMasked,
            (row) => row.phoneSealed,
            (row) => row.phoneIndex,
            (row) => row.phoneMasked,
          ),
          ...columns(
            persons,
            (row) => row.fields.relation,
            (row) => row.fields.tags,
          ),
        ],
      );
      await upsertPersonDetails(client, persons);
      await this.journalCreated(
        'person',
        persons.map((row) => row.personId),
      );
    }
    if (changes.length > 0) await this.writeChanges(changes);
    if (heads.length > 0) {
      await client.query(
        'UPDATE households h SET head_person_id = v.person_id ' +
          'FROM unnest($1::integer[], $2::integer[]) AS v(id, person_id) WHERE h.id = v.id',
        columns(
          heads,
          ([household]) => household,
          ([, person]) => person,
        ),
      );
    }
  }

  /** Updated and moved persons: their snapshots journaled, then the rows changed. */
  private async writeChanges(changes: readonly PersonChange[]): Promise<void> {
    const client = this.client;
    const { rows } = await client.query(`${SELECT_PERSON} WHERE p.id = ANY($1::integer[])`, [
      changes.map((change) => change.personId),
    ]);
    const snapshots = new Map(
      (rows as Row[]).map((row) => [Number(row.id), personSnapshotOf(row, this.sealer)]),
    );
    await client.query(
      'INSERT INTO import_batch_changes (batch_id, seq, target_type, target_id, action, before) ' +
        "SELECT $1, $2 + n, 'person', id, action, before " +
        'FROM unnest($3::integer[], $4::text[], $5::text[]) WITH ORDINALITY AS c(id, action, before, n)',
      [
        this.batchId,
        this.seq,
        ...columns(
          changes,
          (change) => change.personId,
          (change) => (change.move === null ? 'updated' : 'moved'),
          (change) => snapshots.get(change.personId),
        ),
      ],
    );
    this.seq += changes.length;
    await updatePersonRows(
      client,
      this.sealer,
      changes.map((change) => ({ ...change, synthetic: false })),
    );
    await upsertPersonDetails(client, changes);
    const moves = changes.filter((change) => change.move !== null);
    if (moves.length > 0) {
      await client.query(
        'INSERT INTO person_moves (person_id, from_unit_id, to_unit_id, batch_id, moved_at) ' +
          'SELECT id, from_unit, to_unit, $4, $5 ' +
          'FROM unnest($1::integer[], $2::integer[], $3::integer[]) AS m(id, from_unit, to_unit)',
        [
          ...columns(
            moves,
            (change) => change.personId,
            (change) => change.move!.fromUnitId,
            (change) => change.move!.toUnitId,
          ),
          this.batchId,
          this.at,
        ],
      );
    }
  }

  /**
   * New rows of a table, journaled as created in the order given: a change per run of
   * consecutive ids (`last_target_id`, as SQLite's writer journals its runs).
   */
  private async journalCreated(
    targetType: 'person' | 'household',
    ids: readonly number[],
  ): Promise<void> {
    const ranges = idRanges(ids);
    await this.client.query(
      'INSERT INTO import_batch_changes (batch_id, seq, target_type, target_id, action, before, last_target_id) ' +
        "SELECT $1, $2 + n, $3, first, 'created', NULL, last " +
        'FROM unnest($4::integer[], $5::integer[]) WITH ORDINALITY AS c(first, last, n)',
      [
        this.batchId,
        this.seq,
        targetType,
        ...columns(
          ranges,
          (range) => range.first,
          (range) => range.last,
        ),
      ],
    );
    this.seq += ranges.length;
  }
}
