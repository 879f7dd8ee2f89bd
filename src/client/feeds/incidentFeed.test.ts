import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  IncidentListQuery,
  IncidentListResponse,
  IncidentResyncResponse,
} from '../../shared/incidents';
import {
  connectIncidentFeed,
  LOAD_RETRY_DELAY_MS,
  loadWallIncidents,
  WALL_CLOSED_WINDOW_MS,
  type IncidentFeedHandlers,
  type LoadedIncidents,
} from './incidentFeed';
import { FakeLiveSocket } from './fakeLiveSocket';
import { feedEvent, GRID, incident } from './feedFixtures';
import type { LiveSocket } from './liveFeed';

interface PendingResync {
  afterSequence: number;
  answer(response: IncidentResyncResponse): void;
  fail(): void;
}

/** Resyncs with ack (the feed only listens: its owner connects the socket). */
class FakeSocket extends FakeLiveSocket {
  readonly resyncs: PendingResync[] = [];

  timeout() {
    return {
      emit: (
        event: string,
        request: { afterSequence: number },
        ack: (error: Error | null, response?: IncidentResyncResponse) => void,
      ) => {
        expect(event).toBe('incidentResync');
        this.resyncs.push({
          afterSequence: request.afterSequence,
          answer: (response) => ack(null, response),
          fail: () => ack(new Error('operation has timed out')),
        });
      },
    };
  }
  lastResync(): PendingResync {
    const pending = this.resyncs.at(-1);
    if (!pending) throw new Error('no resync sent');
    return pending;
  }
}

/** A list load the test resolves when it wants to. */
function deferredLoad() {
  let resolve: (loaded: LoadedIncidents) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<LoadedIncidents>((resolveLoad, rejectLoad) => {
    resolve = resolveLoad;
    reject = rejectLoad;
  });
  return { promise, resolve, reject };
}

function connect(loads: Promise<LoadedIncidents>[]) {
  const socket = new FakeSocket();
  const applied: number[] = [];
  const states: string[] = [];
  const loaded: LoadedIncidents[] = [];
  let loadCount = 0;
  const handlers: IncidentFeedHandlers = {
    loadIncidents: vi.fn(() => {
      const next = loads[loadCount++];
      if (!next) throw new Error('unexpected list load');
      return next;
    }),
    onLoaded: (result) => loaded.push(result),
    onEvents: (events) => applied.push(...events.map((event) => event.sequence)),
    onConnection: (state) => states.push(state),
  };
  const feed = connectIncidentFeed(handlers, socket as unknown as LiveSocket);
  return { socket, feed, applied, states, loaded, handlers };
}

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

afterEach(() => vi.useRealTimers());

describe('connectIncidentFeed', () => {
  it('loads the list, then resyncs from its feedSequence and goes live', async () => {
    const load = deferredLoad();
    const { socket, feed, applied, states, loaded } = connect([load.promise]);
    socket.serverConnects();
    expect(socket.resyncs).toHaveLength(0);
    load.resolve({ items: [incident('I1')], feedSequence: 40 });
    await flush();
    expect(loaded).toHaveLength(1);
    expect(socket.lastResync().afterSequence).toBe(40);
    socket.lastResync().answer({ events: [feedEvent(41), feedEvent(43)], hasMore: false });
    expect(applied).toEqual([41, 43]);
    expect(feed.lastSequence).toBe(43);
    expect(states.at(-1)).toBe('live');
  });

  it('pages while the server says hasMore, each page after the last sequence received', async () => {
    const { socket, applied, states } = connect([Promise.resolve({ items: [], feedSequence: 0 })]);
    socket.serverConnects();
    await flush();
    socket.lastResync().answer({ events: [feedEvent(1), feedEvent(2)], hasMore: true });
    expect(socket.lastResync().afterSequence).toBe(2);
    expect(states.at(-1)).toBe('resyncing');
    socket.lastResync().answer({ events: [feedEvent(3)], hasMore: false });
    expect(applied).toEqual([1, 2, 3]);
    expect(states.at(-1)).toBe('live');
  });

  it('applies live events once, in order, dropping what it already has', async () => {
    const { socket, applied } = connect([Promise.resolve({ items: [], feedSequence: 10 })]);
    socket.serverConnects();
    await flush();
    socket.lastResync().answer({ events: [feedEvent(11)], hasMore: false });
    socket.fire('incidentChanged', feedEvent(11));
    socket.fire('incidentChanged', feedEvent(9));
    socket.fire('incidentChanged', feedEvent(12));
    socket.fire('incidentChanged', feedEvent(12));
    expect(applied).toEqual([11, 12]);
  });

  it('after a reconnect resyncs from the last applied sequence without reloading the list', async () => {
    const { socket, applied, handlers } = connect([
      Promise.resolve({ items: [], feedSequence: 5 }),
    ]);
    socket.serverConnects();
    await flush();
    socket.lastResync().answer({ events: [feedEvent(6)], hasMore: false });
    socket.fire('incidentChanged', feedEvent(7));
    socket.serverDrops();
    socket.serverConnects();
    expect(socket.lastResync().afterSequence).toBe(7);
    // The server replays what was missed; an overlap with what arrived live is not applied twice.
    socket
      .lastResync()
      .answer({ events: [feedEvent(7), feedEvent(8), feedEvent(9)], hasMore: false });
    expect(applied).toEqual([6, 7, 8, 9]);
    expect(handlers.loadIncidents).toHaveBeenCalledTimes(1);
  });

  it('ignores the answer to a resync sent before the connection dropped', async () => {
    const { socket, applied } = connect([Promise.resolve({ items: [], feedSequence: 0 })]);
    socket.serverConnects();
    await flush();
    const stale = socket.lastResync();
    socket.serverDrops();
    socket.serverConnects();
    stale.answer({ events: [feedEvent(1)], hasMore: false });
    expect(applied).toEqual([]);
    socket.lastResync().answer({ events: [feedEvent(1)], hasMore: false });
    expect(applied).toEqual([1]);
  });

  it('sends a resync again when the answer times out', async () => {
    const { socket } = connect([Promise.resolve({ items: [], feedSequence: 3 })]);
    socket.serverConnects();
    await flush();
    socket.lastResync().fail();
    expect(socket.resyncs).toHaveLength(2);
    expect(socket.lastResync().afterSequence).toBe(3);
  });

  it('retries a failed list load and only then resyncs', async () => {
    vi.useFakeTimers();
    const { socket, states } = connect([
      Promise.reject(new Error('offline')),
      Promise.resolve({ items: [], feedSequence: 2 }),
    ]);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    socket.serverConnects();
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toContain('error');
    expect(socket.resyncs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(LOAD_RETRY_DELAY_MS);
    expect(socket.lastResync().afterSequence).toBe(2);
  });

  it('removes its listeners on close and leaves the socket to its owner', async () => {
    const { socket, feed, states } = connect([Promise.resolve({ items: [], feedSequence: 0 })]);
    feed.close();
    expect(socket.listenerCount()).toBe(0);
    expect(socket.disconnected).toBe(false);
    expect(states.at(-1)).toBe('idle');
    await flush();
    expect(socket.resyncs).toHaveLength(0);
  });
});

describe('loadWallIncidents', () => {
  it('pages through open incidents, adds the recently closed, resyncs from the older read', async () => {
    const queries: IncidentListQuery[] = [];
    const list = vi.fn(async (query: IncidentListQuery): Promise<IncidentListResponse> => {
      queries.push(query);
      const open = query.openness === 'open';
      const page = query.page ?? 1;
      const items = open
        ? Array.from({ length: page === 1 ? 100 : 20 }, (_, index) => ({
            ...incident(`O${page}-${index}`),
            deadline: {
              phase: 'not_started' as const,
              dispatchedAtMs: null,
              dueAtMs: null,
              allowedMs: null,
              remainingMs: null,
            },
            responsibleGridCode: GRID,
          }))
        : [];
      return {
        items,
        page,
        pageSize: 100,
        total: open ? 120 : 0,
        feedSequence: open ? 50 + page : 49,
      };
    });
    const loaded = await loadWallIncidents(list, 1_700_000_000_000, new AbortController().signal);
    expect(loaded.items).toHaveLength(120);
    expect(loaded.feedSequence).toBe(49);
    expect(queries.filter((query) => query.openness === 'open').map((query) => query.page)).toEqual(
      [1, 2],
    );
    expect(queries.find((query) => query.openness === 'closed')?.reportedFromMs).toBe(
      1_700_000_000_000 - WALL_CLOSED_WINDOW_MS,
    );
  });
});
