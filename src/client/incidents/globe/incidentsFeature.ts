/**
 * Incidents on the globe, fed by the incident store: the list's filters decide which markers
 * exist (so map and list agree), the selection is ringed and flown to. A deadline-phase filter
 * changes with the clock alone, so it is re-applied on a timer while one is set.
 */
import { createDestroyedFlag, defineGlobeFeature } from '../../globe/GlobeLayer';
import { selectMarkerIncidents } from '../incidentSelectors';
import { useIncidentStore, type IncidentStoreState } from '../incidentStore';
import { createIncidentsHandle, type IncidentsHandle } from './incidentsHandle';
import { createIncidentsLayer } from './incidentsLayer';

/** An incident is framed like a building: the street around it readable. */
const INCIDENT_TARGET_RADIUS_M = 60;
/** A deadline-phase filter changes with the clock alone: re-filter this often while one is set. */
const DEADLINE_REFILTER_MS = 15_000;

export const incidentsFeature = defineGlobeFeature<IncidentStoreState, IncidentsHandle>({
  stores: [useIncidentStore],
  select: () => useIncidentStore.getState(),
  create(scene, { camera, probes }) {
    const flag = createDestroyedFlag();
    const layer = createIncidentsLayer(scene, {
      onStats: (stats) => probes.incidents.setStats(stats),
    });
    let previous: IncidentStoreState | null = null;

    function showMarkers(state: IncidentStoreState): void {
      layer.setIncidents(selectMarkerIncidents(state, Date.now()));
    }

    function flyToIncident(state: IncidentStoreState, incidentId: string): void {
      const incident = state.incidents[incidentId];
      if (!incident) return;
      camera.flyTo(
        { ...incident.location, heightM: 0, radiusM: INCIDENT_TARGET_RADIUS_M },
        'building',
      );
    }

    const refilter = setInterval(() => {
      if (previous !== null && previous.filters.deadlinePhase !== null) showMarkers(previous);
    }, DEADLINE_REFILTER_MS);
    probes.incidents.setStats({ shown: 0, clusters: 0, pulsing: 0 });

    return {
      handle: createIncidentsHandle(scene, layer, camera.pickAt),
      update(state) {
        if (state.incidents !== previous?.incidents || state.filters !== previous.filters) {
          showMarkers(state);
        }
        if (state.selectedIncidentId !== previous?.selectedIncidentId) {
          layer.setSelected(state.selectedIncidentId);
          probes.incidents.setSelected(state.selectedIncidentId);
          if (state.selectedIncidentId !== null) flyToIncident(state, state.selectedIncidentId);
        }
        if (state.pickingPlace !== previous?.pickingPlace) {
          probes.incidents.setPickingPlace(state.pickingPlace);
        }
        previous = state;
      },
      isDestroyed: () => flag.destroyed,
      destroy() {
        flag.destroy(() => {
          clearInterval(refilter);
          layer.destroy();
        });
      },
    };
  },
});
