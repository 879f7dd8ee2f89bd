/**
 * Follows the incident store into the incidents layer: which markers exist (the list's filters
 * decide, so map and list agree), the selected one, the report form's place; flies to an incident
 * selected from the list or the drawer. Keeps the globe container's data attributes for tests and
 * the wall's checks. Returns the teardown.
 */
import { Cartographic, Math as CesiumMath } from 'cesium';
import { selectMarkerIncidents } from '../state/incidentSelectors';
import { useIncidentStore, type IncidentStoreState } from '../state/incidentStore';
import type { GlobeHandle } from './GlobeHandle';
import type { IncidentPick, IncidentsLayer, IncidentsLayerStats } from './incidentsLayer';

/** Incidents on the globe (alone or in a cluster) / clusters drawn / markers pulsing. */
export const INCIDENTS_COUNT_ATTRIBUTE = 'data-incidents-count';
export const INCIDENT_CLUSTERS_ATTRIBUTE = 'data-incident-clusters';
export const INCIDENTS_PULSING_ATTRIBUTE = 'data-incidents-pulsing';
export const SELECTED_INCIDENT_ATTRIBUTE = 'data-selected-incident';
/** "true" while the next click on the globe sets the report form's place. */
export const PICKING_PLACE_ATTRIBUTE = 'data-picking-place';

/** An incident is framed like a building: the street around it readable. */
const INCIDENT_TARGET_RADIUS_M = 60;
/** A cluster is framed so its members spread out into single markers. */
const MIN_CLUSTER_TARGET_RADIUS_M = 80;
/** A deadline-phase filter changes with the clock alone: re-filter this often while one is set. */
const DEADLINE_REFILTER_MS = 15_000;

export function syncIncidentsLayer(
  container: HTMLElement,
  handle: GlobeHandle,
  layer: IncidentsLayer,
): () => void {
  let previous: IncidentStoreState | null = null;

  function showMarkers(state: IncidentStoreState): void {
    layer.setIncidents(selectMarkerIncidents(state, Date.now()));
  }

  function flyToIncident(state: IncidentStoreState, incidentId: string): void {
    const incident = state.incidents[incidentId];
    if (!incident) return;
    handle.flyTo(
      { ...incident.location, heightM: 0, radiusM: INCIDENT_TARGET_RADIUS_M },
      'building',
    );
  }

  function sync(state: IncidentStoreState): void {
    if (state.incidents !== previous?.incidents || state.filters !== previous.filters) {
      showMarkers(state);
    }
    if (state.selectedIncidentId !== previous?.selectedIncidentId) {
      layer.setSelected(state.selectedIncidentId);
      container.setAttribute(SELECTED_INCIDENT_ATTRIBUTE, state.selectedIncidentId ?? '');
      if (state.selectedIncidentId !== null) flyToIncident(state, state.selectedIncidentId);
    }
    if (state.reportDraft?.place !== previous?.reportDraft?.place) {
      layer.setDraftPlace(state.reportDraft?.place ?? null);
    }
    if (state.pickingPlace !== previous?.pickingPlace) {
      container.setAttribute(PICKING_PLACE_ATTRIBUTE, String(state.pickingPlace));
    }
    previous = state;
  }

  const refilter = setInterval(() => {
    const state = useIncidentStore.getState();
    if (state.filters.deadlinePhase !== null) showMarkers(state);
  }, DEADLINE_REFILTER_MS);

  writeIncidentsStats(container, { shown: 0, clusters: 0, pulsing: 0 });
  sync(useIncidentStore.getState());
  const unsubscribe = useIncidentStore.subscribe(sync);
  return () => {
    clearInterval(refilter);
    unsubscribe();
  };
}

/** A click on the globe hit an incident marker (select it) or a cluster (zoom into it). */
export function applyIncidentPick(handle: GlobeHandle, pick: IncidentPick): void {
  if (pick.kind === 'incident') {
    useIncidentStore.getState().selectIncident(pick.incidentId);
    return;
  }
  const centre = Cartographic.fromCartesian(pick.centre);
  handle.flyTo(
    {
      lon: CesiumMath.toDegrees(centre.longitude),
      lat: CesiumMath.toDegrees(centre.latitude),
      heightM: 0,
      radiusM: Math.max(pick.radiusM, MIN_CLUSTER_TARGET_RADIUS_M),
    },
    'grid',
  );
}

/** The next click on the globe was for the report form: it sets the place and ends picking. */
export function applyPlacePick(place: { lon: number; lat: number }): void {
  const store = useIncidentStore.getState();
  store.updateReportDraft({ place });
  store.setPickingPlace(false);
}

/** Writes the layer's counts onto the container. */
export function writeIncidentsStats(container: HTMLElement, stats: IncidentsLayerStats): void {
  container.setAttribute(INCIDENTS_COUNT_ATTRIBUTE, String(stats.shown));
  container.setAttribute(INCIDENT_CLUSTERS_ATTRIBUTE, String(stats.clusters));
  container.setAttribute(INCIDENTS_PULSING_ATTRIBUTE, String(stats.pulsing));
}
