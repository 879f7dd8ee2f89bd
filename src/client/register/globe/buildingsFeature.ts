/**
 * The district's buildings on the globe, fed by the app store: the tileset is loaded once the
 * start-up config names it, and the unit theme, the hovered and the selected unit repaint only
 * the units they touch. Reports when the first view is drawn (the wall's loading indicator) and
 * whether every tile the view needs is in.
 */
import { createDestroyedFlag, defineGlobeFeature } from '../../globe/GlobeLayer';
import { useAppStore, type AppState } from '../../shell/appStore';
import { unitThemeColours } from '../../theme/unitTheme';
import { createBuildingsLayer, type BuildingsLayer, type PickedUnit } from './buildingsLayer';

export interface BuildingsHandle {
  /** The unit keys of a picked object, or null when it is not one of the buildings' units. */
  unitOf(picked: unknown): PickedUnit | null;
}

export type BuildingsProps = Pick<
  AppState,
  'config' | 'theme' | 'themeColumns' | 'hoveredUnitId' | 'selection'
>;

export const buildingsFeature = defineGlobeFeature<BuildingsProps, BuildingsHandle>({
  stores: [useAppStore],
  select: () => useAppStore.getState(),
  create(scene, { probes }) {
    const flag = createDestroyedFlag();
    let buildings: BuildingsLayer | null = null;
    let themeOf: Pick<BuildingsProps, 'theme' | 'themeColumns'> | null = null;

    return {
      handle: { unitOf: (picked) => buildings?.unitOf(picked) ?? null },
      update(props) {
        if (buildings === null && props.config !== null) {
          buildings = createBuildingsLayer(scene, props.config.tilesetUrl, {
            onInitialTilesLoaded: () => {
              probes.globe.setReady(true);
              useAppStore.getState().setGlobeReady(true);
            },
            onTilesLoadedChange: (loaded) => probes.globe.setTilesLoaded(loaded),
            onError: (error) => console.warn('building tiles failed', error),
          });
        }
        if (buildings === null) return;
        if (themeOf?.theme !== props.theme || themeOf.themeColumns !== props.themeColumns) {
          themeOf = { theme: props.theme, themeColumns: props.themeColumns };
          buildings.setThemeColours(unitThemeColours(props.theme, props.themeColumns));
        }
        buildings.setHoveredUnit(props.hoveredUnitId);
        buildings.setSelectedUnit(props.selection.unitId);
      },
      isDestroyed: () => flag.destroyed,
      destroy() {
        flag.destroy(() => {
          buildings?.destroy();
          useAppStore.getState().setGlobeReady(false);
        });
      },
    };
  },
});
