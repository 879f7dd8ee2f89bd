/**
 * Camera flights by preset, framed into the part of the view the panels leave free, and the one
 * shared pick that hover and click ask every layer about. Created with the viewer, before any
 * layer, so that layers can fly and pick through their deps without reaching for the handle.
 */
import {
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  Cartographic,
  HeadingPitchRange,
  JulianDate,
  Math as CesiumMath,
  Matrix4,
  PerspectiveFrustum,
  Transforms,
  type Scene,
} from 'cesium';
import { CAMERA_PRESETS, type CameraPresetName } from './cameraPresets';
import type { CameraTarget } from './cameraTargets';
import type { CameraView } from '../shell/appStore';
import { freeCentreOffsetPx, type ViewInsets } from './viewInsets';

/** A recorded view is flown to at the pace of a grid flight. */
const RECORDED_VIEW_FLIGHT_S = 2;

/** However narrow the free part of the view, never back off more than this to fit a target. */
const MAX_INSET_RANGE_SCALE = 2;

export interface GlobeCamera {
  /** Ease the camera to frame a target with a preset's angle; `instant` jumps there. */
  flyTo(target: CameraTarget, preset: CameraPresetName, instant?: boolean): void;
  /** Ease the camera to a recorded view (a tour step recorded by the editor). */
  flyToView(view: CameraView): void;
  /** Where the camera stands and looks now. */
  view(): CameraView;
  readonly flying: boolean;
  /** The object under a window position (CSS pixels from the canvas' top left), if any. */
  pickAt(xPx: number, yPx: number): unknown;
  requestRender(): void;
}

export interface GlobeCameraOptions {
  /** What the layout's panels cover, read at the start of each flight. */
  getViewInsets(): ViewInsets;
  onFlightChange(flying: boolean): void;
  /** A flight reached its target (not called for a flight cut short by a newer one). */
  onLanded(preset: CameraPresetName, target: CameraTarget): void;
}

export function createGlobeCamera(scene: Scene, options: GlobeCameraOptions): GlobeCamera {
  const { camera } = scene;
  // Scratch objects: picking runs on mouse moves all day long.
  const pickPosition = new Cartesian2();
  const sphere = new BoundingSphere();
  const localFrame = new Matrix4();
  const localShift = new Cartesian3();
  const shift = new Cartesian3();
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

  return {
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
    flyToView(view) {
      const thisFlight = ++flightNumber;
      const end = () => {
        if (thisFlight !== flightNumber) return;
        setFlying(false);
        scene.requestRender();
      };
      setFlying(true);
      camera.flyTo({
        destination: Cartesian3.fromDegrees(view.lon, view.lat, view.heightM),
        orientation: {
          heading: CesiumMath.toRadians(view.headingDeg),
          pitch: CesiumMath.toRadians(view.pitchDeg),
          roll: 0,
        },
        duration: RECORDED_VIEW_FLIGHT_S,
        complete: end,
        cancel: end,
      });
      scene.requestRender();
    },
    view() {
      const position = Cartographic.fromCartesian(camera.positionWC);
      return {
        lon: CesiumMath.toDegrees(position.longitude),
        lat: CesiumMath.toDegrees(position.latitude),
        heightM: position.height,
        headingDeg: CesiumMath.toDegrees(camera.heading),
        pitchDeg: CesiumMath.toDegrees(camera.pitch),
      };
    },
    get flying() {
      return flying;
    },
    pickAt(xPx, yPx) {
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
    },
    requestRender() {
      scene.requestRender();
    },
  };
}
