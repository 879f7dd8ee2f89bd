/**
 * Gives every signed-in session exactly one feed controller: opened when a user signs in, closed
 * when the session ends (sign-out, or a 401 that ends it), whichever panels happen to be shown.
 * It follows the app store's session, not a component, so mounting, hiding or re-rendering views
 * never opens or drops a connection. The globe attaches here and is handed to each controller.
 */
import { useAppStore, type AppState } from '../shell/appStore';
import type { FeedController, FeedGlobe } from './feedController';

export interface SessionFeeds {
  /** The globe of the wall, or null when it goes away; kept across sessions. */
  attachGlobe(globe: FeedGlobe | null): void;
  /** Stops following the session and closes its feeds (the app is going away). */
  stop(): void;
}

export function startSessionFeeds(openController: () => FeedController): SessionFeeds {
  let controller: FeedController | null = null;
  let username: string | null = null;
  let globe: FeedGlobe | null = null;

  function followSession(state: AppState): void {
    const next = state.session?.username ?? null;
    if (next === username) return;
    username = next;
    controller?.close();
    controller = null;
    if (next === null) return;
    controller = openController();
    if (globe !== null) controller.attachGlobe(globe);
  }

  followSession(useAppStore.getState());
  const stopFollowing = useAppStore.subscribe(followSession);

  return {
    attachGlobe(next) {
      globe = next;
      controller?.attachGlobe(next);
    },
    stop() {
      stopFollowing();
      controller?.close();
      controller = null;
      username = null;
    },
  };
}
