/**
 * What a click on the globe means for incidents: a marker selects its incident, a cluster zooms
 * in until its members spread out, and while the report form picks its place the click gives it.
 */
import { Cartographic, Math as CesiumMath } from 'cesium';
import type { GlobeCamera } from '../../globe/globeCamera';
import { useIncidentStore } from '../incidentStore';
import type { IncidentPick } from './incidentsLayer';

/** A cluster is framed so its members spread out into single markers. */
const MIN_CLUSTER_TARGET_RADIUS_M = 80;

export function applyIncidentPick(camera: Pick<GlobeCamera, 'flyTo'>, pick: IncidentPick): void {
  if (pick.kind === 'incident') {
    useIncidentStore.getState().selectIncident(pick.incidentId);
    return;
  }
  const centre = Cartographic.fromCartesian(pick.centre);
  camera.flyTo(
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
