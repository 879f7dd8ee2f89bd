/**
 * The `incidents` part of the globe handle: what the pick controller and the
 * adapter need of the incidents layer — which marker or cluster is under the mouse, and the
 * place on the ground or a roof under a click, for the report form.
 */
import { Cartesian2, Cartesian3, Cartographic, Math as CesiumMath, type Scene } from 'cesium';
import type { LonLat } from '../../../domain/registry';
import type { IncidentPick, IncidentsLayer, IncidentsLayerStats } from './incidentsLayer';

export interface IncidentsHandle {
  /** The marker or cluster under a window position (CSS pixels), if any. */
  pickIncident(xPx: number, yPx: number): IncidentPick | null;
  /** Where on the ground (or a building) a window position lands; null for the sky. */
  pickPlace(xPx: number, yPx: number): LonLat | null;
  readonly stats: IncidentsLayerStats;
}

export function createIncidentsHandle(
  scene: Scene,
  layer: IncidentsLayer,
  pickAt: (xPx: number, yPx: number) => unknown,
): IncidentsHandle {
  const windowPosition = new Cartesian2();
  const placeScratch = new Cartesian3();
  return {
    pickIncident(xPx, yPx) {
      return layer.pickOf(pickAt(xPx, yPx));
    },
    pickPlace(xPx, yPx) {
      windowPosition.x = xPx;
      windowPosition.y = yPx;
      // Depth first (a roof or a facade), else the ellipsoid (the flat district's ground).
      const onScene = scene.pickPositionSupported
        ? scene.pickPosition(windowPosition, placeScratch)
        : undefined;
      const place =
        onScene ?? scene.camera.pickEllipsoid(windowPosition, scene.globe.ellipsoid, placeScratch);
      if (place === undefined) return null;
      const cartographic = Cartographic.fromCartesian(place);
      if (cartographic === undefined) return null;
      return {
        lon: CesiumMath.toDegrees(cartographic.longitude),
        lat: CesiumMath.toDegrees(cartographic.latitude),
      };
    },
    get stats() {
      return layer.stats;
    },
  };
}
