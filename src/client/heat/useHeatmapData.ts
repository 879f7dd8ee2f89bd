/**
 * Feeds the heatmap store: the incidents of the chosen window and category by REST (again on
 * every change of either), the register's residents once the per-1,000 option is first used,
 * and every new report the incident feed brings (the incident store) as a live arrival.
 */
import { useEffect } from 'react';
import { useAppStore } from '../shell/appStore';
import { HEAT_WINDOW_MS, heatIncidentsOf } from './heatWindows';
import {
  heatIncidentOfSnapshot,
  heatNowMs,
  newIncidentsBetween,
  useHeatmapStore,
} from './heatmapStore';
import { useIncidentStore } from '../incidents/incidentStore';
import { useApiResource, type ResourceState } from '../widgets/useApiResource';

export interface HeatmapData {
  incidents: ResourceState;
  residents: ResourceState;
}

export function useHeatmapData(): HeatmapData {
  const signedIn = useAppStore((state) => state.session !== null);
  const active = useHeatmapStore((state) => state.enabled || state.analyticsOpen);
  const window = useHeatmapStore((state) => state.window);
  const categoryCode = useHeatmapStore((state) => state.categoryCode);
  const wantResidents = useHeatmapStore((state) => state.perResidents && state.residents === null);

  const incidents = useApiResource(
    signedIn && active ? `${window}:${categoryCode ?? ''}` : null,
    async (api, signal) => {
      const fromMs = heatNowMs(useHeatmapStore.getState()) - HEAT_WINDOW_MS[window];
      const requestedAtMs = Date.now();
      const response = await api.incidentHeat(
        { fromMs, ...(categoryCode === null ? {} : { categoryCode }) },
        signal,
      );
      return { response, requestedAtMs };
    },
    ({ response, requestedAtMs }) =>
      useHeatmapStore.getState().setLoaded({
        incidents: heatIncidentsOf(response),
        filter: { window, categoryCode },
        clockOffsetMs: response.nowMs - requestedAtMs,
        truncated: response.truncated,
      }),
  );

  const residents = useApiResource(
    signedIn && wantResidents ? 'residents' : null,
    (api, signal) => api.heatResidents(signal),
    (response) => useHeatmapStore.getState().setResidents(response.points),
  );

  // New reports from the live incident feed raise the heat where they happened.
  useEffect(
    () =>
      useIncidentStore.subscribe((state, previous) => {
        const fresh = newIncidentsBetween(previous.incidents, state.incidents);
        if (fresh.length > 0) {
          useHeatmapStore.getState().addArrivals(fresh.map(heatIncidentOfSnapshot));
        }
      }),
    [],
  );

  // Nothing of a session outlives it.
  useEffect(() => {
    if (!signedIn) useHeatmapStore.getState().clearHeatmap();
  }, [signedIn]);

  return { incidents, residents };
}
