/**
 * One signed-in session's feeds, owned at app level and never by a view: one `/live` socket
 * carries the tracking feed and the incident feed (one session check, one reconnect for both).
 * What arrives goes into the tracking and incident stores, except positions: those go straight
 * to the globe's workers handle, because thousands a second through React or a store would
 * re-render the wall. After each (re)subscription the workers' last stored fixes are read by REST
 * so that silent workers are placed too. The subscription follows the user's scopes and the grid
 * filter in the tracking store. The hall's active emergency scenario arrives on the same socket. Closing forgets the session's names, whereabouts and incidents.
 */
import {
  EMERGENCY_SCENARIO_EVENT,
  type EmergencyScenarioPush,
} from '../../shared/emergencyScenario';
import { useEmergencyStore } from '../emergency/emergencyStore';
import type { WorkersHandle } from '../globe/GlobeHandle';
import { useIncidentStore } from '../incidents/incidentStore';
import { useAppStore } from '../shell/appStore';
import { useNoticeStore } from '../shell/noticeStore';
import { subscriptionCodes } from '../tracking/trackingSelectors';
import { useTrackingStore } from '../tracking/trackingStore';
import type { ApiClient } from './apiClient';
import { connectIncidentFeed, loadWallIncidents } from './incidentFeed';
import { loadLastFixes } from './lastFixes';
import { connectLiveFeed, createLiveSocket, type LiveSocket } from './liveFeed';

/** The part of the globe handle the feeds write to (a fake in tests). */
export interface FeedGlobe {
  readonly workers: Pick<WorkersHandle, 'applyPositions'>;
}

export interface FeedControllerDeps {
  api: Pick<ApiClient, 'workers' | 'incidents'>;
  /** The session's `/live` socket, not yet connected; a fresh one when omitted. */
  socket?: LiveSocket;
  nowMs?: () => number;
}

export interface FeedController {
  /** The globe to place positions on; null when it goes away. Positions before it are dropped. */
  attachGlobe(globe: FeedGlobe | null): void;
  /** Ends the session's feeds: the socket closes, the stores forget what it showed. */
  close(): void;
}

const NO_SCOPES: readonly string[] = [];

function wantedCodes(): string[] {
  const scopes = useAppStore.getState().session?.scopes ?? NO_SCOPES;
  return subscriptionCodes(scopes, useTrackingStore.getState().filters.gridCode);
}

function sameCodes(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((code, index) => code === right[index]);
}

export function createFeedController(deps: FeedControllerDeps): FeedController {
  const socket = deps.socket ?? createLiveSocket();
  const nowMs = deps.nowMs ?? Date.now;
  const tracking = useTrackingStore.getState();
  const incidents = useIncidentStore.getState();
  let globe: FeedGlobe | null = null;
  /** What the server accepted last; null until the first directory. */
  let subscribedCodes: readonly string[] | null = null;
  let seed: AbortController | null = null;
  let closed = false;

  /** Places silent workers; runs again whenever the subscription or the globe changes. */
  function seedLastFixes(): void {
    seed?.abort();
    seed = null;
    if (globe === null || subscribedCodes === null || subscribedCodes.length === 0) return;
    const controller = new AbortController();
    seed = controller;
    loadLastFixes(
      (code, signal) => deps.api.workers(code, signal),
      subscribedCodes,
      controller.signal,
    ).then(
      (positions) => {
        if (!controller.signal.aborted) globe?.workers.applyPositions(positions);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) console.warn('last fixes not loaded', error);
      },
    );
  }

  let codes = wantedCodes();
  const liveFeed = connectLiveFeed(
    codes,
    {
      onDirectory(workers, gridCodes) {
        tracking.replaceDirectory(workers);
        subscribedCodes = gridCodes;
        seedLastFixes();
      },
      onPositions: (frame) => globe?.workers.applyPositions(frame.positions),
      // The one source of worker status: the frames carry it too, but only for workers that
      // moved, while going idle or offline comes from silence and arrives only as this event.
      onWorkerStatus: (changes) => tracking.applyStatusChanges(changes),
      onGridTransitions: (events) => tracking.addGridTransitions(events),
      onWorkers: (entries, subscribed) => tracking.upsertWorkers(entries, subscribed),
      onScopeRevoked: (remaining) => tracking.removeWorkersOutside(remaining),
      onConnection: (connection) => tracking.setConnection(connection),
      // Only administrators' screens get these; the wall shows each as a notice (the audit log keeps it).
      onSecurityAlert: (alert) =>
        useNoticeStore.getState().push({
          tone: 'error',
          messageKey: 'security.revealRateLimit',
          params: {
            username: alert.username,
            count: alert.revealsInWindow,
            limit: alert.limitPerHour,
            auditId: alert.auditId,
          },
        }),
    },
    socket,
  );
  const incidentFeed = connectIncidentFeed(
    {
      loadIncidents: (signal) =>
        loadWallIncidents(
          (query, listSignal) => deps.api.incidents(query, listSignal),
          nowMs(),
          signal,
        ),
      onLoaded: ({ items, feedSequence }) => incidents.replaceIncidents(items, feedSequence),
      onEvents: (events) => incidents.applyFeedEvents(events),
      onConnection: (connection) => incidents.setConnection(connection),
    },
    socket,
  );

  // The hall's active emergency scenario: the server sends it on every (re)connect and change.
  const onScenario = (push: EmergencyScenarioPush) =>
    useEmergencyStore.getState().applyScenario(push.scenario);
  socket.on(EMERGENCY_SCENARIO_EVENT, onScenario);

  function followSubscription(): void {
    const next = wantedCodes();
    if (sameCodes(next, codes)) return;
    codes = next;
    liveFeed.subscribe(next);
  }
  const stopFollowingScopes = useAppStore.subscribe(followSubscription);
  const stopFollowingFilter = useTrackingStore.subscribe(followSubscription);
  // Both feeds listen before the first connect, so neither misses it.
  socket.connect();

  return {
    attachGlobe(next) {
      if (closed || next === globe) return;
      globe = next;
      seedLastFixes();
    },
    close() {
      if (closed) return;
      closed = true;
      stopFollowingScopes();
      stopFollowingFilter();
      seed?.abort();
      liveFeed.close();
      incidentFeed.close();
      socket.off(EMERGENCY_SCENARIO_EVENT, onScenario);
      socket.disconnect();
      globe = null;
      // Names, whereabouts and incidents of one session must not be shown to the next.
      useTrackingStore.getState().clearTracking();
      useIncidentStore.getState().clearIncidents();
      useEmergencyStore.getState().applyScenario(null);
    },
  };
}
