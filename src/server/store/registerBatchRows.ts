/**
 * The households and persons a register import batch creates, written many rows per statement
 * with their journal. The batch holds the write lock from its start (BEGIN IMMEDIATE), so the
 * new ids are counted on from the largest here instead of read back a row at a time; a new
 * household is written with its head already set; and each flushed run of new rows is journaled
 * as one change over its id range (`last_target_id`: rollback deletes the range's rows newest
 * first, as it would a row per created row). The journal keeps the order a row-by-row writer
 * gives it (rollback undoes it newest first): a run's households before its persons, and every
 * other change after the rows written before it (journal() flushes first).
 */
import type { SqliteDatabase } from './openDatabase';
import type { NewPerson, PersonFields, PersonStore } from './personStore';
import type { SealedPersonIdentifiers } from './sealedIdentifiers';
import { StatementCache } from './statementCache';

/** Rows buffered before they are written: a sealed batch's worth. */
const FLUSH_ROWS = 1_000;
const HOUSEHOLDS_PER_INSERT = 200;

interface NewHousehold {
  id: number;
  unitId: number;
  type: 'registered' | 'floating' | 'rental';
  headPersonId: number | null;
}

export class RegisterBatchRows {
  private readonly statements: StatementCache;
  private nextHouseholdId: number;
  private nextPersonId: number;
  private seq: number;
  private households: NewHousehold[] = [];
  private persons: NewPerson[] = [];

  /** Starts inside the batch's open transaction, after its batch row was written. */
  constructor(
    db: SqliteDatabase,
    private readonly personStore: PersonStore,
    private readonly batchId: string,
  ) {
    if (!db.inTransaction) throw new Error('RegisterBatchRows needs an open transaction');
    this.statements = new StatementCache(db);
    const largest = (sql: string, ...params: unknown[]) =>
      (db.prepare(sql).get(...params) as { id: number }).id;
    this.nextHouseholdId = largest('SELECT COALESCE(MAX(id), 0) AS id FROM households') + 1;
    this.nextPersonId = largest('SELECT COALESCE(MAX(id), 0) AS id FROM persons') + 1;
    this.seq = largest(
      'SELECT COALESCE(MAX(seq), 0) AS id FROM import_batch_changes WHERE batch_id = ?',
      batchId,
    );
  }

  /** A new household of the unit; written with the next flush. */
  addHousehold(unitId: number, type: NewHousehold['type']): number {
    const id = this.nextHouseholdId++;
    this.households.push({ id, unitId, type, headPersonId: null });
    this.flushWhenFull();
    return id;
  }

  /**
   * A new person of a household in `buildingId`; `sealed`: the identifiers already sealed, else
   * sealed at the flush.
   */
  addPerson(
    householdId: number,
    buildingId: number,
    fields: PersonFields,
    sealed?: SealedPersonIdentifiers,
  ): number {
    const personId = this.nextPersonId++;
    this.persons.push({ personId, householdId, buildingId, fields, sealed });
    this.flushWhenFull();
    return personId;
  }

  /** Makes a person the head of a household this batch created. */
  setHead(householdId: number, personId: number): void {
    // Buffered households have consecutive ids.
    const waiting = this.households[householdId - (this.households[0]?.id ?? householdId + 1)];
    if (waiting !== undefined) waiting.headPersonId = personId;
    else {
      this.statements
        .get('UPDATE households SET head_person_id = ? WHERE id = ?')
        .run(personId, householdId);
    }
  }

  /** Journals a change of an existing row, after every new row before it. */
  journal(
    targetType: 'person' | 'household',
    targetId: number,
    action: 'updated' | 'moved',
    before: string,
  ): void {
    this.flush();
    this.statements
      .get(
        'INSERT INTO import_batch_changes (batch_id, seq, target_type, target_id, action, before) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(this.batchId, ++this.seq, targetType, targetId, action, before);
  }

  /** Writes and journals the buffered rows (before anything reads or references them). */
  flush(): void {
    const households = this.households;
    const persons = this.persons;
    this.households = [];
    this.persons = [];
    for (let start = 0; start < households.length; start += HOUSEHOLDS_PER_INSERT) {
      const chunk = households.slice(start, start + HOUSEHOLDS_PER_INSERT);
      this.statements
        .get(
          'INSERT INTO households (id, unit_id, type, head_person_id) VALUES ' +
            chunk.map(() => '(?, ?, ?, ?)').join(', '),
        )
        .run(chunk.flatMap((row) => [row.id, row.unitId, row.type, row.headPersonId]));
    }
    if (households.length > 0) {
      this.journalCreated('household', households[0]!.id, households.at(-1)!.id);
    }
    this.personStore.insertMany(persons);
    if (persons.length > 0) {
      this.journalCreated('person', persons[0]!.personId, persons.at(-1)!.personId);
    }
  }

  private flushWhenFull(): void {
    if (this.households.length + this.persons.length >= FLUSH_ROWS) this.flush();
  }

  /** The rows `first..last` of a table, all new in this run, journaled as created: one change. */
  private journalCreated(targetType: 'person' | 'household', first: number, last: number): void {
    this.statements
      .get(
        'INSERT INTO import_batch_changes (batch_id, seq, target_type, target_id, action, before, last_target_id) ' +
          "VALUES (?, ?, ?, ?, 'created', NULL, ?)",
      )
      .run(this.batchId, ++this.seq, targetType, first, last === first ? null : last);
  }
}
