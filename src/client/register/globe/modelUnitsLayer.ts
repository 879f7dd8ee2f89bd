/**
 * The district's own 3D model (photogrammetry or a vendor mesh, 3D Tiles 1.0 or 1.1, with no
 * feature ids) as the visual layer, with units as volumes on it: a click on the model's surface
 * is resolved to a unit by footprint and height (domain `resolveUnitAt`), and the selected unit,
 * its floor and the theme colours are drawn onto the model itself by classification, so they
 * follow the mesh's surface whatever its shape.
 */
import {
  Cartesian2,
  Cartesian3,
  Cartographic,
  Cesium3DTileset,
  ClassificationPrimitive,
  ClassificationType,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  Math as CesiumMath,
  Matrix4,
  PolygonGeometry,
  PolygonHierarchy,
  Transforms,
  type Scene,
} from 'cesium';
import {
  floorVolumes,
  grownRings,
  resolveUnitAt,
  type UnitVolume,
} from '../../../domain/geo/unitVolumes';
import { UNIT_COLOURS_CSS, type UnitColourName } from '../../theme/globePalette';
import type { PickedUnit } from './buildingsLayer';

export interface ModelOffset {
  eastM: number;
  northM: number;
  upM: number;
}

export interface ModelUnitsLayer {
  unitAt(xPx: number, yPx: number): PickedUnit | null;
  setVolumes(volumes: readonly UnitVolume[]): void;
  setSelectedUnit(unitId: number | null): void;
  setThemeColours(colours: ReadonlyMap<number, UnitColourName>): void;
  /** The selected unit and floor drawn now (for the test probes): unit id and floor volume count. */
  highlighted(): { unitId: number | null; floorUnits: number };
  destroy(): void;
}

export interface ModelUnitsEvents {
  onLoaded(): void;
  onTilesLoadedChange(loaded: boolean): void;
  onError(error: unknown): void;
}

const SELECTED_ALPHA = 0.7;
const FLOOR_ALPHA = 0.35;
const THEME_ALPHA = 0.45;
/** Keeps a highlight off the neighbouring floor's slab, which classification would also paint. */
const FLOOR_INSET_M = 0.15;
/** How far out of the footprint a model's facade may stand and still be painted (and picked). */
const FACADE_REACH_M = 1.5;
/** How far above the top floor a roof (parapets, machine rooms) is still painted. */
const ROOF_REACH_M = 3;

function hierarchyOf(rings: readonly (readonly [number, number])[][]): PolygonHierarchy {
  const [outer, ...holes] = rings;
  return new PolygonHierarchy(
    Cartesian3.fromDegreesArray(outer!.flat()),
    holes.map((hole) => new PolygonHierarchy(Cartesian3.fromDegreesArray(hole.flat()))),
  );
}

function instanceOf(
  volume: UnitVolume,
  colour: Color,
  id: string,
  isTop: boolean,
): GeometryInstance {
  return new GeometryInstance({
    id,
    geometry: new PolygonGeometry({
      polygonHierarchy: hierarchyOf(grownRings(volume.rings, FACADE_REACH_M)),
      height: volume.bottomM + FLOOR_INSET_M,
      extrudedHeight: volume.topM - FLOOR_INSET_M + (isTop ? ROOF_REACH_M : 0),
    }),
    attributes: { color: ColorGeometryInstanceAttribute.fromColor(colour) },
  });
}

/** The position offset as a model matrix, east/north/up at the tileset's centre. */
function offsetMatrix(tileset: Cesium3DTileset, offset: ModelOffset): Matrix4 {
  const frame = Transforms.eastNorthUpToFixedFrame(tileset.boundingSphere.center);
  const local = new Cartesian3(offset.eastM, offset.northM, offset.upM);
  const shifted = Matrix4.multiplyByPoint(frame, local, new Cartesian3());
  const translation = Cartesian3.subtract(shifted, tileset.boundingSphere.center, new Cartesian3());
  return Matrix4.fromTranslation(translation);
}

export function createModelUnitsLayer(
  scene: Scene,
  model: { url: string; offset: ModelOffset },
  events: ModelUnitsEvents,
): ModelUnitsLayer {
  let destroyed = false;
  let tileset: Cesium3DTileset | null = null;
  let volumes: readonly UnitVolume[] = [];
  let selectedUnitId: number | null = null;
  let themeColours: ReadonlyMap<number, UnitColourName> = new Map();
  let highlight: ClassificationPrimitive[] = [];
  let theme: ClassificationPrimitive[] = [];
  let floorUnits = 0;
  /** Highest floor per building: its volume reaches up over the roof. */
  let topFloors = new Map<number, number>();

  const removeTilesLoaded: Array<() => void> = [];
  Cesium3DTileset.fromUrl(model.url)
    .then((loaded) => {
      if (destroyed) {
        loaded.destroy();
        return;
      }
      tileset = loaded;
      if (model.offset.eastM !== 0 || model.offset.northM !== 0 || model.offset.upM !== 0) {
        loaded.modelMatrix = offsetMatrix(loaded, model.offset);
      }
      scene.primitives.add(loaded);
      removeTilesLoaded.push(
        loaded.allTilesLoaded.addEventListener(() => events.onTilesLoadedChange(true)),
        loaded.loadProgress.addEventListener((pending: number, processing: number) => {
          if (pending + processing > 0) events.onTilesLoadedChange(false);
        }),
      );
      events.onLoaded();
      scene.requestRender();
    })
    .catch((error: unknown) => events.onError(error));

  /**
   * Replaces a set of classification primitives: one per colour, since every instance of a
   * ClassificationPrimitive must carry the same colour.
   */
  function replace(
    current: ClassificationPrimitive[],
    groups: ReadonlyMap<string, { colour: Color; volumes: UnitVolume[] }>,
  ): ClassificationPrimitive[] {
    for (const primitive of current) scene.primitives.remove(primitive);
    const next: ClassificationPrimitive[] = [];
    for (const [key, group] of groups) {
      if (group.volumes.length === 0) continue;
      const primitive = new ClassificationPrimitive({
        geometryInstances: group.volumes.map((volume) =>
          instanceOf(
            volume,
            group.colour,
            `${key}-${volume.unitId}`,
            volume.floor === (topFloors.get(volume.buildingId) ?? 0),
          ),
        ),
        classificationType: ClassificationType.CESIUM_3D_TILE,
        asynchronous: false,
      });
      scene.primitives.add(primitive);
      next.push(primitive);
    }
    return next;
  }

  function drawHighlight(): void {
    const selected = volumes.find((volume) => volume.unitId === selectedUnitId) ?? null;
    const floor = selected ? floorVolumes(volumes, selected.buildingId, selected.floor) : [];
    floorUnits = floor.length;
    highlight = replace(
      highlight,
      new Map([
        [
          'selected',
          {
            colour: Color.fromCssColorString(UNIT_COLOURS_CSS.selected).withAlpha(SELECTED_ALPHA),
            volumes: selected ? [selected] : [],
          },
        ],
        [
          'floor',
          {
            colour: Color.fromCssColorString(UNIT_COLOURS_CSS.hovered).withAlpha(FLOOR_ALPHA),
            volumes: floor.filter((volume) => volume !== selected),
          },
        ],
      ]),
    );
    scene.requestRender();
  }

  function drawTheme(): void {
    const groups = new Map<string, { colour: Color; volumes: UnitVolume[] }>();
    for (const volume of volumes) {
      const name = themeColours.get(volume.unitId);
      if (name === undefined || name === 'plain') continue;
      let group = groups.get(name);
      if (!group) {
        group = {
          colour: Color.fromCssColorString(UNIT_COLOURS_CSS[name]).withAlpha(THEME_ALPHA),
          volumes: [],
        };
        groups.set(name, group);
      }
      group.volumes.push(volume);
    }
    theme = replace(theme, groups);
    scene.requestRender();
  }

  return {
    unitAt(xPx, yPx) {
      if (!tileset || volumes.length === 0 || !scene.pickPositionSupported) return null;
      const position = scene.pickPosition(new Cartesian2(xPx, yPx));
      if (!position) return null;
      const where = Cartographic.fromCartesian(position);
      const unit = resolveUnitAt(
        {
          lon: CesiumMath.toDegrees(where.longitude),
          lat: CesiumMath.toDegrees(where.latitude),
          heightM: where.height,
        },
        volumes,
      );
      return unit ? { unitId: unit.unitId, buildingId: unit.buildingId, floor: unit.floor } : null;
    },
    setVolumes(next) {
      volumes = next;
      topFloors = new Map();
      for (const volume of next) {
        topFloors.set(
          volume.buildingId,
          Math.max(topFloors.get(volume.buildingId) ?? 0, volume.floor),
        );
      }
      drawTheme();
      drawHighlight();
    },
    setSelectedUnit(unitId) {
      if (unitId === selectedUnitId) return;
      selectedUnitId = unitId;
      drawHighlight();
    },
    setThemeColours(colours) {
      themeColours = colours;
      drawTheme();
    },
    highlighted: () => ({ unitId: highlight.length > 0 ? selectedUnitId : null, floorUnits }),
    destroy() {
      destroyed = true;
      for (const remove of removeTilesLoaded) remove();
      for (const primitive of [...highlight, ...theme]) scene.primitives.remove(primitive);
      if (tileset) scene.primitives.remove(tileset);
    },
  };
}
