/**
 * The district's own 3D model on the globe, when the server says one is configured: its units
 * come as volumes from the API, the selection and the theme are drawn onto the model, and the
 * globe handle's unit pick falls back to it where the district's own tiles have no feature.
 */
import { createApiClient } from '../../feeds/apiClient';
import { createDestroyedFlag, defineGlobeFeature } from '../../globe/GlobeLayer';
import { useAppStore, type AppState } from '../../shell/appStore';
import { unitThemeColours } from '../../theme/unitTheme';
import type { PickedUnit } from './buildingsLayer';
import { createModelUnitsLayer, type ModelUnitsLayer } from './modelUnitsLayer';

export interface ModelUnitsHandle {
  unitAt(xPx: number, yPx: number): PickedUnit | null;
}

export type ModelUnitsProps = Pick<AppState, 'config' | 'theme' | 'themeColumns' | 'selection'>;

export const modelUnitsFeature = defineGlobeFeature<ModelUnitsProps, ModelUnitsHandle>({
  stores: [useAppStore],
  select: () => useAppStore.getState(),
  create(scene, { probes }) {
    const flag = createDestroyedFlag();
    const api = createApiClient();
    const abort = new AbortController();
    let layer: ModelUnitsLayer | null = null;
    let started = false;
    let last: ModelUnitsProps | null = null;

    function apply(props: ModelUnitsProps): void {
      if (!layer) return;
      if (last?.theme !== props.theme || last.themeColumns !== props.themeColumns) {
        layer.setThemeColours(unitThemeColours(props.theme, props.themeColumns));
      }
      layer.setSelectedUnit(props.selection.unitId);
      last = props;
      probes.globe.setModelHighlight(layer.highlighted());
    }

    async function start(districtCode: string): Promise<void> {
      const model = await api.photogrammetry(abort.signal);
      if (!model.configured || !model.url || flag.destroyed) return;
      layer = createModelUnitsLayer(
        scene,
        { url: model.url, offset: model.offset ?? { eastM: 0, northM: 0, upM: 0 } },
        {
          onLoaded: () => probes.globe.setModelLoaded(true),
          onTilesLoadedChange: (loaded) => probes.globe.setTilesLoaded(loaded),
          onError: (error) => console.warn('district model failed to load', error),
        },
      );
      const { volumes } = await api.unitVolumes({ gridCode: districtCode }, abort.signal);
      if (flag.destroyed) return;
      layer.setVolumes(volumes);
      last = null;
      apply(useAppStore.getState());
    }

    return {
      handle: { unitAt: (xPx, yPx) => layer?.unitAt(xPx, yPx) ?? null },
      update(props) {
        if (!started && props.config !== null) {
          started = true;
          start(props.config.districtCode).catch((error: unknown) => {
            if (!abort.signal.aborted) console.warn('district model unavailable', error);
          });
        }
        apply(props);
      },
      isDestroyed: () => flag.destroyed,
      destroy() {
        flag.destroy(() => {
          abort.abort();
          layer?.destroy();
        });
      },
    };
  },
});
