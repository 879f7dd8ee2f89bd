/**
 * The incident feed: events are persisted with their sequence by the repository (in the same
 * transaction as the change) and then published here to live listeners (the /live gateway). A
 * resync reads the persisted events, so a screen that was away gets exactly what it missed.
 *
 * Several server processes on one database (docs/decisions/0039): after `followDatabase`, the
 * listeners get every event of the database, whichever process committed it, read back in
 * sequence order (`catchUp`, called on this process's commits and on another's notice); the
 * listeners of `subscribeOwnCommits` still get only this process's, for work done once per event.
 * SQLite commits one writer at a time and numbers inside the transaction, so once an event is
 * visible every lower sequence is too: reading after the last one handed out leaves no gap.
 */
import {
  MAX_RESYNC_EVENTS,
  type IncidentFeedEvent,
  type IncidentResyncResponse,
} from '../../shared/incidents';
import type { IncidentRepository } from './incidentRepository';

export type IncidentFeedListener = (event: IncidentFeedEvent) => void;

export class IncidentFeed {
  private readonly listeners = new Set<IncidentFeedListener>();
  private readonly ownCommitListeners = new Set<IncidentFeedListener>();
  /** Following the database: the last sequence handed to the listeners, and whom to tell. */
  private following: { handedOut: number; notify: (sequence: number) => void } | null = null;

  constructor(
    private readonly repository: Pick<
      IncidentRepository,
      'eventsAfter' | 'allEventsAfter' | 'latestSequence'
    >,
    private readonly maxResyncEvents = MAX_RESYNC_EVENTS,
    private readonly onListenerError: (error: unknown) => void = console.error,
  ) {}

  subscribe(listener: IncidentFeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events committed by this process only (following the database or not). */
  subscribeOwnCommits(listener: IncidentFeedListener): () => void {
    this.ownCommitListeners.add(listener);
    return () => this.ownCommitListeners.delete(listener);
  }

  /**
   * From now on the listeners get the database's events (every process's), and `notify` is told
   * the newest sequence after each of this process's commits, for the other processes.
   */
  followDatabase(notify: (sequence: number) => void): void {
    this.following = { handedOut: this.repository.latestSequence(), notify };
  }

  /** Hands this process's committed events, in sequence order, to the listeners. */
  publish(events: readonly IncidentFeedEvent[]): void {
    this.handOut(events, this.ownCommitListeners);
    if (this.following === null) {
      this.handOut(events, this.listeners);
      return;
    }
    this.catchUp();
    const newest = events.at(-1)?.sequence;
    if (newest !== undefined) this.following.notify(newest);
  }

  /** Following the database: hands out every event committed since the last one handed out. */
  catchUp(): void {
    const following = this.following;
    if (following === null) return;
    for (;;) {
      const found = this.repository.allEventsAfter(following.handedOut, this.maxResyncEvents);
      if (found.length === 0) return;
      following.handedOut = found.at(-1)!.sequence;
      this.handOut(found, this.listeners);
      if (found.length < this.maxResyncEvents) return;
    }
  }

  private handOut(
    events: readonly IncidentFeedEvent[],
    listeners: ReadonlySet<IncidentFeedListener>,
  ): void {
    for (const event of events) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          this.onListenerError(error);
        }
      }
    }
  }

  /** Events after `afterSequence` inside the scopes; `hasMore` when a further page waits. */
  resync(afterSequence: number, scopes: readonly string[]): IncidentResyncResponse {
    const found = this.repository.eventsAfter(afterSequence, scopes, this.maxResyncEvents + 1);
    const hasMore = found.length > this.maxResyncEvents;
    return { events: hasMore ? found.slice(0, this.maxResyncEvents) : found, hasMore };
  }

  latestSequence(): number {
    return this.repository.latestSequence();
  }
}
