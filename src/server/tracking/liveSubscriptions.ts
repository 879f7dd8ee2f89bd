/**
 * Which workers a /live subscription sees, and whether a screen may subscribe at all. Screens
 * with the same grid codes share one Subscription object, which is what lets the hub encode one
 * position frame per distinct subscription instead of one per screen.
 */
import { isGridCode, isInScope } from '../../domain/gridCode';
import type { SubscribeResult } from '../../shared/trackingEvents';
import type { WorkerRecord } from './trackingRepository';

export interface Subscription {
  /** The sorted, de-duplicated grid codes joined: equal keys see the same workers. */
  key: string;
  gridCodes: readonly string[];
  visibleWorkerIds: ReadonlySet<number>;
}

/** A worker is visible when any of its grids lies under a subscribed code. */
export function isWorkerVisible(worker: WorkerRecord, gridCodes: readonly string[]): boolean {
  return worker.gridCodes.some((code) => isInScope(code, gridCodes));
}

export function normaliseGridCodes(gridCodes: readonly string[]): string[] {
  return [...new Set(gridCodes)].sort();
}

/**
 * Refuses the whole request when any code is not an existing grid, or lies outside the user's
 * scopes (prefix rule); null when it may go ahead.
 */
export function refuseSubscription(
  gridCodes: readonly string[],
  knownGridCodes: ReadonlySet<string>,
  scopes: readonly string[],
): Extract<SubscribeResult, { ok: false }> | null {
  const invalid = gridCodes.filter((code) => !isGridCode(code) || !knownGridCodes.has(code));
  if (invalid.length > 0) {
    // Only well-formed codes go back: an answer never echoes what a client made up.
    return { ok: false, error: 'invalid_grid_code', refusedGridCodes: invalid.filter(isGridCode) };
  }
  const outside = gridCodes.filter((code) => !isInScope(code, scopes));
  if (outside.length > 0) {
    return { ok: false, error: 'out_of_scope', refusedGridCodes: outside };
  }
  return null;
}

/** Subscriptions by key, built once per key until the worker list changes. */
export class SubscriptionCache {
  private readonly byKey = new Map<string, Subscription>();

  constructor(private workers: readonly WorkerRecord[]) {}

  subscriptionFor(gridCodes: readonly string[]): Subscription {
    const codes = normaliseGridCodes(gridCodes);
    const key = codes.join(',');
    let subscription = this.byKey.get(key);
    if (subscription === undefined) {
      const visibleWorkerIds = new Set(
        this.workers
          .filter((worker) => isWorkerVisible(worker, codes))
          .map((worker) => worker.workerId),
      );
      subscription = { key, gridCodes: codes, visibleWorkerIds };
      this.byKey.set(key, subscription);
    }
    return subscription;
  }

  /** New worker list: every subscription is rebuilt on its next use. */
  replaceWorkers(workers: readonly WorkerRecord[]): void {
    this.workers = workers;
    this.byKey.clear();
  }
}
