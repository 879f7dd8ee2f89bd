/**
 * The incident feed: events are persisted with their sequence by the repository (in the same
 * transaction as the change) and then published here to live listeners (the /live gateway). A
 * resync reads the persisted events, so a screen that was away gets exactly what it missed.
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

  constructor(
    private readonly repository: Pick<IncidentRepository, 'eventsAfter' | 'latestSequence'>,
    private readonly maxResyncEvents = MAX_RESYNC_EVENTS,
    private readonly onListenerError: (error: unknown) => void = console.error,
  ) {}

  subscribe(listener: IncidentFeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hands committed events, in sequence order, to every listener; one that throws is reported. */
  publish(events: readonly IncidentFeedEvent[]): void {
    for (const event of events) {
      for (const listener of [...this.listeners]) {
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
