/**
 * Boundary of the grid in focus: a bright outline over a faint translucent fill. The layer is
 * mounted once; a new grid swaps its geometry (Cesium geometry is immutable), the same grid
 * changes nothing.
 */
import {
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineColorAppearance,
  PolylineGeometry,
  Primitive,
  PrimitiveCollection,
  type Scene,
} from 'cesium';
import {
  GRID_BOUNDARY_FILL_ALPHA,
  GRID_BOUNDARY_FILL_CSS,
  GRID_BOUNDARY_OUTLINE_CSS,
} from './globePalette';

/** Just above the base map's streets, so the fill tints them. */
const FILL_HEIGHT_M = 1.2;
const OUTLINE_HEIGHT_M = 1.5;
const OUTLINE_WIDTH_PX = 3;

type BoundaryGeometry = GeoJSON.Polygon | GeoJSON.MultiPolygon;

function ringPositions(ring: GeoJSON.Position[], heightM: number): Cartesian3[] {
  return Cartesian3.fromDegreesArrayHeights(
    ring.flatMap(([lon = 0, lat = 0]) => [lon, lat, heightM]),
  );
}

function polygonsOf(geometry: BoundaryGeometry): GeoJSON.Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export interface GridBoundaryLayer {
  setBoundary(geometry: BoundaryGeometry | null): void;
  destroy(): void;
}

export function createGridBoundaryLayer(scene: Scene): GridBoundaryLayer {
  const primitives = scene.primitives.add(new PrimitiveCollection()) as PrimitiveCollection;
  const fillColour = ColorGeometryInstanceAttribute.fromColor(
    Color.fromCssColorString(GRID_BOUNDARY_FILL_CSS).withAlpha(GRID_BOUNDARY_FILL_ALPHA),
  );
  const outlineColour = ColorGeometryInstanceAttribute.fromColor(
    Color.fromCssColorString(GRID_BOUNDARY_OUTLINE_CSS),
  );
  let current: BoundaryGeometry | null = null;

  function build(geometry: BoundaryGeometry): void {
    const polygons = polygonsOf(geometry);
    const fills = polygons.map(
      ([outer = [], ...holes]) =>
        new GeometryInstance({
          geometry: new PolygonGeometry({
            polygonHierarchy: new PolygonHierarchy(
              ringPositions(outer, FILL_HEIGHT_M),
              holes.map((hole) => new PolygonHierarchy(ringPositions(hole, FILL_HEIGHT_M))),
            ),
            height: FILL_HEIGHT_M,
            vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
          }),
          attributes: { color: fillColour },
        }),
    );
    const outlines = polygons.flatMap((rings) =>
      rings.map(
        (ring) =>
          new GeometryInstance({
            geometry: new PolylineGeometry({
              positions: ringPositions(ring, OUTLINE_HEIGHT_M),
              width: OUTLINE_WIDTH_PX,
              vertexFormat: PolylineColorAppearance.VERTEX_FORMAT,
            }),
            attributes: { color: outlineColour },
          }),
      ),
    );
    // Synchronous: two small primitives, and the boundary must appear with the flight.
    primitives.add(
      new Primitive({
        geometryInstances: fills,
        appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }),
        asynchronous: false,
      }),
    );
    primitives.add(
      new Primitive({
        geometryInstances: outlines,
        appearance: new PolylineColorAppearance({ translucent: false }),
        asynchronous: false,
      }),
    );
  }

  return {
    setBoundary(geometry) {
      if (geometry === current) return;
      current = geometry;
      primitives.removeAll();
      if (geometry !== null) build(geometry);
      scene.requestRender();
    },
    destroy() {
      if (!scene.isDestroyed()) scene.primitives.remove(primitives);
    },
  };
}
