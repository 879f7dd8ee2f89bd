/**
 * Data files (database, WAL, key, logs, backups) are readable by their owner only: new files
 * through the process umask, files that already exist through chmod when the store opens them.
 */
import { chmodSync, existsSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

/** Owner read/write only. */
export const DATA_FILE_MODE = 0o600;
const OWNER_ONLY_UMASK = 0o077;

/** Makes every file this process creates from now on owner-only (worker threads share it). */
export function restrictNewFileModes(): void {
  // process.umask cannot be set from a worker thread; the main thread's setting applies there.
  if (isMainThread) process.umask(OWNER_ONLY_UMASK);
}

/** The database file and its WAL and shared-memory files, when present, become owner-only. */
export function restrictDatabaseFiles(dbPath: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    const path = dbPath + suffix;
    if (existsSync(path)) chmodSync(path, DATA_FILE_MODE);
  }
}
