/**
 * Turns the store's camera requests into flights. A request whose target is not known yet
 * (a deep link before the building detail arrived) waits and is retried on every store change
 * until it can fly or a newer request replaces it.
 */
import type { AppState, SelectionFlight } from '../shell/appStore';
import type { GlobeCamera } from './globeCamera';
import {
  bboxTarget,
  buildingTarget,
  polygonTarget,
  unitTarget,
  type CameraTarget,
} from './cameraTargets';

type CameraState = Pick<AppState, 'config' | 'grids' | 'buildings' | 'selection' | 'cameraRequest'>;

/** A target, or `waiting` while the data it needs is still loading. */
function resolveTarget(target: SelectionFlight, state: CameraState): CameraTarget | 'waiting' {
  const { selection, grids, buildings, config } = state;
  switch (target) {
    case 'district':
      return config ? bboxTarget(config.bbox) : 'waiting';
    case 'grid': {
      const grid = selection.gridCode === null ? undefined : grids[selection.gridCode];
      return grid ? polygonTarget(grid.polygon) : 'waiting';
    }
    case 'building':
    case 'unit': {
      const building = selection.buildingId === null ? undefined : buildings[selection.buildingId];
      if (!building) return 'waiting';
      const unit = building.units.find((candidate) => candidate.id === selection.unitId);
      return target === 'unit' && unit ? unitTarget(building, unit) : buildingTarget(building);
    }
  }
}

export interface CameraController {
  /** Call on every store change; flies when a new request can be served. */
  update(state: CameraState): void;
}

export function createCameraController(
  camera: Pick<GlobeCamera, 'flyTo' | 'flyToView'>,
): CameraController {
  let servedSequence = 0;
  let districtShown = false;

  return {
    update(state) {
      const request = state.cameraRequest;
      if (request !== null && request.sequence > servedSequence && request.view !== undefined) {
        servedSequence = request.sequence;
        districtShown = true;
        camera.flyToView(request.view);
        return;
      }
      if (request !== null && request.sequence > servedSequence && request.target !== 'view') {
        const target = resolveTarget(request.target, state);
        if (target === 'waiting') return;
        servedSequence = request.sequence;
        districtShown = true;
        camera.flyTo(target, request.target);
        return;
      }
      // Before anyone asked for anything, show the whole district as soon as it is known.
      if (!districtShown && request === null && state.config) {
        districtShown = true;
        camera.flyTo(bboxTarget(state.config.bbox), 'district', true);
      }
    },
  };
}
