/**
 * The order of checks the ingest applies to one fix against a worker's recent track, kept pure
 * so it is tested here and the socket handler stays thin: a resent fix is a duplicate (to be
 * acknowledged, not counted as a rejection) before it is validated; a valid fix joins the track
 * in fix-time order. The buffer only covers its window: the store's unique (worker, fix time)
 * key remains the backstop for duplicates older than that.
 */
import type { Position } from './fix';
import type { TrackBuffer } from './TrackBuffer';
import { validateFix, type FixRejectReason } from './validateFix';

export type FixIngestOutcome =
  | { kind: 'stored'; becameNewest: boolean }
  | { kind: 'duplicate' }
  | { kind: 'rejected'; reason: FixRejectReason };

export function ingestFix<T extends Position>(
  track: TrackBuffer<T>,
  position: T,
  nowMs: number,
): FixIngestOutcome {
  if (track.has(position.fixTimeMs)) return { kind: 'duplicate' };
  const verdict = validateFix(position, nowMs, track.neighboursOf(position.fixTimeMs));
  if (!verdict.ok) return { kind: 'rejected', reason: verdict.reason };
  const newestBeforeMs = track.newest()?.fixTimeMs ?? -Infinity;
  // A fix older than a full window is still valid: it is stored, just not kept in memory.
  track.insert(position);
  return { kind: 'stored', becameNewest: position.fixTimeMs > newestBeforeMs };
}
