/**
 * Geometry of the grid in focus: a faint translucent fill and a bright outline per ring, as
 * geometry instances for one Primitive each. Cesium geometry is immutable: a new grid gets new
 * instances, the same grid keeps them.
 */
import {
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineColorAppearance,
  PolylineGeometry,
} from 'cesium';
import { ringPositions } from '../../globe/ringPositions';
import {
  GRID_BOUNDARY_FILL_ALPHA,
  GRID_BOUNDARY_FILL_CSS,
  GRID_BOUNDARY_OUTLINE_CSS,
} from '../../theme/globePalette';

/** Just above the base map's streets, so the fill tints them. */
const FILL_HEIGHT_M = 1.2;
const OUTLINE_HEIGHT_M = 1.5;
const OUTLINE_WIDTH_PX = 3;

export type BoundaryGeometry = GeoJSON.Polygon | GeoJSON.MultiPolygon;

function polygonsOf(geometry: BoundaryGeometry): GeoJSON.Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function gridBoundaryInstances(geometry: BoundaryGeometry): {
  fills: GeometryInstance[];
  outlines: GeometryInstance[];
} {
  const fillColour = ColorGeometryInstanceAttribute.fromColor(
    Color.fromCssColorString(GRID_BOUNDARY_FILL_CSS).withAlpha(GRID_BOUNDARY_FILL_ALPHA),
  );
  const outlineColour = ColorGeometryInstanceAttribute.fromColor(
    Color.fromCssColorString(GRID_BOUNDARY_OUTLINE_CSS),
  );
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
  return { fills, outlines };
}
