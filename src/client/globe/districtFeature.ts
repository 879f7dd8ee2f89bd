/**
 * The district's own ground: once the start-up config names the district, its light is set
 * and its base map (blocks, green, water, streets) loaded and drawn (basemapLayer.ts).
 */
import type { AppConfig } from '../../shared/api';
import { useAppStore } from '../shell/appStore';
import { createBasemapLayer } from './basemapLayer';
import { applyDistrictLight } from './districtLight';
import { createDestroyedFlag, defineGlobeFeature } from './GlobeLayer';

export const districtFeature = defineGlobeFeature<AppConfig | null, void>({
  stores: [useAppStore],
  select: () => useAppStore.getState().config,
  create(scene, { source }) {
    const flag = createDestroyedFlag();
    const basemap = createBasemapLayer(scene);
    const abort = new AbortController();
    let started = false;
    return {
      handle: undefined,
      update(config) {
        if (started || config === null) return;
        started = true;
        applyDistrictLight(scene, config.center);
        source.loadBasemap(abort.signal).then(
          (collection) => {
            if (!abort.signal.aborted) basemap.setData(collection);
          },
          (error: unknown) => {
            if (!abort.signal.aborted) console.warn('base map not loaded', error);
          },
        );
      },
      isDestroyed: () => flag.destroyed,
      destroy() {
        flag.destroy(() => {
          abort.abort();
          basemap.destroy();
        });
      },
    };
  },
});
