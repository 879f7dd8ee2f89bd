/**
 * Camera requests from the app store (selection, search, deep links) as a globe feature: each
 * store change may let a waiting request fly (cameraController.ts decides). Holds no Cesium
 * object of its own.
 */
import { useAppStore } from '../shell/appStore';
import { createCameraController } from './cameraController';
import { createDestroyedFlag, defineGlobeFeature } from './GlobeLayer';

export const cameraRequestsFeature = defineGlobeFeature({
  stores: [useAppStore],
  select: () => useAppStore.getState(),
  create(_scene, { camera }) {
    const flag = createDestroyedFlag();
    const controller = createCameraController(camera);
    return {
      handle: undefined,
      update: (state) => {
        if (!flag.destroyed) controller.update(state);
      },
      isDestroyed: () => flag.destroyed,
      destroy: () => flag.destroy(() => undefined),
    };
  },
});
