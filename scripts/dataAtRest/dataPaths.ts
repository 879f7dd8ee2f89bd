/** Where the data-at-rest commands find the database: --db, else $DATA_DIR/district.sqlite. */
import { join } from 'node:path';

const DEFAULT_DATA_DIR = './data';
const DB_FILE_NAME = 'district.sqlite';

export function databasePath(option: string | undefined): string {
  return option ?? join(process.env.DATA_DIR ?? DEFAULT_DATA_DIR, DB_FILE_NAME);
}

/** Runs a command's main, printing an error message (not a stack) and exiting 1 on failure. */
export function runCommand(main: () => Promise<void> | void): void {
  Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
