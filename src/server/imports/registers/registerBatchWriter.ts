/**
 * SQLite's writer of a committed registers import, apart from the pass that decides each row's
 * fate: the pass runs the same on PostgreSQL (store/pg/postgresRegisterBatch.ts writes there), so
 * what is SQLite's — one transaction held open, the rows sealed on a thread, the switch to a bulk
 * load — lives here.
 */
import { randomUUID } from 'node:crypto';
import type { ImportSummary } from '../importKind';
import type { RegisteredPerson } from '../../store/personStore';
import type { SealedPersonIdentifiers } from '../../store/sealedIdentifiers';
import type { SealingThread } from '../../store/sealingThread';
import { RegisterBatchRows } from '../../store/registerBatchRows';
import { RegisterBulkLoad } from '../../store/registerBulkLoad';
import type { RegisterImportStore } from '../../store/registerImportStore';
import { HouseholdPlacement } from './householdPlacement';
import type { ParsedRow } from './registerRow';
import type { RegisterRowWriter, RowFate } from './registersImportKind';

/**
 * A batch goes on as a bulk load once its written rows reach this share of the register. Measured
 * at 200k residents: the triggers cost about 100 µs per written row, recomputing the rollups about
 * 26 µs per registered person, so the bulk load pays from about a quarter of the register.
 */
const BULK_LOAD_SHARE = 0.25;

/** Whether a batch that has written `writtenRows` should go on as a bulk load. */
export function deferRollups(writtenRows: number, registeredPersons: number): boolean {
  return writtenRows >= BULK_LOAD_SHARE * (registeredPersons + writtenRows);
}

/**
 * The first rows are written as they come, their identifiers sealed here; after these, the rows
 * go a batch at a time, sealed on a worker thread while the pass reads and checks the next batch
 * (a thread's start, ~0.3–0.5 s, would cost a small import more than it saves).
 */
const SEAL_ON_THREAD_AFTER_ROWS = 20_000;
const SEAL_BATCH_ROWS = 1_000;

interface RowWrite {
  fate: Exclude<RowFate, 'rejected' | 'unchanged'>;
  parsed: ParsedRow;
  existing: RegisteredPerson | undefined;
}

/**
 * Writes a commit's rows in the order the pass finds them, a batch at a time, inside one
 * transaction opened at the start: commit() ends it with the batch's counts, close() rolls back
 * whatever was not committed.
 */
export class RegisterBatchWriter implements RegisterRowWriter {
  private readonly batchId = randomUUID();
  private readonly at = new Date().toISOString();
  private readonly gridOfUnit: Map<number, string>;
  private readonly placement: HouseholdPlacement;
  private readonly rows: RegisterBatchRows;
  private bulk: RegisterBulkLoad | null = null;
  private written = 0;
  private registeredPersons = 0;
  private sealing: SealingThread | null = null;
  private queued: RowWrite[] = [];
  /** The batch being sealed on the thread, written once the next batch has been sent. */
  private sealingBatch: { rows: RowWrite[]; sealed: Promise<SealedPersonIdentifiers[]> } | null =
    null;

  constructor(
    private readonly store: RegisterImportStore,
    units: ReadonlyArray<{ unitId: number; gridCode: string }>,
    file: { fileName: string; fileSha256: string; actor: string },
  ) {
    this.gridOfUnit = new Map(units.map((unit) => [unit.unitId, unit.gridCode]));
    store.db.exec('BEGIN IMMEDIATE');
    // The counts are known at the end (finishBatch); the row keeps the batch's place meanwhile.
    store.beginBatch({
      id: this.batchId,
      kind: 'registers',
      ...file,
      createdAt: this.at,
      rows: 0,
      accepted: 0,
      rejected: 0,
      changes: { created: 0, updated: 0, moved: 0, unchanged: 0 },
    });
    this.rows = new RegisterBatchRows(store.db, store.persons, this.batchId);
    this.placement = new HouseholdPlacement({
      first: (unitId) => store.firstHousehold(unitId),
      add: (unitId, type) => this.rows.addHousehold(unitId, type),
    });
  }

  /** The register's size before the batch (the bulk load's rule). */
  registerHolds(persons: number): void {
    this.registeredPersons = persons;
  }

  /**
   * Writes a row or queues it (`existing`: the register's person of the row's ID number, for
   * updated and moved rows). When it completes a batch, returns the promise of sending it to be
   * sealed and writing the batch before it: await it before the next write.
   */
  write(
    fate: RowWrite['fate'],
    parsed: ParsedRow,
    existing: RegisteredPerson | undefined,
  ): Promise<void> | undefined {
    if (this.sealing === null && this.written < SEAL_ON_THREAD_AFTER_ROWS) {
      this.writeRow({ fate, parsed, existing });
      return undefined;
    }
    this.queued.push({ fate, parsed, existing });
    return this.queued.length >= SEAL_BATCH_ROWS ? this.sendQueued() : undefined;
  }

  /** Writes every queued row, then ends the transaction with the batch's counts. */
  async commit(summary: ImportSummary): Promise<string> {
    await this.sendQueued();
    await this.sendQueued();
    this.rows.flush();
    this.store.finishBatch(this.batchId, summary);
    this.bulk?.finish();
    this.store.db.exec('COMMIT');
    return this.batchId;
  }

  /** Rolls back what commit() did not end (a dry-run-like outcome, an error, a stop). */
  async close(): Promise<void> {
    if (this.store.db.inTransaction) this.store.db.exec('ROLLBACK');
    await this.sealing?.close();
  }

  /** Sends the queued rows to be sealed, and writes the batch sent before them. */
  private async sendQueued(): Promise<void> {
    const previous = this.sealingBatch;
    this.sealingBatch = null;
    if (this.queued.length > 0) {
      const rows = this.queued;
      this.queued = [];
      this.sealing ??= this.store.persons.startSealingThread();
      const sealed = this.sealing.seal(rows.map((row) => row.parsed.fields));
      // Awaited when its turn comes; a failure meanwhile must not count as unhandled.
      sealed.catch(() => undefined);
      this.sealingBatch = { rows, sealed };
    }
    if (previous !== null) {
      const sealed = await previous.sealed;
      previous.rows.forEach((row, index) => this.writeRow(row, sealed[index]!));
    }
  }

  /** `sealed`: the row's identifiers sealed on the thread; without, they are sealed here. */
  private writeRow({ fate, parsed, existing }: RowWrite, sealed?: SealedPersonIdentifiers): void {
    const store = this.store;
    if (this.bulk === null && deferRollups(this.written, this.registeredPersons)) {
      // The rows before go in with the register's triggers, as written so far.
      this.rows.flush();
      this.bulk = new RegisterBulkLoad(store.db);
    }
    const unit = parsed.unit!;
    const fields = parsed.fields;
    const isHead = fields.relation === 'head';
    if (fate === 'created') {
      const household = this.placement.householdFor(unit.unitId, fields.category, isHead);
      const personId = this.rows.addPerson(household, unit.buildingId, fields, sealed);
      this.headIfNew(household, personId, isHead);
      this.bulk?.registration(this.gridOfUnit.get(unit.unitId)!);
    } else {
      const personId = existing!.personId;
      const before = store.persons.snapshot(personId);
      if (fate === 'moved') {
        const household = this.placement.householdFor(unit.unitId, fields.category, isHead);
        this.rows.flush(); // the household it moves into
        store.persons.update(personId, household, fields, sealed);
        store.recordMove(personId, existing!.unitId, unit.unitId, this.batchId, this.at);
        this.rows.journal('person', personId, 'moved', before);
        this.headIfNew(household, personId, isHead);
        const from = this.gridOfUnit.get(existing!.unitId);
        const to = this.gridOfUnit.get(unit.unitId)!;
        if (this.bulk !== null && from !== to) {
          if (from !== undefined) this.bulk.departure(from);
          this.bulk.registration(to);
        }
      } else {
        store.persons.update(personId, existing!.householdId, fields, sealed);
        this.rows.journal('person', personId, 'updated', before);
      }
    }
    this.written++;
  }

  private headIfNew(household: number, personId: number, isHead: boolean): void {
    if (this.placement.headsNew(household, isHead)) this.rows.setHead(household, personId);
  }
}
