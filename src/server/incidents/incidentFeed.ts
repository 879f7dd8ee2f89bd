/**
 * The incident feed: events are persisted with their sequence by the repository (in the same
 * transaction as the change) and then published here to live listeners (the /live gateway). A
 * resync reads the persisted events, so a screen that was away gets exactly what it missed.
 *
 * Several server processes on one database (docs/decisions/0039): after `followDatabase`, the
 * listeners get every event of the database, whichever process committed it, read back in
 * sequence order (`catchUp`, called on this process's commits and on another's notice); the
 * listeners of `subscribeOwnCommits` still get only this process's, for work done once per event.
 * Both engines number events inside the change's transaction, one writer at a time (SQLite's
 * write lock, PostgreSQL's lock on the feed's head row), so once an event is visible every lower
 * sequence is too: reading after the last one handed out leaves no gap. Reads back run one after
 * another, so two notices at once cannot hand the same events out twice.
 *
 * Not following, `publish` hands this process's events out as they come: in sequence order on
 * SQLite, where a commit resolves before the next one starts. On PostgreSQL, commits on several
 * clients may resolve out of order, so a server there follows the database.
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
  /** The read back under way; the next one starts after it. */
  private catchingUp: Promise<void> = Promise.resolve();

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
  async followDatabase(notify: (sequence: number) => void): Promise<void> {
    const following = { handedOut: Number.MAX_SAFE_INTEGER, notify };
    this.following = following;
    // Before any read back: what was committed before this is not handed out.
    const started = this.repository.latestSequence().then((latest) => {
      following.handedOut = latest;
    });
    this.catchingUp = started.catch((error: unknown) => this.onListenerError(error));
    await started;
  }

  /**
   * Hands this process's committed events to the listeners (following the database: every
   * process's, read back in sequence order). Resolves once they have been handed out.
   */
  publish(events: readonly IncidentFeedEvent[]): Promise<void> {
    this.handOut(events, this.ownCommitListeners);
    if (this.following === null) {
      this.handOut(events, this.listeners);
      return Promise.resolve();
    }
    const newest = events.at(-1)?.sequence;
    if (newest !== undefined) this.following.notify(newest);
    return this.catchUp();
  }

  /**
   * Following the database: hands out every event committed since the last one handed out,
   * after the read back under way. Never rejects (a failed read is reported; the next one
   * starts where it stopped).
   */
  catchUp(): Promise<void> {
    const following = this.following;
    if (following === null) return Promise.resolve();
    this.catchingUp = this.catchingUp
      .then(() => this.readBack(following))
      .catch((error: unknown) => this.onListenerError(error));
    return this.catchingUp;
  }

  private async readBack(following: { handedOut: number }): Promise<void> {
    for (;;) {
      const found = await this.repository.allEventsAfter(following.handedOut, this.maxResyncEvents);
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
  async resync(afterSequence: number, scopes: readonly string[]): Promise<IncidentResyncResponse> {
    const found = await this.repository.eventsAfter(
      afterSequence,
      scopes,
      this.maxResyncEvents + 1,
    );
    const hasMore = found.length > this.maxResyncEvents;
    return { events: hasMore ? found.slice(0, this.maxResyncEvents) : found, hasMore };
  }

  latestSequence(): Promise<number> {
    return this.repository.latestSequence();
  }
}
