/**
 * The in-process seam between the parts of live tracking (and incidents, which watch positions
 * for arrival geofences): ingest publishes what it committed, the /live fan-out and others
 * listen. Listeners run synchronously and must be quick; one that throws is reported and does
 * not stop the others or the ingest.
 */
import type { Position } from '../../domain/tracking/fix';

/**
 * Where committed fixes come from: this process's ingest, or another server process's, relayed
 * (docs/decisions/0039); work done once per fix (arrival geofences) takes only its own.
 */
export type PositionOrigin = 'local' | 'relayed';

export interface TrackingBusEvents {
  /** Fixes committed to the store, in commit order (not necessarily fix-time order). */
  positionsCommitted: (positions: readonly Position[], origin?: PositionOrigin) => void;
  /** A worker pressed or cleared SOS (already persisted). */
  sosChanged: (change: { workerId: number; active: boolean; atMs: number }) => void;
  /** A device of this worker connected or disconnected. */
  deviceConnection: (change: { workerId: number; connected: boolean; atMs: number }) => void;
  /** A user's scopes changed or their sessions ended: live flows must be re-checked at once. */
  userAccessChanged: (change: { username: string }) => void;
  /** Worker ↔ grid assignments or the worker list changed. */
  workersChanged: () => void;
}

type Listener<K extends keyof TrackingBusEvents> = TrackingBusEvents[K];

export class TrackingBus {
  private readonly listeners: { [K in keyof TrackingBusEvents]?: Array<Listener<K>> } = {};

  constructor(private readonly onListenerError: (error: unknown) => void = console.error) {}

  on<K extends keyof TrackingBusEvents>(event: K, listener: Listener<K>): () => void {
    const list = (this.listeners[event] ??= []) as Array<Listener<K>>;
    list.push(listener);
    return () => {
      const index = list.indexOf(listener);
      if (index >= 0) list.splice(index, 1);
    };
  }

  emit<K extends keyof TrackingBusEvents>(
    event: K,
    ...args: Parameters<TrackingBusEvents[K]>
  ): void {
    const list = this.listeners[event] as Array<Listener<K>> | undefined;
    if (list === undefined) return;
    for (const listener of [...list]) {
      try {
        (listener as (...values: Parameters<TrackingBusEvents[K]>) => void)(...args);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
