/**
 * Where a spatial problem lies, as the preview draws it: the significant pieces of a clipped
 * region, points, and coordinates rounded to about a centimetre.
 */
import * as turf from '@turf/turf';
import type { Feature, Polygon, Position } from 'geojson';
import type { ImportProblemPlace } from '../importKind';
import type { AreaGeometryJson } from './gridCandidate';

/**
 * Boundaries digitised on web maps or converted between coordinate systems disagree along shared
 * edges by a little: a region counts only when it is thicker than this.
 */
export const GRID_TOLERANCE_M = 1;
/** Coordinates kept in problems and stored polygons: 1e-7° is about a centimetre. */
const COORDINATE_DECIMALS = 7;

type ProblemPlace = ImportProblemPlace;

/** Thickness of one polygon piece in metres: 2·area / perimeter. */
function thicknessM(piece: Feature<Polygon>): { areaM2: number; thicknessM: number } {
  const areaM2 = turf.area(piece);
  const perimeterM = turf.length(turf.polygonToLine(piece) as Feature<never>, { units: 'meters' });
  return { areaM2, thicknessM: perimeterM > 0 ? (2 * areaM2) / perimeterM : 0 };
}

function piecesOf(region: Feature<AreaGeometryJson>): Feature<Polygon>[] {
  const geometry = region.geometry;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((coordinates) => turf.polygon(coordinates));
}

/** The pieces of a region thicker than the tolerance, each with its place. */
export function significantPieces(region: Feature<AreaGeometryJson> | null): ProblemPlace[] {
  if (region === null) return [];
  const places: ProblemPlace[] = [];
  for (const piece of piecesOf(region)) {
    const measure = thicknessM(piece);
    if (measure.thicknessM <= GRID_TOLERANCE_M) continue;
    places.push({
      bbox: roundBbox(turf.bbox(piece)),
      areaM2: Math.round(measure.areaM2),
      geometry: roundGeometry(piece.geometry),
    });
  }
  return places;
}

/** The whole region as one place when any of its pieces is thicker than the tolerance. */
export function significantRegion(region: Feature<AreaGeometryJson> | null): ProblemPlace | null {
  const pieces = significantPieces(region);
  if (pieces.length === 0) return null;
  const polygons = pieces.map((piece) => (piece.geometry as Polygon).coordinates);
  const geometry: AreaGeometryJson =
    polygons.length === 1
      ? { type: 'Polygon', coordinates: polygons[0]! }
      : { type: 'MultiPolygon', coordinates: polygons };
  return {
    bbox: roundBbox(turf.bbox(geometry)),
    areaM2: pieces.reduce((sum, piece) => sum + piece.areaM2, 0),
    geometry,
  };
}

export function pointsPlace(points: Position[]): ProblemPlace {
  const coordinates = points.map((point) => point.slice(0, 2).map(roundCoordinate));
  return {
    bbox: roundBbox(turf.bbox(turf.multiPoint(coordinates))),
    areaM2: 0,
    geometry: { type: 'MultiPoint', coordinates },
  };
}

function roundCoordinate(value: number): number {
  return Number(value.toFixed(COORDINATE_DECIMALS));
}

function roundBbox(bbox: number[]): ProblemPlace['bbox'] {
  return [
    roundCoordinate(bbox[0]!),
    roundCoordinate(bbox[1]!),
    roundCoordinate(bbox[2]!),
    roundCoordinate(bbox[3]!),
  ];
}

export function roundGeometry(geometry: AreaGeometryJson): AreaGeometryJson {
  const ring = (positions: Position[]): Position[] =>
    positions.map((position) => [roundCoordinate(position[0]!), roundCoordinate(position[1]!)]);
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: geometry.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((rings) => rings.map(ring)) };
}

export function bboxText(bbox: ProblemPlace['bbox']): string {
  return `${bbox[0].toFixed(5)},${bbox[1].toFixed(5)} – ${bbox[2].toFixed(5)},${bbox[3].toFixed(5)}`;
}
