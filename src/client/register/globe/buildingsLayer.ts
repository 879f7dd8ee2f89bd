/**
 * The district's buildings as 3D Tiles: one feature per floor unit, keyed by `unit_id`.
 * Colours are applied per feature (theme, hover, selection) from an index unit id -> features
 * built as tiles load and pruned as they unload, so a change repaints only the units it touches.
 */
import {
  Cesium3DTileColorBlendMode,
  Cesium3DTileFeature,
  Cesium3DTileset,
  Color,
  type Cesium3DTile,
  type Cesium3DTileContent,
  type Scene,
} from 'cesium';
import { BUILDING_ID_PROPERTY, FLOOR_PROPERTY, UNIT_ID_PROPERTY } from '../../../shared/tileset';
import { UNIT_COLOURS_CSS, type UnitColourName } from '../../theme/globePalette';

/**
 * How much a unit's colour replaces the facade's own shade. Multiplying (Cesium's default)
 * would dull gold and cyan to olive on the grey-blue facades; a mix keeps them true while a
 * trace of the floor bands stays. White (a unit without figures) leaves the facade as built.
 */
const FEATURE_COLOUR_BLEND = 0.75;

export interface PickedUnit {
  unitId: number;
  buildingId: number;
  floor: number;
}

export interface BuildingsLayerEvents {
  /** The tiles for the first view are in and drawn. */
  onInitialTilesLoaded(): void;
  /** Whether every tile the current view needs is loaded, checked after each drawn frame. */
  onTilesLoadedChange(loaded: boolean): void;
  onError(error: unknown): void;
}

export interface BuildingsLayer {
  setThemeColours(colours: ReadonlyMap<number, UnitColourName>): void;
  setHoveredUnit(unitId: number | null): void;
  setSelectedUnit(unitId: number | null): void;
  /** The unit keys of a picked object, or null when it is not one of this layer's units. */
  unitOf(picked: unknown): PickedUnit | null;
  destroy(): void;
}

interface IndexedFeatures {
  unitIds: number[];
  features: Set<Cesium3DTileFeature>;
}

/** sRGB transfer curve, inverted: 8-bit display values to linear light. */
function srgbToLinear(channel: number): number {
  return channel <= SRGB_LINEAR_KNEE
    ? channel / SRGB_LINEAR_SLOPE
    : Math.pow((channel + SRGB_OFFSET) / (1 + SRGB_OFFSET), SRGB_GAMMA);
}
const SRGB_LINEAR_KNEE = 0.04045;
const SRGB_LINEAR_SLOPE = 12.92;
const SRGB_OFFSET = 0.055;
const SRGB_GAMMA = 2.4;

/**
 * Palette colours as the MIX blend needs them: it mixes the feature colour into the material
 * in linear light without converting it, so the palette's sRGB values go in linearised and
 * come out on screen as designed instead of washed out.
 */
function paletteColours(): Record<UnitColourName, Color> {
  const entries = Object.entries(UNIT_COLOURS_CSS).map(([name, css]) => {
    const srgb = Color.fromCssColorString(css);
    return [
      name,
      new Color(
        srgbToLinear(srgb.red),
        srgbToLinear(srgb.green),
        srgbToLinear(srgb.blue),
        srgb.alpha,
      ),
    ];
  });
  return Object.fromEntries(entries) as Record<UnitColourName, Color>;
}

function numericProperty(feature: Cesium3DTileFeature, name: string): number {
  // Property tables may hold 64-bit ids as BigInt; ids here fit a double.
  const value: unknown = feature.getProperty(name);
  return typeof value === 'bigint' || typeof value === 'number' ? Number(value) : Number.NaN;
}

/** A tile's content and, for composite or multi-content tiles, its inner contents. */
function leafContents(content: Cesium3DTileContent): Cesium3DTileContent[] {
  const inner = content.innerContents as Cesium3DTileContent[] | undefined;
  return inner && inner.length > 0 ? inner.flatMap(leafContents) : [content];
}

export function createBuildingsLayer(
  scene: Scene,
  tilesetUrl: string,
  events: BuildingsLayerEvents,
): BuildingsLayer {
  const colours = paletteColours();
  const featuresByUnit = new Map<number, Cesium3DTileFeature[]>();
  /** What each loaded content added to the index, so that its unload removes exactly that. */
  const indexedByContent = new Map<Cesium3DTileContent, IndexedFeatures>();
  let themeColours: ReadonlyMap<number, UnitColourName> = new Map();
  let hoveredUnitId: number | null = null;
  let selectedUnitId: number | null = null;
  let tileset: Cesium3DTileset | null = null;
  let destroyed = false;
  let tilesLoaded = false;
  const removeListeners: Array<() => void> = [];

  function colourOf(unitId: number): Color {
    if (unitId === selectedUnitId) return colours.selected;
    if (unitId === hoveredUnitId) return colours.hovered;
    return colours[themeColours.get(unitId) ?? 'plain'];
  }

  function paintUnit(unitId: number | null): void {
    if (unitId === null) return;
    const features = featuresByUnit.get(unitId);
    if (!features) return;
    const colour = colourOf(unitId);
    for (const feature of features) feature.color = colour;
  }

  function indexTile(tile: Cesium3DTile): void {
    for (const content of leafContents(tile.content)) {
      const indexed: IndexedFeatures = { unitIds: [], features: new Set() };
      for (let batchId = 0; batchId < content.featuresLength; batchId++) {
        const feature = content.getFeature(batchId);
        const unitId = numericProperty(feature, UNIT_ID_PROPERTY);
        if (!Number.isFinite(unitId)) continue;
        indexed.unitIds.push(unitId);
        indexed.features.add(feature);
        const features = featuresByUnit.get(unitId);
        if (features) features.push(feature);
        else featuresByUnit.set(unitId, [feature]);
        feature.color = colourOf(unitId);
      }
      indexedByContent.set(content, indexed);
    }
    scene.requestRender();
  }

  function unindexTile(tile: Cesium3DTile): void {
    for (const content of leafContents(tile.content)) {
      const indexed = indexedByContent.get(content);
      if (!indexed) continue;
      for (const unitId of indexed.unitIds) {
        const remaining = (featuresByUnit.get(unitId) ?? []).filter(
          (feature) => !indexed.features.has(feature),
        );
        if (remaining.length > 0) featuresByUnit.set(unitId, remaining);
        else featuresByUnit.delete(unitId);
      }
      indexedByContent.delete(content);
    }
  }

  function attach(loaded: Cesium3DTileset): void {
    tileset = loaded;
    loaded.colorBlendMode = Cesium3DTileColorBlendMode.MIX;
    loaded.colorBlendAmount = FEATURE_COLOUR_BLEND;
    removeListeners.push(
      loaded.tileLoad.addEventListener(indexTile),
      loaded.tileUnload.addEventListener(unindexTile),
      loaded.tileFailed.addEventListener((error: unknown) => events.onError(error)),
      loaded.initialTilesLoaded.addEventListener(() => events.onInitialTilesLoaded()),
      // Frames are drawn only on demand (requestRenderMode), so this runs rarely; it reports
      // changes only, and the new view after a flight is always checked in its first frame.
      scene.postRender.addEventListener(() => {
        if (loaded.tilesLoaded === tilesLoaded) return;
        tilesLoaded = loaded.tilesLoaded;
        events.onTilesLoadedChange(tilesLoaded);
      }),
    );
    scene.primitives.add(loaded);
    scene.requestRender();
  }

  Cesium3DTileset.fromUrl(tilesetUrl).then(
    (loaded) => {
      if (destroyed || scene.isDestroyed()) loaded.destroy();
      else attach(loaded);
    },
    (error: unknown) => {
      if (!destroyed) events.onError(error);
    },
  );

  function repaint(unitIds: Iterable<number | null>): void {
    for (const unitId of unitIds) paintUnit(unitId);
    scene.requestRender();
  }

  return {
    setThemeColours(next) {
      themeColours = next;
      repaint(featuresByUnit.keys());
    },
    setHoveredUnit(unitId) {
      if (unitId === hoveredUnitId) return;
      const previous = hoveredUnitId;
      hoveredUnitId = unitId;
      repaint([previous, unitId]);
    },
    setSelectedUnit(unitId) {
      if (unitId === selectedUnitId) return;
      const previous = selectedUnitId;
      selectedUnitId = unitId;
      repaint([previous, unitId]);
    },
    unitOf(picked) {
      if (!(picked instanceof Cesium3DTileFeature) || tileset === null) return null;
      if (picked.tileset !== tileset) return null;
      const unitId = numericProperty(picked, UNIT_ID_PROPERTY);
      if (!Number.isFinite(unitId)) return null;
      return {
        unitId,
        buildingId: numericProperty(picked, BUILDING_ID_PROPERTY),
        floor: numericProperty(picked, FLOOR_PROPERTY),
      };
    },
    destroy() {
      destroyed = true;
      for (const remove of removeListeners.splice(0)) remove();
      featuresByUnit.clear();
      indexedByContent.clear();
      if (tileset !== null && !scene.isDestroyed()) scene.primitives.remove(tileset);
      tileset = null;
    },
  };
}
