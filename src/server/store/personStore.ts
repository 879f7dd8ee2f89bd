/**
 * The one file that reads and writes a person's ID number and phone for imports and exports:
 * lookups by ID number, inserts, updates, snapshots for rollback (exports read only the masked
 * copies, store/sqliteExportRows.ts). Keeping every such access
 * here lets the identifiers' storage (e.g. encryption at rest with a lookup hash) change in one
 * place without touching the import kinds.
 */
import type { Relation } from '../../domain/registry';
import type { SqliteDatabase } from './openDatabase';
import { StatementCache } from './statementCache';
import {
  PERSON_SEALED_COLUMNS,
  personSealedValues,
  type IdentifierSealer,
  type SealedPersonIdentifiers,
} from './sealedIdentifiers';
import { identifierSealerFor } from './dataKeyFiles';
import { SealingThread } from './sealingThread';

/** What an import needs to know of a person already in the register. */
export interface RegisteredPerson {
  personId: number;
  householdId: number;
  unitId: number;
  /** Compared with an incoming row to tell updated from unchanged. */
  fingerprint: string;
  name: string;
}

/** A person's stored fields as an import writes them. */
export interface PersonFields {
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  idNumber: string;
  phone: string | null;
  relation: Relation;
  tags: string;
  category: string;
  ethnicity: string;
  hukouAddress: string;
  otherTags: string;
  permitExpires: string | null;
}

/** One string of every field an import may change (same order on both sides). */
export function personFingerprint(fields: PersonFields): string {
  return [
    fields.name,
    fields.sex,
    fields.birthDate,
    fields.phone ?? '',
    fields.relation,
    fields.tags,
    fields.category,
    fields.ethnicity,
    fields.hukouAddress,
    fields.otherTags,
    fields.permitExpires ?? '',
  ].join('\u0001');
}

type Row = Record<string, unknown>;

/** A person a bulk write creates, its id chosen by the caller (who holds the write lock). */
export interface NewPerson {
  personId: number;
  householdId: number;
  /** The household's building (persons.building_id: the insert trigger then has nothing to do). */
  buildingId: number;
  fields: PersonFields;
  /** The identifiers already sealed (by startSealingThread's thread); sealed here without. */
  sealed?: SealedPersonIdentifiers;
}

/**
 * Rows per INSERT in insertMany: the statement's call, bind and step overhead is paid once per
 * hundred rows, far below SQLite's limit of bound values (13 a person).
 */
const PERSONS_PER_INSERT = 100;

const INSERT_PERSON_COLUMNS = `id, household_id, building_id, name, sex, birth_date, ${PERSON_SEALED_COLUMNS}, relation, tags, synthetic`;
const PERSON_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)';
export const DETAILS_COLUMNS =
  'person_id, category, ethnicity, hukou_address, other_tags, permit_expires';
export const DETAILS_UPSERT =
  'ON CONFLICT(person_id) DO UPDATE SET category = excluded.category, ' +
  'ethnicity = excluded.ethnicity, hukou_address = excluded.hukou_address, ' +
  'other_tags = excluded.other_tags, permit_expires = excluded.permit_expires';

/** A person's person_details values in DETAILS_COLUMNS' order. */
export function detailsValues(personId: number, fields: PersonFields): unknown[] {
  return [
    personId,
    fields.category,
    fields.ethnicity,
    fields.hukouAddress,
    fields.otherTags,
    fields.permitExpires,
  ];
}

function repeated(values: string, count: number): string {
  return Array.from({ length: count }, () => values).join(', ');
}

/** A person with their unit and details (table and column names are the same on PostgreSQL). */
export const SELECT_PERSON =
  'SELECT p.id, p.household_id, h.unit_id, p.name, p.sex, p.birth_date, p.id_number_sealed, p.phone_sealed, ' +
  'p.relation, p.tags, p.synthetic, d.category, d.ethnicity, d.hukou_address, d.other_tags, d.permit_expires ' +
  'FROM persons p JOIN households h ON h.id = p.household_id ' +
  'LEFT JOIN person_details d ON d.person_id = p.id';

/** A row of SELECT_PERSON (either engine's driver) as the fields it stores. */
export function fieldsOf(row: Row, sealer: IdentifierSealer): PersonFields {
  const { idNumber, phone } = sealer.openPerson({
    idNumberSealed: row.id_number_sealed as Uint8Array,
    phoneSealed: (row.phone_sealed as Uint8Array | null) ?? null,
  });
  return {
    name: String(row.name),
    sex: row.sex === 'F' ? 'F' : 'M',
    birthDate: String(row.birth_date),
    idNumber,
    phone,
    relation: String(row.relation) as Relation,
    tags: String(row.tags),
    // The generated district has no details row: its people count as registered here.
    category: row.category === null ? 'registered' : String(row.category),
    ethnicity: row.ethnicity === null ? '' : String(row.ethnicity),
    hukouAddress: row.hukou_address === null ? '' : String(row.hukou_address),
    otherTags: row.other_tags === null ? '' : String(row.other_tags),
    permitExpires:
      row.permit_expires === null || row.permit_expires === undefined
        ? null
        : String(row.permit_expires),
  };
}

/** A SELECT_PERSON row as the opaque text a rollback puts back (PersonStore.restore). */
export function personSnapshotOf(row: Row, sealer: IdentifierSealer): string {
  return JSON.stringify({
    householdId: Number(row.household_id),
    synthetic: Number(row.synthetic),
    hadDetails: row.category !== null,
    fields: fieldsOf(row, sealer),
  });
}

/** What an import knows of a registered person, from a SELECT_PERSON row. */
export function registeredPersonOf(row: Row, fields: PersonFields): RegisteredPerson {
  return {
    personId: Number(row.id),
    householdId: Number(row.household_id),
    unitId: Number(row.unit_id),
    fingerprint: personFingerprint(fields),
    name: fields.name,
  };
}

export class PersonStore {
  private readonly statements: StatementCache;
  private readonly sealer: IdentifierSealer;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
    this.sealer = identifierSealerFor(db);
  }

  /**
   * Every registered person by ID number, read once per import: one scan is far cheaper than a
   * lookup per row, and stays the same when the column is stored encrypted.
   */
  loadIndex(): Map<string, RegisteredPerson> {
    const index = new Map<string, RegisteredPerson>();
    for (const row of this.db.prepare(SELECT_PERSON).iterate() as Iterable<Row>) {
      const fields = fieldsOf(row, this.sealer);
      index.set(fields.idNumber, registeredPersonOf(row, fields));
    }
    return index;
  }

  /** The person with that ID number, or null (one lookup, for single reads). */
  findByIdNumber(idNumber: string): (PersonFields & { personId: number; unitId: number }) | null {
    const row = this.statements
      .get(`${SELECT_PERSON} WHERE p.id_number_index = ?`)
      .get(this.sealer.index('id_number', idNumber)) as Row | undefined;
    return row === undefined
      ? null
      : { ...fieldsOf(row, this.sealer), personId: Number(row.id), unitId: Number(row.unit_id) };
  }

  /**
   * A worker thread that seals identifiers with this database's key, for a bulk write that
   * hands insert() and update() their `sealed` columns ready-made; the caller closes it.
   */
  startSealingThread(): SealingThread {
    return new SealingThread(this.sealer);
  }

  /** `sealed`: the identifiers already sealed (by startSealingThread's thread). */
  insert(
    householdId: number,
    fields: PersonFields,
    sealed: SealedPersonIdentifiers = this.sealer.sealPerson(fields),
  ): number {
    const result = this.statements
      .get(
        `INSERT INTO persons (household_id, name, sex, birth_date, ${PERSON_SEALED_COLUMNS}, relation, tags, synthetic) ` +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)',
      )
      .run(
        householdId,
        fields.name,
        fields.sex,
        fields.birthDate,
        ...personSealedValues(sealed),
        fields.relation,
        fields.tags,
      );
    const personId = Number(result.lastInsertRowid);
    this.writeDetails(personId, fields);
    return personId;
  }

  /**
   * New persons with their details, many rows per statement (a bulk import's batch). The ids
   * are the caller's: it holds the write lock and counts on from the largest.
   */
  insertMany(persons: readonly NewPerson[]): void {
    for (let start = 0; start < persons.length; start += PERSONS_PER_INSERT) {
      const chunk = persons.slice(start, start + PERSONS_PER_INSERT);
      const personValues: unknown[] = [];
      const detailValues: unknown[] = [];
      for (const { personId, householdId, buildingId, fields, sealed } of chunk) {
        personValues.push(
          personId,
          householdId,
          buildingId,
          fields.name,
          fields.sex,
          fields.birthDate,
          ...personSealedValues(sealed ?? this.sealer.sealPerson(fields)),
          fields.relation,
          fields.tags,
        );
        detailValues.push(...detailsValues(personId, fields));
      }
      this.statements
        .get(
          `INSERT INTO persons (${INSERT_PERSON_COLUMNS}) VALUES ${repeated(PERSON_VALUES, chunk.length)}`,
        )
        .run(personValues);
      this.statements
        .get(
          `INSERT INTO person_details (${DETAILS_COLUMNS}) VALUES ` +
            `${repeated('(?, ?, ?, ?, ?, ?)', chunk.length)} ${DETAILS_UPSERT}`,
        )
        .run(detailValues);
    }
  }

  update(
    personId: number,
    householdId: number,
    fields: PersonFields,
    sealed: SealedPersonIdentifiers = this.sealer.sealPerson(fields),
  ): void {
    this.statements
      .get(
        'UPDATE persons SET household_id = ?, name = ?, sex = ?, birth_date = ?, phone_sealed = ?, ' +
          'phone_index = ?, phone_masked = ?, relation = ?, tags = ?, synthetic = 0 WHERE id = ?',
      )
      .run(
        householdId,
        fields.name,
        fields.sex,
        fields.birthDate,
        ...personSealedValues(sealed).slice(3),
        fields.relation,
        fields.tags,
        personId,
      );
    this.writeDetails(personId, fields);
  }

  /** The person as stored now, as an opaque text that restore() takes back (rollback). */
  snapshot(personId: number): string {
    const row = this.statements.get(`${SELECT_PERSON} WHERE p.id = ?`).get(personId) as Row;
    return personSnapshotOf(row, this.sealer);
  }

  restore(personId: number, snapshot: string): void {
    const saved = JSON.parse(snapshot) as {
      householdId: number;
      synthetic: number;
      hadDetails: boolean;
      fields: PersonFields;
    };
    this.update(personId, saved.householdId, saved.fields);
    this.statements
      .get('UPDATE persons SET synthetic = ? WHERE id = ?')
      .run(saved.synthetic, personId);
    if (!saved.hadDetails) {
      this.statements.get('DELETE FROM person_details WHERE person_id = ?').run(personId);
    }
  }

  delete(personId: number): void {
    this.statements.get('DELETE FROM person_details WHERE person_id = ?').run(personId);
    this.statements.get('DELETE FROM person_moves WHERE person_id = ?').run(personId);
    this.statements
      .get('UPDATE households SET head_person_id = NULL WHERE head_person_id = ?')
      .run(personId);
    this.statements.get('DELETE FROM persons WHERE id = ?').run(personId);
  }

  private writeDetails(personId: number, fields: PersonFields): void {
    this.statements
      .get(
        `INSERT INTO person_details (${DETAILS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) ${DETAILS_UPSERT}`,
      )
      .run(detailsValues(personId, fields));
  }
}
