/**
 * The V8 heap of an import process (importChild.ts, `npm run import`). A large import promotes
 * most of its short-lived row objects to the old generation (a row waits in the write and
 * sealing batches longer than a scavenge), and V8 lets the old generation grow to up to four
 * times what survived the last full collection before it collects again: at a million register
 * rows the main heap reached ~330 MB for ~120 MB of live data. With a growing factor of 1.2 it
 * collects sooner and the process's peak fell by ~140 MB (decision 0018), for more full
 * collections that did not cost measurable rows per second. The flag is process-wide (the
 * worker threads follow it), so only an import's own process sets it, never the server.
 */
import { setFlagsFromString } from 'node:v8';

/** The old generation grows to (1 + this / 100) times the live data before a full collection. */
export const IMPORT_HEAP_GROWING_PERCENT = 20;

/** Call once at the start of an import process. */
export function useImportHeap(): void {
  setFlagsFromString(`--heap-growing-percent=${IMPORT_HEAP_GROWING_PERCENT}`);
}
