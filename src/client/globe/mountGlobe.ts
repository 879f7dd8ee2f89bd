/**
 * Mounts the globe's imperative part on a viewer that Resium created: the probes on the
 * container, the camera, every registered feature, the handle and the mouse input. Returns the
 * teardown that undoes all of it (the viewer itself is Resium's).
 */
import type { Viewer } from 'cesium';
import { applyIncidentPick, applyPlacePick } from '../incidents/globe/incidentPicks';
import { useEmergencyStore } from '../emergency/emergencyStore';
import { useIncidentStore } from '../incidents/incidentStore';
import { useAppStore } from '../shell/appStore';
import { isAggregateOnly, useWallModeStore } from '../shell/wallModeStore';
import { useTrackingStore } from '../tracking/trackingStore';
import { createGlobeCamera } from './globeCamera';
import { destroyGlobeFeatures, mountGlobeFeatures } from './globeFeatures';
import { createGlobeHandle, type GlobeHandle } from './GlobeHandle';
import type { GlobeDataSource } from './GlobeLayer';
import { createGlobeProbes } from './globeProbes';
import { createPickController } from './pickController';
import { readViewInsets } from './viewInsets';

/**
 * `onHandle` receives the handle once everything is mounted and null at teardown, so that parts
 * of the app outside the globe (the live feed) can reach it without a global.
 */
export function mountGlobe(
  viewer: Viewer,
  container: HTMLElement,
  source: GlobeDataSource,
  onHandle?: (handle: GlobeHandle | null) => void,
): () => void {
  const { scene } = viewer;
  const probes = createGlobeProbes(container, { requestRender: () => scene.requestRender() });
  const removeAfterRender = scene.postRender.addEventListener(() => probes.afterRender());
  const camera = createGlobeCamera(scene, {
    getViewInsets: () => readViewInsets(container),
    onFlightChange: (flying) => probes.globe.setFlying(flying),
    onLanded: (preset, target) => probes.globe.setLanded(preset, target),
  });
  const features = mountGlobeFeatures(scene, { camera, probes, source });
  const handle = createGlobeHandle(camera, features);
  // The public modes (leader wall, tour) name no one: a click on a unit selects its building,
  // a worker's dot gets no name label, and neither a worker nor an incident opens its card.
  const aggregateOnly = () => isAggregateOnly(useWallModeStore.getState().mode);
  const picking = createPickController(scene, handle, {
    onHover: (unit) => useAppStore.getState().setHoveredUnit(unit?.unitId ?? null),
    onClick: (unit) => {
      const state = useAppStore.getState();
      const gridCode = state.buildings[unit.buildingId]?.gridCode ?? null;
      if (aggregateOnly()) {
        state.select({ gridCode, buildingId: unit.buildingId }, 'building');
        return;
      }
      state.select({ gridCode, buildingId: unit.buildingId, unitId: unit.unitId }, 'unit');
    },
    onWorkerHover: (workerId) =>
      features.workers.handle.setHovered(aggregateOnly() ? null : workerId),
    onWorkerClick: (workerId) => {
      if (!aggregateOnly()) useTrackingStore.getState().selectWorker(workerId);
    },
    onIncidentClick: (pick) => {
      if (!aggregateOnly()) applyIncidentPick(camera, pick);
    },
    // The emergency panel's source and the report form's place share the crosshair click.
    isPickingPlace: () =>
      useEmergencyStore.getState().placingSource || useIncidentStore.getState().pickingPlace,
    onPlacePick: (place) => {
      const emergency = useEmergencyStore.getState();
      if (emergency.placingSource) emergency.placeSource(place);
      else applyPlacePick(place);
    },
  });
  onHandle?.(handle);

  return () => {
    onHandle?.(null);
    picking.destroy();
    destroyGlobeFeatures(features);
    removeAfterRender();
    probes.destroy();
  };
}
