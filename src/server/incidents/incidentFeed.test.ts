/** The feed's paging and publishing, over an in-memory event list. */
import { describe, expect, it, vi } from 'vitest';
import type { IncidentFeedEvent } from '../../shared/incidents';
import { IncidentFeed } from './incidentFeed';

function eventAt(sequence: number, gridCode: string): IncidentFeedEvent {
  return {
    sequence,
    incident: { id: `INC${sequence}`, gridCode } as IncidentFeedEvent['incident'],
    transition: null,
    escalation: null,
  };
}

const EVENTS = [1, 2, 3, 4, 5, 6, 7].map((sequence) =>
  eventAt(sequence, sequence % 2 === 0 ? '350102001001001' : '350102002001001'),
);

const repository = {
  eventsAfter: async (after: number, scopes: readonly string[], limit: number) =>
    EVENTS.filter(
      (event) =>
        event.sequence > after && scopes.some((scope) => event.incident.gridCode.startsWith(scope)),
    ).slice(0, limit),
  allEventsAfter: async (after: number, limit: number) =>
    EVENTS.filter((event) => event.sequence > after).slice(0, limit),
  latestSequence: async () => EVENTS.at(-1)?.sequence ?? 0,
};

describe('IncidentFeed', () => {
  it('pages by the maximum and says when more waits', async () => {
    const feed = new IncidentFeed(repository, 3);
    const first = await feed.resync(0, ['350102']);
    expect(first.events.map((event) => event.sequence)).toEqual([1, 2, 3]);
    expect(first.hasMore).toBe(true);
    const second = await feed.resync(3, ['350102']);
    expect(second.events.map((event) => event.sequence)).toEqual([4, 5, 6]);
    expect(second.hasMore).toBe(true);
    expect(await feed.resync(6, ['350102'])).toEqual({ events: [EVENTS[6]], hasMore: false });
    expect(await feed.resync(7, ['350102'])).toEqual({ events: [], hasMore: false });
  });

  it('says no more when a page is exactly full', async () => {
    const feed = new IncidentFeed(repository, 3);
    expect(await feed.resync(0, ['350102001'])).toEqual({
      events: [EVENTS[1], EVENTS[3], EVENTS[5]],
      hasMore: false,
    });
  });

  it('publishes in order to every listener, one that throws does not stop the rest', () => {
    const errors: unknown[] = [];
    const feed = new IncidentFeed(repository, 3, (error) => errors.push(error));
    const seen: number[] = [];
    const failing = vi.fn(() => {
      throw new Error('broken screen');
    });
    feed.subscribe(failing);
    const unsubscribe = feed.subscribe((event) => seen.push(event.sequence));
    feed.publish(EVENTS.slice(0, 2));
    expect(seen).toEqual([1, 2]);
    expect(errors).toHaveLength(2);
    unsubscribe();
    feed.publish(EVENTS.slice(2, 3));
    expect(seen).toEqual([1, 2]);
    expect(failing).toHaveBeenCalledTimes(3);
  });

  it("following the database, hands out every process's events in order and its own once", async () => {
    // The database holds 1..7; this process has handed out up to 2 and commits 5 itself.
    const stored: IncidentFeedEvent[] = EVENTS.slice(0, 2);
    const feed = new IncidentFeed(
      {
        ...repository,
        allEventsAfter: async (after, limit) =>
          stored.filter((event) => event.sequence > after).slice(0, limit),
        latestSequence: async () => stored.at(-1)?.sequence ?? 0,
      },
      2,
    );
    const notified: number[] = [];
    await feed.followDatabase((sequence) => notified.push(sequence));
    const seen: number[] = [];
    const own: number[] = [];
    feed.subscribe((event) => seen.push(event.sequence));
    feed.subscribeOwnCommits((event) => own.push(event.sequence));
    // Other processes committed 3 and 4; this one 5: one pass of pages hands out 3, 4, 5.
    stored.push(...EVENTS.slice(2, 5));
    await feed.publish([EVENTS[4]!]);
    expect(seen).toEqual([3, 4, 5]);
    expect(own).toEqual([5]);
    expect(notified).toEqual([5]);
    // Two notices at once: the second reads after the first has handed out, nothing twice.
    stored.push(EVENTS[5]!);
    await Promise.all([feed.catchUp(), feed.catchUp()]);
    expect(seen).toEqual([3, 4, 5, 6]);
    expect(own).toEqual([5]);
  });
});
