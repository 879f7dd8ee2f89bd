/**
 * Follows one worker with the camera: after the flight to the worker lands, every frame moves
 * the camera by exactly as much as the worker's dot moved, so the operator keeps the angle and
 * zoom they chose (and may still orbit and zoom) while the worker stays in the same place on
 * screen. Runs after the workers layer in scene.preUpdate, so it reads this frame's position.
 */
import { Cartesian3, Matrix4, type Scene } from 'cesium';

export interface FollowCamera {
  /** Start following (the flight there is the caller's); null stops. */
  follow(workerId: number | null): void;
  destroy(): void;
}

export interface FollowCameraSource {
  drawnPositionOf(workerId: number, result: Cartesian3): boolean;
  /** While a flight runs the camera is the flight's; following waits for it to land. */
  isFlying(): boolean;
}

export function createFollowCamera(scene: Scene, source: FollowCameraSource): FollowCamera {
  const camera = scene.camera;
  let workerId: number | null = null;
  let hasLast = false;
  const last = new Cartesian3();
  const current = new Cartesian3();
  const shift = new Cartesian3();

  function update(): void {
    if (workerId === null) return;
    if (source.isFlying() || !source.drawnPositionOf(workerId, current)) {
      hasLast = false;
      return;
    }
    // Only a camera in the Earth-fixed frame can be shifted by an Earth-fixed vector.
    if (hasLast && Matrix4.equals(camera.transform, Matrix4.IDENTITY)) {
      Cartesian3.subtract(current, last, shift);
      if (!Cartesian3.equals(shift, Cartesian3.ZERO)) {
        Cartesian3.add(camera.position, shift, camera.position);
      }
    }
    Cartesian3.clone(current, last);
    hasLast = true;
  }
  const removeUpdate = scene.preUpdate.addEventListener(update);

  return {
    follow(next) {
      workerId = next;
      hasLast = false;
    },
    destroy() {
      removeUpdate();
    },
  };
}
