/**
 * The typed handle the rest of the app reaches the globe through: camera flights by preset,
 * picking, explicit render requests, and each feature's own part (live workers, incidents, heat,
 * replay). Assembled from the camera and the mounted features; no getter binds late.
 */
import type { PickedUnit } from '../register/globe/buildingsLayer';
import type { HeatmapHandle } from '../heat/globe/heatmapFeature';
import type { IncidentsHandle } from '../incidents/globe/incidentsHandle';
import type { ReplayHandle } from '../replay/globe/replayFeature';
import type { WorkersHandle } from '../tracking/globe/workersFeature';
import type { CameraPresetName } from './cameraPresets';
import type { CameraTarget } from './cameraTargets';
import type { GlobeCamera } from './globeCamera';
import type { MountedGlobeFeatures } from './globeFeatures';

export type { HeatmapHandle, IncidentsHandle, ReplayHandle, WorkersHandle };

export interface GlobeHandle {
  /** Ease the camera to frame a target with a preset's angle; `instant` jumps there. */
  flyTo(target: CameraTarget, preset: CameraPresetName, instant?: boolean): void;
  /** The unit under a window position (CSS pixels from the canvas' top left), if any. */
  pickUnit(xPx: number, yPx: number): PickedUnit | null;
  requestRender(): void;
  readonly flying: boolean;
  readonly replay: ReplayHandle;
  /** Live grid workers: the feed applies positions through this, then acks the frame. */
  readonly workers: WorkersHandle;
  /** Incident markers and the report form's place. */
  readonly incidents: IncidentsHandle;
  /** The incident heatmap draped on the ground. */
  readonly heatmap: HeatmapHandle;
}

export function createGlobeHandle(
  camera: GlobeCamera,
  features: MountedGlobeFeatures,
): GlobeHandle {
  return {
    flyTo: (target, preset, instant) => camera.flyTo(target, preset, instant),
    // The district's own tiles carry unit keys; a third-party model has none, so a pick that
    // finds no keyed feature is resolved on that model's surface by unit volumes instead.
    pickUnit: (xPx, yPx) =>
      features.buildings.handle.unitOf(camera.pickAt(xPx, yPx)) ??
      features.modelUnits.handle.unitAt(xPx, yPx),
    requestRender: () => camera.requestRender(),
    get flying() {
      return camera.flying;
    },
    replay: features.replay.handle,
    workers: features.workers.handle,
    incidents: features.incidents.handle,
    heatmap: features.heatmap.handle,
  };
}
