/**
 * Geometry of an assessment's threat zones: per zone one translucent fill, draped on the ground
 * and on the buildings inside (a classification, so the units in a zone take its colour on the
 * 3D model itself), and a bright outline. Widest zone first so the inner ones lie on top.
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
import type { ZoneAssessment } from '../../../shared/emergency';
import { PLUME_ZONE_CSS, PLUME_ZONE_FILL_ALPHA } from '../../theme/globePalette';

const OUTLINE_HEIGHT_M = 2;
const OUTLINE_WIDTH_PX = 3;

export interface PlumeZoneGeometry {
  fills: GeometryInstance[];
  outlines: GeometryInstance[];
}

export function plumeZoneInstances(
  zones: ReadonlyArray<Pick<ZoneAssessment, 'tier' | 'polygon' | 'maxDistanceM'>>,
): PlumeZoneGeometry | null {
  const drawn = zones
    .filter((zone) => zone.polygon !== null)
    .sort((a, b) => (b.maxDistanceM ?? 0) - (a.maxDistanceM ?? 0));
  if (drawn.length === 0) return null;
  const fills: GeometryInstance[] = [];
  const outlines: GeometryInstance[] = [];
  for (const zone of drawn) {
    const [outer = [], ...holes] = zone.polygon!.coordinates;
    const colour = Color.fromCssColorString(PLUME_ZONE_CSS[zone.tier]);
    fills.push(
      new GeometryInstance({
        id: `plume-fill-${zone.tier}`,
        geometry: new PolygonGeometry({
          polygonHierarchy: new PolygonHierarchy(
            ringPositions(outer, 0),
            holes.map((hole) => new PolygonHierarchy(ringPositions(hole, 0))),
          ),
          vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
        }),
        attributes: {
          color: ColorGeometryInstanceAttribute.fromColor(colour.withAlpha(PLUME_ZONE_FILL_ALPHA)),
        },
      }),
    );
    outlines.push(
      new GeometryInstance({
        id: `plume-outline-${zone.tier}`,
        geometry: new PolylineGeometry({
          positions: ringPositions(outer, OUTLINE_HEIGHT_M),
          width: OUTLINE_WIDTH_PX,
          vertexFormat: PolylineColorAppearance.VERTEX_FORMAT,
        }),
        attributes: { color: ColorGeometryInstanceAttribute.fromColor(colour) },
      }),
    );
  }
  return { fills, outlines };
}
