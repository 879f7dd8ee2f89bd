/**
 * Polygon validity of one grid: type, rings (length, closed, inside China once converted), holes
 * inside the outer ring, self-intersection and winding. Every ring is checked before giving up.
 */
import * as turf from '@turf/turf';
import type { Feature } from 'geojson';
import { isPointInRing } from '../../../domain/geo/planarGeometry';
import type { AreaGeometryJson, GridCandidate, ReportGridProblem } from './gridCandidate';
import { pointsPlace, roundGeometry } from './gridProblemPlaces';

/** Where China's coordinates lie (with margin): outside means the stated system is wrong. */
const CHINA_BOUNDS = { west: 73, south: 3, east: 136, north: 54 };

/** Ring and polygon checks; the geometry rewound to RFC 7946 winding when usable, else null. */
export function checkGeometry(
  candidate: GridCandidate,
  report: ReportGridProblem,
): AreaGeometryJson | null {
  const geometry = candidate.geometry;
  if (candidate.geometryUnconverted === true) return null;
  if (geometry === null) {
    report(candidate, 'grid-geometry-missing', 'error', '没有几何图形', 'has no geometry');
    return null;
  }
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
    report(
      candidate,
      'grid-geometry-type',
      'error',
      `几何类型为 ${String((geometry as { type?: unknown }).type)}，网格须为面（Polygon/MultiPolygon）`,
      `geometry is ${String((geometry as { type?: unknown }).type)}; a grid must be a Polygon or MultiPolygon`,
    );
    return null;
  }
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let usable = true;
  let windingWrong = false;
  for (const [p, rings] of polygons.entries()) {
    const part = polygons.length > 1 ? `第 ${p + 1} 部分` : '';
    const partEn = polygons.length > 1 ? `part ${p + 1}: ` : '';
    for (const [r, ring] of rings.entries()) {
      const ringZh = `${part}${r === 0 ? '外环' : `第 ${r} 个内环（洞）`}`;
      const ringEn = `${partEn}${r === 0 ? 'outer ring' : `hole ${r}`}`;
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (ring.length < 4) {
        report(
          candidate,
          'grid-ring-too-short',
          'error',
          `${ringZh}少于 4 个点`,
          `${ringEn} has fewer than 4 positions`,
        );
        usable = false;
        continue;
      }
      if (
        first === undefined ||
        last === undefined ||
        first[0] !== last[0] ||
        first[1] !== last[1]
      ) {
        report(
          candidate,
          'grid-ring-open',
          'error',
          `${ringZh}未闭合（首尾点不同）`,
          `${ringEn} is not closed (first and last positions differ)`,
        );
        usable = false;
        continue;
      }
      const outside = ring.find(
        (position) =>
          !(
            (position[0] as number) >= CHINA_BOUNDS.west &&
            (position[0] as number) <= CHINA_BOUNDS.east &&
            (position[1] as number) >= CHINA_BOUNDS.south &&
            (position[1] as number) <= CHINA_BOUNDS.north
          ),
      );
      if (outside !== undefined) {
        report(
          candidate,
          'grid-coordinates-out-of-range',
          'error',
          `${ringZh}的点 (${outside.join(', ')}) 换算后不在中国境内：坐标系是否选错？`,
          `${ringEn} has position (${outside.join(', ')}) outside China once converted: is the stated coordinate system right?`,
        );
        usable = false;
        continue;
      }
      const counterClockwise = !turf.booleanClockwise(ring);
      if (r === 0 ? !counterClockwise : counterClockwise) windingWrong = true;
      if (r > 0 && rings[0] !== undefined && rings[0].length >= 4) {
        const inside = ring
          .slice(0, -1)
          .every((position) =>
            isPointInRing([position[0] as number, position[1] as number], rings[0]!),
          );
        if (!inside) {
          report(
            candidate,
            'grid-hole-outside',
            'error',
            `${ringZh}不在外环内`,
            `${ringEn} does not lie inside the outer ring`,
            {
              where: pointsPlace(ring.slice(0, -1)),
            },
          );
          usable = false;
        }
      }
    }
  }
  if (!usable) return null;
  const kinks = turf.kinks(turf.feature(geometry));
  if (kinks.features.length > 0) {
    const points = kinks.features.map((point) => point.geometry.coordinates);
    const at = points[0]!.map((value) => value.toFixed(6)).join(', ');
    report(
      candidate,
      'grid-self-intersection',
      'error',
      `边界自相交 ${points.length} 处，首处在 (${at})`,
      `boundary intersects itself at ${points.length} place(s), first at (${at})`,
      { where: pointsPlace(points) },
    );
    return null;
  }
  if (windingWrong) {
    report(
      candidate,
      'grid-winding',
      'warning',
      '环的方向不符合 GeoJSON 规范（外环应逆时针、洞应顺时针），导入时已自动纠正',
      'ring winding differs from GeoJSON (outer counter-clockwise, holes clockwise); rewound on import',
    );
  }
  return roundGeometry((turf.rewind(turf.feature(geometry)) as Feature<AreaGeometryJson>).geometry);
}
