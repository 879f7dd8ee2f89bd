/**
 * One device batch through the checks (src/domain/tracking/ingestFix.ts) against the worker's
 * recent track, then into the batch writer; resolves to the acknowledgement once the accepted
 * fixes are committed. Per worker it keeps a small TrackBuffer, seeded from the store on first
 * contact, so impossible jumps and resends are caught after a restart too; the store's
 * (worker, fix time) key catches the resends that fall outside that window.
 */
import type { Position } from '../../domain/tracking/fix';
import { ingestFix } from '../../domain/tracking/ingestFix';
import { TrackBuffer } from '../../domain/tracking/TrackBuffer';
import type { DeviceFix, FixBatchAck, RejectedFix } from '../../shared/trackingEvents';
import type { BatchWriter } from './batchWriter';
import { DUPLICATE_COUNTER, rejectedCounter } from './trackingCounters';
import type { TrackingRepository } from './trackingRepository';

/** Recent fixes kept per worker for jump checks and de-duplication (about a minute at 1 Hz). */
export const RECENT_WINDOW_FIXES = 64;

function toPosition(workerId: number, fix: DeviceFix, nowMs: number): Position {
  // Only the known fields are copied; anything else a device sends is dropped here.
  return {
    workerId,
    fixTimeMs: fix.fixTimeMs,
    lon: fix.lon,
    lat: fix.lat,
    accuracyM: fix.accuracyM,
    speedMps: fix.speedMps ?? null,
    headingDeg: fix.headingDeg ?? null,
    receivedAtMs: nowMs,
  };
}

function isFixTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export class FixIngestor {
  private readonly tracks = new Map<number, TrackBuffer<Position>>();
  private readonly seeding = new Map<number, Promise<TrackBuffer<Position>>>();

  constructor(
    private readonly tracking: TrackingRepository,
    private readonly writer: BatchWriter,
    private readonly windowFixes = RECENT_WINDOW_FIXES,
  ) {}

  /**
   * Checks every fix now (synchronous, a few microseconds each) and settles after the commit
   * that holds the accepted ones. Every fix in the batch ends up acknowledged: stored, already
   * stored, or rejected for good with its reason.
   */
  async ingest(workerId: number, fixes: readonly DeviceFix[], nowMs: number): Promise<FixBatchAck> {
    // The usual case, a window already held, checks without yielding; the checks below run
    // with nothing in between, so two batches of one worker never interleave in its window.
    const track = this.tracks.get(workerId) ?? (await this.seededTrackOf(workerId));
    const accepted: Position[] = [];
    const rejected: RejectedFix[] = [];
    const increments = new Map<string, number>();
    let duplicateCount = 0;
    for (const fix of fixes) {
      const position = toPosition(workerId, fix, nowMs);
      const outcome = ingestFix(track, position, nowMs);
      if (outcome.kind === 'stored') accepted.push(position);
      else if (outcome.kind === 'duplicate') duplicateCount += 1;
      else {
        if (isFixTime(position.fixTimeMs)) {
          rejected.push({ fixTimeMs: position.fixTimeMs, reason: outcome.reason });
        }
        const counter = rejectedCounter(outcome.reason);
        increments.set(counter, (increments.get(counter) ?? 0) + 1);
      }
    }
    if (duplicateCount > 0) increments.set(DUPLICATE_COUNTER, duplicateCount);
    let result;
    try {
      // Even a batch of duplicates waits for the commit: its originals may still be queued.
      result = await this.writer.write(accepted, increments);
    } catch (error) {
      // The window now holds fixes that were never stored: rebuild it from the store.
      this.tracks.delete(workerId);
      throw error;
    }
    return {
      // Only validated values go back. A fix whose time is not a number is rejected and counted
      // but not echoed: a device keys its outbox by fix time, so it never holds such a fix, and
      // echoing it would hand back whatever (however large) a client sent.
      acknowledgedFixTimesMs: fixes.map((fix) => fix.fixTimeMs).filter(isFixTime),
      storedCount: result.stored.length,
      duplicateCount: duplicateCount + result.duplicates.length,
      rejected,
      retryAfterMs: null,
    };
  }

  /** Forgets a worker's window (its next batch re-seeds it from the store). */
  forgetWorker(workerId: number): void {
    this.tracks.delete(workerId);
  }

  /**
   * The worker's window, seeded from the store's newest fixes. Two batches arriving while it is
   * read share one read, so neither seeds over the other's checked fixes.
   */
  private seededTrackOf(workerId: number): Promise<TrackBuffer<Position>> {
    let seeding = this.seeding.get(workerId);
    if (seeding === undefined) {
      seeding = this.seed(workerId).finally(() => this.seeding.delete(workerId));
      this.seeding.set(workerId, seeding);
    }
    return seeding;
  }

  private async seed(workerId: number): Promise<TrackBuffer<Position>> {
    const track = new TrackBuffer<Position>(this.windowFixes);
    for (const position of await this.tracking.latestPositionsOf(workerId, this.windowFixes)) {
      track.insert(position);
    }
    this.tracks.set(workerId, track);
    return track;
  }
}
