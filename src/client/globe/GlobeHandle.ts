/**
 * The typed handle the rest of the globe reaches Cesium through: camera flights by preset,
 * picking, explicit render requests, and live workers (`workers`). Created with the viewer,
 * destroyed with it.
 */
import {
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  HeadingPitchRange,
  JulianDate,
  Math as CesiumMath,
  Matrix4,
  PerspectiveFrustum,
  SceneTransforms,
  Transforms,
  type Viewer,
} from 'cesium';
import type { FramePosition } from '../../shared/positionFrame';
import type { BuildingsLayer, PickedUnit } from './buildingsLayer';
import type { HeatmapHandle } from './heatmapSync';
import { createIncidentsHandle, type IncidentsHandle } from './incidentsHandle';
import type { IncidentsLayer } from './incidentsLayer';
import type { CameraTarget } from './cameraTargets';
import type { ReplayLayer } from './replayLayer';
import type { TrackPosition } from './trackPositionAt';
import { CAMERA_PRESETS, type CameraPresetName } from './cameraPresets';
import type { TrailsLayer } from './trailsLayer';
import { freeCentreOffsetPx, type ViewInsets } from './viewInsets';
import type { WorkersLayer, WorkersLayerStats } from './workersLayer';

/** However narrow the free part of the view, never back off more than this to fit a target. */
const MAX_INSET_RANGE_SCALE = 2;

/** Replay of worker tracks (issue 3 §3). */
export interface ReplayHandle {
  /** Frames every loaded track. */
  fitTracks(): void;
  /** Where a replayed worker's point stands at the last drawn frame, if shown. */
  positionOf(workerId: number): TrackPosition | null;
}

/** Replays are framed like a grid: from above at an angle, with the street network readable. */
const REPLAY_FIT_PRESET: CameraPresetName = 'grid';

/** Live grid workers on the globe (issue 3): the feed and the replay reach them through this. */
export interface WorkersHandle {
  /** Applies one decoded position frame to the dots and trails; ack the frame after this. */
  applyPositions(positions: readonly FramePosition[]): void;
  /** Where the worker's dot is drawn now, in CSS pixels from the canvas' top left; null if not drawn. */
  screenPositionOf(workerId: number): { xPx: number; yPx: number } | null;
  /** The worker under a window position (CSS pixels), if any. */
  pickWorker(xPx: number, yPx: number): number | null;
  /** Shows or hides the live dots, trails and label together (a replay takes over the wall). */
  setLiveVisible(visible: boolean): void;
  readonly stats: WorkersLayerStats;
}

export interface GlobeHandle {
  /** Ease the camera to frame a target with a preset's angle; `instant` jumps there. */
  flyTo(target: CameraTarget, preset: CameraPresetName, instant?: boolean): void;
  /** The unit under a window position (CSS pixels from the canvas' top left), if any. */
  pickUnit(xPx: number, yPx: number): PickedUnit | null;
  requestRender(): void;
  readonly flying: boolean;
  readonly replay: ReplayHandle;
  readonly workers: WorkersHandle;
  /** Incident markers and the report form's place (issue 4). */
  readonly incidents: IncidentsHandle;
  /** The incident heatmap draped on the ground (issue 4 §4). */
  readonly heatmap: HeatmapHandle;
}

export interface GlobeHandleOptions {
  getBuildingsLayer(): BuildingsLayer | null;
  getReplayLayer(): ReplayLayer | null;
  workersLayer: WorkersLayer;
  trailsLayer: TrailsLayer;
  incidentsLayer: IncidentsLayer;
  heatmap: HeatmapHandle;
  /** What the layout's panels cover, read at the start of each flight. */
  getViewInsets(): ViewInsets;
  onFlightChange(flying: boolean): void;
  /** A flight reached its target (not called for a flight cut short by a newer one). */
  onLanded(preset: CameraPresetName, target: CameraTarget): void;
}

export function createGlobeHandle(viewer: Viewer, options: GlobeHandleOptions): GlobeHandle {
  const { scene, camera } = viewer;
  // Scratch objects: picking runs on mouse moves all day long.
  const pickPosition = new Cartesian2();
  const sphere = new BoundingSphere();
  const localFrame = new Matrix4();
  const localShift = new Cartesian3();
  const shift = new Cartesian3();
  const workerPosition = new Cartesian3();
  const workerWindowPosition = new Cartesian2();
  let flying = false;
  /** Hover asks for the unit and for the worker at the same spot: one pick answers both. */
  let lastPick: { xPx: number; yPx: number; renderTime: JulianDate; picked: unknown } | null = null;
  /** Only the latest flight may end the flying state: a new flight cancels the previous one. */
  let flightNumber = 0;

  function setFlying(next: boolean): void {
    if (next === flying) return;
    flying = next;
    options.onFlightChange(next);
  }

  /** Visible size over free size of the view's short side: back off so the target still fits. */
  function insetRangeScale(insets: ViewInsets): number {
    const widthPx = scene.canvas.clientWidth;
    const heightPx = scene.canvas.clientHeight;
    const freeWidthPx = widthPx - insets.leftPx - insets.rightPx;
    const freeHeightPx = heightPx - insets.topPx - insets.bottomPx;
    if (freeWidthPx <= 0 || freeHeightPx <= 0) return 1;
    const scale = Math.min(widthPx, heightPx) / Math.min(freeWidthPx, freeHeightPx);
    return CesiumMath.clamp(scale, 1, MAX_INSET_RANGE_SCALE);
  }

  /**
   * Moves the sphere's centre so that, seen from the preset's angle and range, the target sits
   * in the middle of the free part of the view instead of behind a panel.
   */
  function aimAtFreeCentre(
    insets: ViewInsets,
    headingRad: number,
    pitchRad: number,
    rangeM: number,
  ): void {
    const frustum = camera.frustum;
    const heightPx = scene.canvas.clientHeight;
    if (!(frustum instanceof PerspectiveFrustum) || frustum.fovy === undefined || heightPx <= 0)
      return;
    const metresPerPx = (2 * rangeM * Math.tan(frustum.fovy / 2)) / heightPx;
    const { xPx, yPx } = freeCentreOffsetPx(insets);
    const rightM = -xPx * metresPerPx;
    const upM = yPx * metresPerPx;
    // Camera right and up in the target's east/north/up frame for this heading and pitch.
    const sinHeading = Math.sin(headingRad);
    const cosHeading = Math.cos(headingRad);
    const sinPitch = Math.sin(pitchRad);
    localShift.x = rightM * cosHeading - upM * sinHeading * sinPitch;
    localShift.y = -rightM * sinHeading - upM * cosHeading * sinPitch;
    localShift.z = upM * Math.cos(pitchRad);
    Transforms.eastNorthUpToFixedFrame(sphere.center, undefined, localFrame);
    Matrix4.multiplyByPointAsVector(localFrame, localShift, shift);
    Cartesian3.add(sphere.center, shift, sphere.center);
  }

  function pickAt(xPx: number, yPx: number): unknown {
    // Same spot, nothing drawn since: the scene under the mouse cannot have changed.
    const renderTime = scene.lastRenderTime;
    if (
      lastPick?.xPx === xPx &&
      lastPick.yPx === yPx &&
      renderTime !== undefined &&
      JulianDate.equals(lastPick.renderTime, renderTime)
    ) {
      return lastPick.picked;
    }
    pickPosition.x = xPx;
    pickPosition.y = yPx;
    const picked: unknown = scene.pick(pickPosition);
    lastPick =
      renderTime === undefined
        ? null
        : { xPx, yPx, renderTime: JulianDate.clone(renderTime), picked };
    return picked;
  }

  const { workersLayer, trailsLayer } = options;
  const workers: WorkersHandle = {
    applyPositions(positions) {
      workersLayer.applyPositions(positions);
      trailsLayer.applyPositions(positions);
    },
    screenPositionOf(workerId) {
      if (!workersLayer.drawnPositionOf(workerId, workerPosition)) return null;
      const onScreen = SceneTransforms.worldToWindowCoordinates(
        scene,
        workerPosition,
        workerWindowPosition,
      );
      return onScreen ? { xPx: onScreen.x, yPx: onScreen.y } : null;
    },
    pickWorker(xPx, yPx) {
      return workersLayer.workerIdOf(pickAt(xPx, yPx));
    },
    setLiveVisible(visible) {
      workersLayer.setVisible(visible);
      trailsLayer.setVisible(visible);
    },
    get stats() {
      return workersLayer.stats;
    },
  };

  const handle: GlobeHandle = {
    workers,
    incidents: createIncidentsHandle(scene, options.incidentsLayer, pickAt),
    heatmap: options.heatmap,
    flyTo(target, presetName, instant = false) {
      const preset = CAMERA_PRESETS[presetName];
      Cartesian3.fromDegrees(target.lon, target.lat, target.heightM, undefined, sphere.center);
      sphere.radius = target.radiusM;
      const headingRad = CesiumMath.toRadians(preset.headingDeg);
      const pitchRad = CesiumMath.toRadians(preset.pitchDeg);
      const insets = options.getViewInsets();
      const rangeM =
        Math.max(target.radiusM * preset.rangeFactor, preset.minRangeM) * insetRangeScale(insets);
      aimAtFreeCentre(insets, headingRad, pitchRad, rangeM);
      const offset = new HeadingPitchRange(headingRad, pitchRad, rangeM);
      const thisFlight = ++flightNumber;
      const end = (landed: boolean) => {
        if (thisFlight !== flightNumber) return;
        if (landed) options.onLanded(presetName, target);
        setFlying(false);
        scene.requestRender();
      };
      setFlying(true);
      camera.flyToBoundingSphere(sphere, {
        offset,
        duration: instant ? 0 : preset.flightDurationS,
        complete: () => end(true),
        cancel: () => end(false),
      });
      scene.requestRender();
    },
    pickUnit(xPx, yPx) {
      return options.getBuildingsLayer()?.unitOf(pickAt(xPx, yPx)) ?? null;
    },
    requestRender() {
      scene.requestRender();
    },
    get flying() {
      return flying;
    },
    replay: {
      fitTracks() {
        const target = options.getReplayLayer()?.tracksTarget() ?? null;
        if (target !== null) handle.flyTo(target, REPLAY_FIT_PRESET);
      },
      positionOf: (workerId) => options.getReplayLayer()?.positionOf(workerId) ?? null,
    },
  };
  return handle;
}
