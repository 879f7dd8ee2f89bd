/**
 * Connects the incident feed to the incident store for as long as a session is signed in
 * (issue 4 §3): the wall's list by REST, then the `/live` events in sequence order. Renders
 * nothing; the globe follows the store on its own.
 */
import { useEffect } from 'react';
import { connectIncidentFeed, loadWallIncidents } from '../feeds/incidentFeed';
import { useAppStore } from '../state/appStore';
import { useIncidentStore } from '../state/incidentStore';
import { useApi } from './ApiContext';

export function useIncidentFeed(): void {
  const api = useApi();
  const username = useAppStore((state) => state.session?.username ?? null);

  useEffect(() => {
    if (username === null) return undefined;
    const store = useIncidentStore.getState();
    const feed = connectIncidentFeed({
      loadIncidents: (signal) =>
        loadWallIncidents(
          (query, listSignal) => api.incidents(query, listSignal),
          Date.now(),
          signal,
        ),
      onLoaded: ({ items, feedSequence }) => store.replaceIncidents(items, feedSequence),
      onEvents: (events) => store.applyFeedEvents(events),
      onConnection: (connection) => store.setConnection(connection),
    });
    return () => {
      feed.close();
      // Incidents of one session must not be shown to the next.
      useIncidentStore.getState().clearIncidents();
    };
  }, [api, username]);
}
