/**
 * Connects the live tracking feed to the wall (issue 3 §3): positions go straight from the feed
 * to the globe's workers handle (never through React or a store, DESIGN.md §4), everything else
 * — directory, statuses, grid events, connection state — into the tracking store. Subscribes to
 * the user's scopes, or to the grid chosen in the filter. Renders nothing itself.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { ApiClient } from '../feeds/apiClient';
import { connectLiveFeed, type LiveFeed } from '../feeds/liveFeed';
import type { GlobeHandle } from '../globe/GlobeHandle';
import type { FramePosition } from '../../shared/positionFrame';
import type { WorkerStatusChange } from '../../shared/trackingEvents';
import { useAppStore } from '../state/appStore';
import { subscriptionCodes } from '../state/trackingSelectors';
import { useTrackingStore } from '../state/trackingStore';
import { useApi } from './ApiContext';

/** Stored fixes carry no accuracy on the worker list; they are placed, not judged. */
const SEED_ACCURACY_M = 0;
const NO_SCOPES: readonly string[] = [];

/** Frames carry each worker's status; a difference from the directory is a status change. */
function statusChangesOf(positions: readonly FramePosition[], tickTimeMs: number) {
  const { directory } = useTrackingStore.getState();
  const changes: WorkerStatusChange[] = [];
  for (const position of positions) {
    const entry = directory[position.workerId];
    if (entry !== undefined && entry.status !== position.status) {
      changes.push({
        workerId: position.workerId,
        status: position.status,
        previousStatus: entry.status,
        atMs: tickTimeMs,
      });
    }
  }
  return changes;
}

/**
 * Workers who sent nothing since the screen connected (offline, idle) still belong on the wall:
 * their last stored fix places them. Newer live fixes win (the layer ignores older ones).
 */
async function seedLastFixes(
  api: ApiClient,
  gridCodes: readonly string[],
  signal: AbortSignal,
): Promise<FramePosition[]> {
  const lists = await Promise.all(gridCodes.map((code) => api.workers(code, signal)));
  return lists.flat().flatMap((worker) =>
    worker.lastFix === null
      ? []
      : [
          {
            workerId: worker.workerId,
            fixTimeMs: worker.lastFix.fixTimeMs,
            lon: worker.lastFix.lon,
            lat: worker.lastFix.lat,
            headingDeg: null,
            speedMps: null,
            accuracyM: SEED_ACCURACY_M,
            status: worker.status,
          },
        ],
  );
}

export function LiveTracking({ globe }: { globe: GlobeHandle | null }) {
  const api = useApi();
  const scopes = useAppStore((state) => state.session?.scopes ?? NO_SCOPES);
  const gridFilter = useTrackingStore((state) => state.filters.gridCode);
  const codes = useMemo(() => subscriptionCodes(scopes, gridFilter), [scopes, gridFilter]);
  const globeRef = useRef(globe);
  const codesRef = useRef(codes);
  const feedRef = useRef<LiveFeed | null>(null);

  useEffect(() => {
    globeRef.current = globe;
  }, [globe]);

  useEffect(() => {
    const store = useTrackingStore.getState();
    let seed: AbortController | null = null;
    const feed = connectLiveFeed(codesRef.current, {
      onDirectory(workers, gridCodes) {
        store.replaceDirectory(workers);
        seed?.abort();
        const controller = new AbortController();
        seed = controller;
        seedLastFixes(api, gridCodes, controller.signal).then(
          (positions) => {
            if (!controller.signal.aborted) globeRef.current?.workers.applyPositions(positions);
          },
          (error: unknown) => {
            if (!controller.signal.aborted) console.warn('last fixes not loaded', error);
          },
        );
      },
      onPositions(frame) {
        globeRef.current?.workers.applyPositions(frame.positions);
        const changes = statusChangesOf(frame.positions, frame.tickTimeMs);
        if (changes.length > 0) store.applyStatusChanges(changes);
      },
      onWorkerStatus: (changes) => store.applyStatusChanges(changes),
      onGridTransitions: (events) => store.addGridTransitions(events),
      onWorkers: (entries, subscribed) => store.upsertWorkers(entries, subscribed),
      onScopeRevoked: (remaining) => store.removeWorkersOutside(remaining),
      onConnection: (connection) => store.setConnection(connection),
    });
    feedRef.current = feed;
    return () => {
      seed?.abort();
      feed.close();
      feedRef.current = null;
      // Names and whereabouts must not outlive the screen that showed them.
      useTrackingStore.getState().clearTracking();
    };
  }, [api]);

  useEffect(() => {
    if (codesRef.current === codes) return;
    codesRef.current = codes;
    feedRef.current?.subscribe(codes);
  }, [codes]);

  return null;
}
