/**
 * The wall's incident feed, on the session's one `/live` socket (shared with the tracking feed;
 * the feed controller connects and disconnects it, this feed only listens). It loads the list by
 * REST, then resyncs from the list's `feedSequence`, paging while the server says `hasMore`; only
 * then do live INCIDENT_FEED_EVENTs flow. Every event is handed on once, in sequence order:
 * anything at or below the last applied sequence is dropped. After a reconnect it resyncs from
 * the last applied sequence — the list is not read again, so nothing is lost and nothing applied
 * twice. Handlers get plain data.
 */
import {
  INCIDENT_FEED_EVENT,
  INCIDENT_RESYNC_EVENT,
  type IncidentFeedEvent,
  type IncidentResyncError,
  type IncidentResyncResponse,
} from '../../shared/incidents';
import type { LiveServerToClientEvents } from '../../shared/trackingEvents';
import type { IncidentFeedConnection, WallIncident } from '../incidents/incidentStore';
import { MAX_PAGE_SIZE } from '../../shared/api';
import type { IncidentListQuery, IncidentListResponse } from '../../shared/incidents';
import type { LiveSocket } from './liveFeed';

/** A resync with no answer by then is sent again (from the same sequence). */
export const RESYNC_TIMEOUT_MS = 10_000;
/** A failed list load is retried after this long; a wall keeps trying. */
export const LOAD_RETRY_DELAY_MS = 5_000;

export interface LoadedIncidents {
  items: WallIncident[];
  /** The newest feed sequence when the list was read: the resync starts after it. */
  feedSequence: number;
}

/** The wall holds every open incident up to this many pages of MAX_PAGE_SIZE … */
export const WALL_OPEN_MAX_PAGES = 20;
/** … and the ones closed within this window, so the list's "closed" filter is not empty. */
export const WALL_CLOSED_WINDOW_MS = 24 * 60 * 60 * 1000;
export const WALL_CLOSED_MAX_PAGES = 5;

type ListIncidents = (
  query: IncidentListQuery,
  signal: AbortSignal,
) => Promise<IncidentListResponse>;

async function loadPages(
  list: ListIncidents,
  query: IncidentListQuery,
  maxPages: number,
  signal: AbortSignal,
): Promise<LoadedIncidents> {
  const items: WallIncident[] = [];
  let feedSequence: number | null = null;
  for (let page = 1; page <= maxPages; page++) {
    const response = await list({ ...query, page, pageSize: MAX_PAGE_SIZE }, signal);
    // The first page's sequence is the oldest: resyncing from it replays whatever changed while
    // the later pages were read, and the store ends at the newest state.
    feedSequence ??= response.feedSequence;
    items.push(...response.items);
    if (page * response.pageSize >= response.total || response.items.length === 0) break;
  }
  return { items, feedSequence: feedSequence ?? 0 };
}

/**
 * What the wall loads before it resyncs: every open incident in the caller's scopes and those
 * closed within the last day. The resync starts from the older of the two reads.
 */
export async function loadWallIncidents(
  list: ListIncidents,
  nowMs: number,
  signal: AbortSignal,
): Promise<LoadedIncidents> {
  const [open, closed] = await Promise.all([
    loadPages(list, { openness: 'open' }, WALL_OPEN_MAX_PAGES, signal),
    loadPages(
      list,
      { openness: 'closed', reportedFromMs: nowMs - WALL_CLOSED_WINDOW_MS },
      WALL_CLOSED_MAX_PAGES,
      signal,
    ),
  ]);
  return {
    items: [...open.items, ...closed.items],
    feedSequence: Math.min(open.feedSequence, closed.feedSequence),
  };
}

export interface IncidentFeedHandlers {
  /** Loads the wall's incidents by REST (apiClient). */
  loadIncidents(signal: AbortSignal): Promise<LoadedIncidents>;
  /** A fresh list: replace everything shown. */
  onLoaded(loaded: LoadedIncidents): void;
  /** Events not applied before, in increasing sequence order; apply them synchronously. */
  onEvents(events: IncidentFeedEvent[]): void;
  onConnection(state: IncidentFeedConnection): void;
}

export interface IncidentFeed {
  /** The newest sequence handed to `onEvents` (or the list's, after a load). */
  readonly lastSequence: number;
  close(): void;
}

export function connectIncidentFeed(
  handlers: IncidentFeedHandlers,
  socket: LiveSocket,
): IncidentFeed {
  const abort = new AbortController();
  let lastSequence = 0;
  let loaded = false;
  let closed = false;
  /** Answers to an older resync (before a reconnect) are stale: drop them. */
  let resyncNumber = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  function applyEvents(events: readonly IncidentFeedEvent[]): void {
    const fresh: IncidentFeedEvent[] = [];
    for (const event of [...events].sort((a, b) => a.sequence - b.sequence)) {
      if (event.sequence <= lastSequence) continue;
      lastSequence = event.sequence;
      fresh.push(event);
    }
    if (fresh.length > 0) handlers.onEvents(fresh);
  }

  function resync(): void {
    const thisResync = ++resyncNumber;
    handlers.onConnection('resyncing');
    socket
      .timeout(RESYNC_TIMEOUT_MS)
      .emit(
        INCIDENT_RESYNC_EVENT,
        { afterSequence: lastSequence },
        (error: Error | null, response: IncidentResyncResponse | IncidentResyncError) => {
          if (closed || thisResync !== resyncNumber) return;
          if (error) {
            if (socket.connected) resync();
            return;
          }
          if ('error' in response) {
            // Only a bug sends a bad request: asking again would be refused the same way.
            console.warn('incident resync refused', response.message);
            handlers.onConnection('error');
            return;
          }
          applyEvents(response.events);
          if (response.hasMore) resync();
          else handlers.onConnection('live');
        },
      );
  }

  function load(): void {
    retryTimer = null;
    handlers.onConnection('loading');
    handlers.loadIncidents(abort.signal).then(
      (result) => {
        if (closed) return;
        loaded = true;
        lastSequence = result.feedSequence;
        handlers.onLoaded(result);
        if (socket.connected) resync();
        else handlers.onConnection('reconnecting');
      },
      (error: unknown) => {
        if (closed) return;
        console.warn('incidents not loaded', error);
        handlers.onConnection('error');
        retryTimer = setTimeout(load, LOAD_RETRY_DELAY_MS);
      },
    );
  }

  const onConnect = () => {
    if (loaded) resync();
  };
  const onDisconnect = () => {
    resyncNumber++;
    handlers.onConnection('reconnecting');
  };
  const onIncidentChanged: LiveServerToClientEvents['incidentChanged'] = (event) =>
    applyEvents([event]);

  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on(INCIDENT_FEED_EVENT, onIncidentChanged);
  load();

  return {
    get lastSequence() {
      return lastSequence;
    },
    close() {
      if (closed) return;
      closed = true;
      abort.abort();
      if (retryTimer !== null) clearTimeout(retryTimer);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off(INCIDENT_FEED_EVENT, onIncidentChanged);
      handlers.onConnection('idle');
    },
  };
}
