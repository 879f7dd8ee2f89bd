/**
 * The phone's outbox in IndexedDB, so nothing taken offline is lost when the page is closed:
 * fixes (keyed by fix time, the server's dedupe key per worker, oldest sent first) until the
 * server acknowledges them, and reports and task steps (keyed by their client reference, which
 * the server creates once) until the server answers them, with their photos as Blobs until
 * uploaded; collections likewise by client id.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { DeviceIncidentReport, DeviceTaskCommand } from '../shared/incidents';
import type { RegisterRequestSubmission } from '../shared/registerRequests';
import type { DeviceFix } from '../shared/trackingEvents';

const DB_NAME = 'gcc-phone';
const DB_VERSION = 1;

/**
 * A report, a task step or a collection (visit log, household change request; its clientRef is
 * the submission's clientId) waiting for the server's answer.
 */
export type PendingCommand =
  | {
      clientRef: string;
      kind: 'report';
      report: DeviceIncidentReport;
      /** Photos not uploaded yet (JPEG); once uploaded they are `report.photoIds`. */
      photos?: Blob[];
    }
  | { clientRef: string; kind: 'register'; submission: RegisterRequestSubmission }
  | {
      clientRef: string;
      kind: 'task';
      command: DeviceTaskCommand;
      /** Feedback photos not uploaded yet (JPEG); once uploaded they are `command.photoIds`. */
      photos?: Blob[];
    };

interface OutboxSchema extends DBSchema {
  fixes: { key: number; value: DeviceFix };
  commands: { key: string; value: PendingCommand & { queuedAtMs: number } };
}

export class PhoneOutbox {
  private constructor(private readonly db: IDBPDatabase<OutboxSchema>) {}

  static async open(name = DB_NAME): Promise<PhoneOutbox> {
    const db = await openDB<OutboxSchema>(name, DB_VERSION, {
      upgrade(database) {
        database.createObjectStore('fixes', { keyPath: 'fixTimeMs' });
        database.createObjectStore('commands', { keyPath: 'clientRef' });
      },
    });
    return new PhoneOutbox(db);
  }

  async addFix(fix: DeviceFix): Promise<void> {
    await this.db.put('fixes', fix);
  }

  /** Up to `count` fixes, oldest first. */
  async oldestFixes(count: number): Promise<DeviceFix[]> {
    const fixes: DeviceFix[] = [];
    let cursor = await this.db.transaction('fixes').store.openCursor();
    while (cursor !== null && fixes.length < count) {
      fixes.push(cursor.value);
      cursor = await cursor.continue();
    }
    return fixes;
  }

  async acknowledgeFixes(fixTimesMs: readonly number[]): Promise<void> {
    const transaction = this.db.transaction('fixes', 'readwrite');
    await Promise.all([
      ...fixTimesMs.map((time) => transaction.store.delete(time)),
      transaction.done,
    ]);
  }

  fixCount(): Promise<number> {
    return this.db.count('fixes');
  }

  async addCommand(command: PendingCommand, queuedAtMs: number): Promise<void> {
    await this.db.put('commands', { ...command, queuedAtMs });
  }

  commandCount(): Promise<number> {
    return this.db.count('commands');
  }

  /** Waiting reports and steps, in the order they were made. */
  async commands(): Promise<PendingCommand[]> {
    const all = await this.db.getAll('commands');
    return all
      .sort((first, second) => first.queuedAtMs - second.queuedAtMs)
      .map(({ queuedAtMs: _queuedAtMs, ...command }) => command);
  }

  /** Replaces a waiting command, keeping its place in the order (e.g. photos now uploaded). */
  async replaceCommand(command: PendingCommand): Promise<void> {
    const existing = await this.db.get('commands', command.clientRef);
    if (existing === undefined) return;
    await this.db.put('commands', { ...command, queuedAtMs: existing.queuedAtMs });
  }

  async removeCommand(clientRef: string): Promise<void> {
    await this.db.delete('commands', clientRef);
  }

  close(): void {
    this.db.close();
  }
}
