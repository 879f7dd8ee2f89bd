/**
 * The write path of positions in SQLite, apart from the store's reads: it runs for every batch
 * the phones send, so its statements are prepared once, and a batch's fixes and the ingest
 * counters they move commit (or vanish) in one transaction.
 */
import type { Statement } from 'better-sqlite3';
import type { Position } from '../../domain/tracking/fix';
import { DUPLICATE_COUNTER, STORED_COUNTER } from '../tracking/trackingCounters';
import type { InsertPositionsResult } from '../tracking/trackingRepository';
import type { SqliteDatabase } from './openDatabase';
import { POSITION_COLUMNS } from './trackingRows';

export class SqlitePositionWriter {
  private readonly insertPosition: Statement;
  private readonly addCounter: Statement;
  /** The fixes and the counters, with `stored` and `duplicate` taken from the insert. */
  readonly commitBatch: (
    positions: readonly Position[],
    increments: ReadonlyMap<string, number>,
  ) => InsertPositionsResult;

  constructor(private readonly db: SqliteDatabase) {
    this.insertPosition = db.prepare(
      // Not INSERT OR IGNORE: that would also swallow a NOT NULL violation as a "duplicate".
      `INSERT INTO positions (${POSITION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ` +
        'ON CONFLICT (worker_id, fix_time_ms) DO NOTHING',
    );
    this.addCounter = db.prepare(
      'INSERT INTO tracking_counters (name, count) VALUES (?, ?) ' +
        'ON CONFLICT(name) DO UPDATE SET count = count + excluded.count',
    );
    this.commitBatch = db.transaction(
      (positions: readonly Position[], increments: ReadonlyMap<string, number>) => {
        const result = this.insertEach(positions);
        const all = new Map<string, number>(increments);
        if (result.stored.length > 0) {
          all.set(STORED_COUNTER, (all.get(STORED_COUNTER) ?? 0) + result.stored.length);
        }
        if (result.duplicates.length > 0) {
          all.set(DUPLICATE_COUNTER, (all.get(DUPLICATE_COUNTER) ?? 0) + result.duplicates.length);
        }
        this.addEach(all);
        return result;
      },
    );
  }

  addToCounters(increments: ReadonlyMap<string, number>): void {
    this.db.transaction(() => this.addEach(increments))();
  }

  /**
   * One fix; false when its (worker, fix time) is stored already. Called outside commitBatch it
   * commits on its own (the autocommit baseline of bench:ingest).
   */
  runInsert(position: Position): boolean {
    return (
      this.insertPosition.run(
        position.workerId,
        position.fixTimeMs,
        position.lon,
        position.lat,
        position.accuracyM,
        position.speedMps,
        position.headingDeg,
        position.receivedAtMs,
      ).changes === 1
    );
  }

  private insertEach(positions: readonly Position[]): InsertPositionsResult {
    const stored: Position[] = [];
    const duplicates: Position[] = [];
    for (const position of positions) {
      if (this.runInsert(position)) stored.push(position);
      else duplicates.push(position);
    }
    return { stored, duplicates };
  }

  private addEach(increments: ReadonlyMap<string, number>): void {
    for (const [name, count] of increments) {
      if (count !== 0) this.addCounter.run(name, count);
    }
  }
}
