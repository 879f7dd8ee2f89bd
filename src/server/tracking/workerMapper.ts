/**
 * The one place where worker records become wire views (REST summaries, the /live directory).
 * Names are masked for callers without the reveal permission by maskWorkerName
 * (docs/decisions/0002-masking.md); workers' phones never leave the store.
 */
import type { WorkerStatus } from '../../domain/tracking/fix';
import type { WorkerSummary, LonLatTime } from '../../shared/tracking';
import type { WorkerDirectoryEntry } from '../../shared/trackingEvents';
import type { WorkerRecord } from './trackingRepository';

const NAME_MASK_CHARACTER = '*';
/** Characters of a name that stay visible: the surname, as on a public duty roster ("张*"). */
const VISIBLE_NAME_CHARACTERS = 1;

/**
 * Keeps the first character (the surname) and replaces every other character with `*`, keeping
 * the length; a one-character name is masked completely. Works on code points, not UTF-16 units.
 */
export function maskWorkerName(name: string): string {
  const characters = [...name];
  if (characters.length <= VISIBLE_NAME_CHARACTERS) {
    return NAME_MASK_CHARACTER.repeat(characters.length);
  }
  return (
    characters.slice(0, VISIBLE_NAME_CHARACTERS).join('') +
    NAME_MASK_CHARACTER.repeat(characters.length - VISIBLE_NAME_CHARACTERS)
  );
}

export function workerDisplayName(worker: WorkerRecord, canReveal: boolean): string {
  return canReveal ? worker.name : maskWorkerName(worker.name);
}

export function toDirectoryEntry(
  worker: WorkerRecord,
  status: WorkerStatus,
  canReveal: boolean,
): WorkerDirectoryEntry {
  return {
    workerId: worker.workerId,
    displayName: workerDisplayName(worker, canReveal),
    gridCodes: [...worker.gridCodes],
    status,
  };
}

export function toWorkerSummary(
  worker: WorkerRecord,
  gridNames: string[],
  status: WorkerStatus,
  lastFix: LonLatTime | null,
  canReveal: boolean,
): WorkerSummary {
  return {
    workerId: worker.workerId,
    displayName: workerDisplayName(worker, canReveal),
    gridCodes: [...worker.gridCodes],
    gridNames,
    status,
    lastFix,
  };
}
