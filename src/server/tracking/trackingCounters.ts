/**
 * Names of the ingest counters kept in tracking_counters, and how they read back as
 * TrackingStats. `stored` and `duplicate` are added by the store in the commit that holds the
 * fixes, so the counts agree with the stored rows even across a crash.
 */
import { FIX_REJECT_REASONS, type FixRejectReason } from '../../domain/tracking/validateFix';
import type { TrackingStats } from '../../shared/tracking';

export const STORED_COUNTER = 'stored';
export const DUPLICATE_COUNTER = 'duplicate';
export const THROTTLED_COUNTER = 'throttled';
export const OVERSIZED_COUNTER = 'oversized';
export const PURGED_COUNTER = 'purged';
const REJECTED_PREFIX = 'rejected:';

export function rejectedCounter(reason: FixRejectReason): string {
  return REJECTED_PREFIX + reason;
}

export function toTrackingStats(
  counters: ReadonlyMap<string, number>,
  connected: { devices: number; screens: number },
): TrackingStats {
  const countOf = (name: string) => counters.get(name) ?? 0;
  const rejectedByReason = Object.fromEntries(
    FIX_REJECT_REASONS.map((reason) => [reason, countOf(rejectedCounter(reason))]),
  ) as Record<FixRejectReason, number>;
  return {
    storedFixes: countOf(STORED_COUNTER),
    duplicateFixes: countOf(DUPLICATE_COUNTER),
    rejectedByReason,
    throttledBatches: countOf(THROTTLED_COUNTER),
    oversizedFrames: countOf(OVERSIZED_COUNTER),
    purgedFixes: countOf(PURGED_COUNTER),
    connectedDevices: connected.devices,
    connectedScreens: connected.screens,
  };
}
