/**
 * The SQL of a PostgreSQL register import's flushed rows, apart from the buffering that decides
 * when to flush: households, new persons, changed and moved persons and the heads set late, each
 * a multi-row statement over arrays (`unnest`), with the batch's journal in the order SQLite's
 * RegisterBatchRows gives it (rollback undoes it newest first).
 */
import { personSnapshotOf, SELECT_PERSON, type PersonFields } from '../personStore';
import { idRanges } from '../registerImportStore';
import type { IdentifierSealer } from '../sealedIdentifiers';
import { columns, updatePersonRows, upsertPersonDetails } from './postgresPersonRows';
import type { PostgresClient } from './postgresPool';

type Row = Record<string, unknown>;

export interface NewHousehold {
  id: number;
  unitId: number;
  type: string;
  headPersonId: number | null;
}

export interface PersonChange {
  personId: number;
  householdId: number;
  fields: PersonFields;
  /** Set for a moved person. */
  move: { fromUnitId: number; toUnitId: number } | null;
}

export interface NewPersonRow {
  personId: number;
  householdId: number;
  fields: PersonFields;
}

/** What a batch buffered since its last flush. */
export interface BufferedRegisterRows {
  households: NewHousehold[];
  persons: NewPersonRow[];
  changes: PersonChange[];
  heads: Array<[household: number, person: number]>;
}

export class PostgresRegisterBatchRows {
  private seq = 0;

  constructor(
    private readonly client: PostgresClient,
    private readonly sealer: IdentifierSealer,
    private readonly batchId: string,
    private readonly at: string,
  ) {}

  /** Writes and journals the buffered rows: households, new persons, then changed persons. */
  async write({ households, persons, changes, heads }: BufferedRegisterRows): Promise<void> {
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
      const sealed = this.sealer.sealPersons(persons.map((row) => row.fields));
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
