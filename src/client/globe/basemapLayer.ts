/**
 * The district's own base map (blocks, green, water, streets) drawn from the register's
 * geometry in the command-hall palette, so the city view reads as a city and not as blurry
 * world imagery. One Primitive per kind, each feature a geometry instance of it.
 */
import {
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  CornerType,
  CorridorGeometry,
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  Primitive,
  PrimitiveCollection,
  type Scene,
} from 'cesium';
import type { BasemapKind } from '../../domain/registry';
import type { BasemapCollection } from '../../shared/api';
import { BASEMAP_COLOURS_CSS } from '../theme/globePalette';

/**
 * Heights above the ellipsoid, stacked so that kinds never fight for the same depth: blocks
 * lowest, then green and water, then streets on top. Buildings stand on 0 and hide them.
 */
const LAYER_HEIGHT_M: Record<BasemapKind, number> = {
  block: 0.3,
  green: 0.6,
  water: 0.6,
  road: 0.9,
};
/** Used when a road carries no width of its own. */
const DEFAULT_ROAD_WIDTH_M = 8;

function roadColourCss(roadClass: string): string {
  if (roadClass === 'primary') return BASEMAP_COLOURS_CSS.roadPrimary;
  if (roadClass === 'secondary') return BASEMAP_COLOURS_CSS.roadSecondary;
  return BASEMAP_COLOURS_CSS.roadLocal;
}

const AREA_COLOURS_CSS: Record<Exclude<BasemapKind, 'road'>, string> = {
  block: BASEMAP_COLOURS_CSS.block,
  green: BASEMAP_COLOURS_CSS.green,
  water: BASEMAP_COLOURS_CSS.water,
};

function ringPositions(ring: GeoJSON.Position[]): Cartesian3[] {
  return Cartesian3.fromDegreesArray(ring.flatMap(([lon = 0, lat = 0]) => [lon, lat]));
}

function colourAttribute(css: string) {
  return { color: ColorGeometryInstanceAttribute.fromColor(Color.fromCssColorString(css)) };
}

function areaInstance(polygon: GeoJSON.Polygon, kind: Exclude<BasemapKind, 'road'>) {
  const [outer = [], ...holes] = polygon.coordinates;
  return new GeometryInstance({
    geometry: new PolygonGeometry({
      polygonHierarchy: new PolygonHierarchy(
        ringPositions(outer),
        holes.map((hole) => new PolygonHierarchy(ringPositions(hole))),
      ),
      height: LAYER_HEIGHT_M[kind],
      vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
    }),
    attributes: colourAttribute(AREA_COLOURS_CSS[kind]),
  });
}

function roadInstance(line: GeoJSON.LineString, roadClass: string, widthM: number) {
  return new GeometryInstance({
    geometry: new CorridorGeometry({
      positions: ringPositions(line.coordinates),
      width: widthM > 0 ? widthM : DEFAULT_ROAD_WIDTH_M,
      height: LAYER_HEIGHT_M.road,
      cornerType: CornerType.ROUNDED,
      vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
    }),
    attributes: colourAttribute(roadColourCss(roadClass)),
  });
}

export interface BasemapLayer {
  setData(collection: BasemapCollection): void;
  destroy(): void;
}

export function createBasemapLayer(scene: Scene): BasemapLayer {
  const primitives = scene.primitives.add(new PrimitiveCollection()) as PrimitiveCollection;
  const appearance = () => new PerInstanceColorAppearance({ flat: true, translucent: false });

  return {
    setData(collection) {
      const instances: Record<BasemapKind, GeometryInstance[]> = {
        block: [],
        green: [],
        water: [],
        road: [],
      };
      for (const feature of collection.features) {
        const { kind } = feature.properties;
        if (kind === 'road' && feature.geometry.type === 'LineString') {
          instances.road.push(
            roadInstance(feature.geometry, feature.properties.class, feature.properties.widthM),
          );
        } else if (kind !== 'road' && feature.geometry.type === 'Polygon') {
          instances[kind].push(areaInstance(feature.geometry, kind));
        }
      }
      // The base map is static for a session: new data replaces the kinds' primitives whole.
      primitives.removeAll();
      for (const kindInstances of Object.values(instances)) {
        if (kindInstances.length === 0) continue;
        primitives.add(
          new Primitive({ geometryInstances: kindInstances, appearance: appearance() }),
        );
      }
      scene.requestRender();
    },
    destroy() {
      if (!scene.isDestroyed()) scene.primitives.remove(primitives);
    },
  };
}
