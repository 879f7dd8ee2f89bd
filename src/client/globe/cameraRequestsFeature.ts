/**
 * Camera requests from the app store (selection, search, deep links, tour steps) as a globe
 * feature: each store change may let a waiting request fly (cameraController.ts decides). Where
 * the camera comes to rest goes back to the store as plain data (the tour editor records it).
 * Holds no Cesium object of its own.
 */
import { useAppStore } from '../shell/appStore';
import { createCameraController } from './cameraController';
import { createDestroyedFlag, defineGlobeFeature } from './GlobeLayer';

export const cameraRequestsFeature = defineGlobeFeature({
  stores: [useAppStore],
  select: () => useAppStore.getState(),
  create(scene, { camera }) {
    const flag = createDestroyedFlag();
    const controller = createCameraController(camera);
    const removeMoveEnd = scene.camera.moveEnd.addEventListener(() =>
      useAppStore.getState().setCameraView(camera.view()),
    );
    return {
      handle: undefined,
      update: (state) => {
        if (!flag.destroyed) controller.update(state);
      },
      isDestroyed: () => flag.destroyed,
      destroy: () => flag.destroy(removeMoveEnd),
    };
  },
});
