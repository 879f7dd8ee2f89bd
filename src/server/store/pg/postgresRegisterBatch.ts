/**
 * A PostgreSQL register import's writer: buffers the rows the pass decides on, takes their ids
 * from the tables' own sequences a thousand at a time, places households as SQLite's writer does,
 * and tallies the movement history that SQLite's triggers keep, adding it at the commit.
 */
import { randomUUID } from 'node:crypto';
import { districtDayStartMs } from '../../../domain/districtTime';
import type { ImportSummary } from '../../imports/importKind';
import { HouseholdPlacement } from '../../imports/registers/householdPlacement';
import type { ParsedRow } from '../../imports/registers/registerRow';
import type { RegisterRowWriter, RowFate } from '../../imports/registers/registersImportKind';
import type { RegisteredPerson } from '../personStore';
import { NEW_BATCH_COLUMNS, newBatchValues, type UnitAddressRow } from '../registerImportStore';
import type { IdentifierSealer } from '../sealedIdentifiers';
import { columns } from './postgresPersonRows';
import type { PostgresClient } from './postgresPool';
import {
  PostgresRegisterBatchRows,
  type NewHousehold,
  type NewPersonRow,
  type PersonChange,
} from './postgresRegisterBatchRows';

type Row = Record<string, unknown>;

/** Rows buffered before they are written (and ids taken from a sequence at a time). */
const FLUSH_ROWS = 1_000;

export class PostgresRegisterBatch implements RegisterRowWriter {
  committed = false;
  private readonly batchId = randomUUID();
  private readonly at = new Date().toISOString();
  private readonly gridOfUnit: Map<number, string>;
  private readonly placement: HouseholdPlacement;
  private readonly rows: PostgresRegisterBatchRows;
  private households: NewHousehold[] = [];
  private readonly bufferedHouseholds = new Map<number, NewHousehold>();
  private persons: NewPersonRow[] = [];
  private changes: PersonChange[] = [];
  private heads: Array<[household: number, person: number]> = [];
  private householdIds: number[] = [];
  private personIds: number[] = [];
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
    sealer: IdentifierSealer,
    units: readonly UnitAddressRow[],
    firstHouseholds: ReadonlyMap<number, number>,
  ) {
    this.gridOfUnit = new Map(units.map((unit) => [unit.unitId, unit.gridCode]));
    this.rows = new PostgresRegisterBatchRows(client, sealer, this.batchId, this.at);
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

  /** Hands the buffered rows to be written, the buffers emptied first. */
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
    await this.rows.write({ households, persons, changes, heads });
  }
}
