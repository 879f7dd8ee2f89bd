/**
 * Incidents on /live. A screen sends INCIDENT_RESYNC_EVENT on every connect with
 * the last sequence it applied; it pages until a reply says `hasMore: false`, and from then on
 * gets each new event in its scopes as INCIDENT_FEED_EVENT. Events published while a screen's
 * resync is being read are held for it and sent after the reply, those the reply did not carry,
 * so no event slips between the read and the switch to live: each event reaches a screen
 * exactly once, in sequence order. The positions feed's `subscribe` on the same namespace is
 * left alone.
 */
import type { Namespace, Socket } from 'socket.io';
import { isInScope } from '../../domain/gridCode';
import {
  INCIDENT_FEED_EVENT,
  INCIDENT_RESYNC_EVENT,
  type IncidentFeedEvent,
  type IncidentResyncError,
  type IncidentResyncResponse,
} from '../../shared/incidents';
import type { SocketData } from '../socket/attachSocketGateway';
import type { IncidentFeed } from './incidentFeed';
import { maskFeedEvent } from './incidentTextMasking';

interface ScreenState {
  socket: Socket;
  username: string;
  scopes: readonly string[];
  /** False until a resync reply said hasMore: false. */
  live: boolean;
  /** The newest sequence this screen has been given (or said it has). */
  lastSequence: number;
  /** While a resync is read: the events published meanwhile, for after its reply. */
  held: IncidentFeedEvent[] | null;
}

function afterSequenceOf(request: unknown): number | null {
  if (typeof request !== 'object' || request === null || !('afterSequence' in request)) return null;
  const { afterSequence } = request;
  return typeof afterSequence === 'number' &&
    Number.isSafeInteger(afterSequence) &&
    afterSequence >= 0
    ? afterSequence
    : null;
}

const INVALID_RESYNC: IncidentResyncError = {
  error: 'invalid_request',
  message: 'afterSequence must be an integer >= 0 (afterSequence 须为不小于 0 的整数)',
};

export interface IncidentLiveFeed {
  /**
   * A user's scopes changed or the user is gone: later events follow the current scopes. Resolves
   * once the user's screens have them (or are disconnected).
   */
  recheckUser(username: string): Promise<void>;
  detach(): void;
}

/**
 * Adds the incident feed to /live. `findScopes` answers a user's current scopes (null: the user
 * no longer exists, and their screens are disconnected).
 */
export function attachIncidentLiveFeed(
  live: Namespace,
  feed: IncidentFeed,
  findScopes: (username: string) => Promise<readonly string[] | null>,
  onError: (error: unknown) => void = console.error,
): IncidentLiveFeed {
  const screens = new Map<string, ScreenState>();

  function onConnection(socket: Socket): void {
    const { user } = socket.data as Partial<SocketData>;
    if (user === undefined) return;
    const screen: ScreenState = {
      socket,
      username: user.username,
      scopes: user.scopes,
      live: false,
      lastSequence: 0,
      held: null,
    };
    screens.set(socket.id, screen);
    socket.on(INCIDENT_RESYNC_EVENT, (request: unknown, ack: unknown) => {
      // Without an ack there is nobody to answer (and nothing to page); a bad request gets an
      // error answer instead of silence, so a broken client fails visibly, not by timing out.
      if (typeof ack !== 'function') return;
      const answer = ack as (answer: IncidentResyncResponse | IncidentResyncError) => void;
      const afterSequence = afterSequenceOf(request);
      if (afterSequence === null) {
        answer(INVALID_RESYNC);
        return;
      }
      void resync(screen, afterSequence, answer);
    });
    socket.on('disconnect', () => screens.delete(socket.id));
  }

  async function resync(
    screen: ScreenState,
    afterSequence: number,
    answer: (answer: IncidentResyncResponse | IncidentResyncError) => void,
  ): Promise<void> {
    screen.live = false;
    screen.held = [];
    let response: IncidentResyncResponse;
    try {
      response = await feed.resync(afterSequence, screen.scopes);
    } catch (error) {
      // Unanswered: the screen's request times out and it asks again from its last sequence.
      screen.held = null;
      onError(error);
      return;
    }
    const held = screen.held ?? [];
    screen.held = null;
    screen.live = !response.hasMore;
    screen.lastSequence = Math.max(afterSequence, response.events.at(-1)?.sequence ?? 0);
    answer({ ...response, events: response.events.map(maskFeedEvent) });
    // Live now: what was published during the read and is not in the reply follows it.
    if (screen.live) for (const event of held) sendTo(screen, event);
  }

  function sendTo(screen: ScreenState, event: IncidentFeedEvent): void {
    if (event.sequence <= screen.lastSequence) return;
    if (!isInScope(event.incident.gridCode, screen.scopes)) return;
    screen.lastSequence = event.sequence;
    screen.socket.emit(INCIDENT_FEED_EVENT, event);
  }

  function onEvent(unmasked: IncidentFeedEvent): void {
    const event = maskFeedEvent(unmasked);
    for (const screen of screens.values()) {
      if (screen.held !== null) screen.held.push(event);
      else if (screen.live) sendTo(screen, event);
    }
  }

  live.on('connection', onConnection);
  const unsubscribe = feed.subscribe(onEvent);
  let rechecks: Promise<void> = Promise.resolve();
  return {
    recheckUser(username) {
      // One after another: two changes in a row must leave the later one's scopes.
      rechecks = rechecks.then(async () => {
        let scopes: readonly string[] | null;
        try {
          scopes = await findScopes(username);
        } catch (error) {
          // Unread, nobody keeps what they may no longer see: their screens reconnect.
          onError(error);
          scopes = null;
        }
        for (const screen of [...screens.values()]) {
          if (screen.username !== username) continue;
          if (scopes === null) {
            screens.delete(screen.socket.id);
            screen.socket.disconnect(true);
          } else {
            screen.scopes = scopes;
          }
        }
      });
      return rechecks;
    },
    detach() {
      unsubscribe();
      live.off('connection', onConnection);
      screens.clear();
    },
  };
}
