/**
 * The footprint's own validity, checked before any number or placement so a building with a
 * broken outline is refused with every ring problem named, not only the first.
 */
import { kinks, polygon as turfPolygon } from '@turf/turf';
import { isPointInRing } from '../../../domain/geo/planarGeometry';
import type { ReportBuildingProblem } from './plannedBuilding';

/** The feature's rings when usable as a footprint; problems are reported, null when refused. */
export function checkFootprintRings(
  rings: [number, number][][] | null,
  add: ReportBuildingProblem,
): [number, number][][] | null {
  let lonLatRings: [number, number][][] | null = rings;
  if (!lonLatRings || lonLatRings.length === 0) {
    add(
      'geometry-missing',
      '没有可用的面状轮廓（需要 Polygon）',
      'no usable polygon footprint (Polygon expected)',
    );
    lonLatRings = null;
  } else if (lonLatRings.some((ring) => ring.length < 3)) {
    add(
      'ring-too-short',
      '轮廓的环少于 3 个不同的点',
      'a ring of the footprint has fewer than 3 distinct points',
    );
    lonLatRings = null;
  } else {
    const closedRings = lonLatRings.map((ring) => [...ring, ring[0]!]);
    const crossings = kinks(turfPolygon(closedRings)).features;
    if (crossings.length > 0) {
      const [lon, lat] = crossings[0]!.geometry.coordinates as [number, number];
      add(
        'self-intersection',
        `轮廓自相交（${crossings.length} 处，首处 ${lon.toFixed(6)}, ${lat.toFixed(6)}）`,
        `the footprint crosses itself (${crossings.length} places, first at ${lon.toFixed(6)}, ${lat.toFixed(6)})`,
      );
      lonLatRings = null;
    } else {
      const outer = lonLatRings[0]!;
      lonLatRings.slice(1).forEach((hole, holeIndex) => {
        if (!hole.every((point) => isPointInRing(point, outer))) {
          add(
            'hole-outside',
            `第 ${holeIndex + 1} 个内环（天井）不在外轮廓内`,
            `hole ${holeIndex + 1} (courtyard) does not lie inside the outer ring`,
          );
          lonLatRings = null;
        }
      });
    }
  }
  return lonLatRings;
}
