/**
 * The typed handle the rest of the globe reaches Cesium through: camera flights by preset,
 * picking, explicit render requests. Created with the viewer, destroyed with it.
 */
import {
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  HeadingPitchRange,
  Math as CesiumMath,
  type Viewer,
} from 'cesium';
import type { BuildingsLayer, PickedUnit } from './buildingsLayer';
import type { CameraTarget } from './cameraTargets';
import { CAMERA_PRESETS, type CameraPresetName } from './cameraPresets';

export interface GlobeHandle {
  /** Ease the camera to frame a target with a preset's angle; `instant` jumps there. */
  flyTo(target: CameraTarget, preset: CameraPresetName, instant?: boolean): void;
  /** The unit under a window position (CSS pixels from the canvas' top left), if any. */
  pickUnit(xPx: number, yPx: number): PickedUnit | null;
  requestRender(): void;
  readonly flying: boolean;
}

export interface GlobeHandleOptions {
  getBuildingsLayer(): BuildingsLayer | null;
  onFlightChange(flying: boolean): void;
  /** A flight reached its target (not called for a flight cut short by a newer one). */
  onLanded(preset: CameraPresetName, target: CameraTarget): void;
}

export function createGlobeHandle(viewer: Viewer, options: GlobeHandleOptions): GlobeHandle {
  const { scene, camera } = viewer;
  // Scratch objects: picking runs on mouse moves all day long.
  const pickPosition = new Cartesian2();
  const sphere = new BoundingSphere();
  let flying = false;
  /** Only the latest flight may end the flying state: a new flight cancels the previous one. */
  let flightNumber = 0;

  function setFlying(next: boolean): void {
    if (next === flying) return;
    flying = next;
    options.onFlightChange(next);
  }

  return {
    flyTo(target, presetName, instant = false) {
      const preset = CAMERA_PRESETS[presetName];
      Cartesian3.fromDegrees(target.lon, target.lat, target.heightM, undefined, sphere.center);
      sphere.radius = target.radiusM;
      const offset = new HeadingPitchRange(
        CesiumMath.toRadians(preset.headingDeg),
        CesiumMath.toRadians(preset.pitchDeg),
        Math.max(target.radiusM * preset.rangeFactor, preset.minRangeM),
      );
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
      pickPosition.x = xPx;
      pickPosition.y = yPx;
      const picked: unknown = scene.pick(pickPosition);
      return options.getBuildingsLayer()?.unitOf(picked) ?? null;
    },
    requestRender() {
      scene.requestRender();
    },
    get flying() {
      return flying;
    },
  };
}
