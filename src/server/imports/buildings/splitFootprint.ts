/**
 * Cuts an arbitrary footprint (concave, L, U, courtyard with holes) into a given number of unit
 * pieces, in local metres. Pieces are equal-area strips across the footprint's long axis; where a
 * strip falls apart (the two arms of a U, both sides of a courtyard) each part is its own unit,
 * and the largest pieces are then halved until the count is exact. Every piece is a plain
 * polygon (outer ring counter-clockwise, holes clockwise, not closed), so each unit is its own
 * pickable piece in the tiles and its own volume on a third-party model.
 */
import { intersect, featureCollection, polygon as turfPolygon } from '@turf/turf';
import { convexHull, signedRingAreaM2, type PlanarPoint } from '../../../domain/geo/planarGeometry';

/** Outer ring first, then holes; rings not closed. */
export type PolygonRings = PlanarPoint[][];

export interface FootprintPiece {
  rings: PolygonRings;
  areaM2: number;
}

export interface SplitResult {
  pieces: FootprintPiece[];
  /** Angle of the long axis from east, counter-clockwise, degrees. */
  axisDeg: number;
}

const BISECTION_STEPS = 40;
const SNAP_GRIDS_M = [1e-6, 1e-3, 1e-2];

/** The footprint's geometry defeats the clipper even after snapping. */
export class SplitError extends Error {}
/** Slivers under this are clipping noise, not units. */
const MIN_PIECE_AREA_M2 = 0.01;

export function polygonAreaM2(rings: PolygonRings): number {
  const [outer, ...holes] = rings;
  if (!outer) return 0;
  return (
    Math.abs(signedRingAreaM2(outer)) -
    holes.reduce((sum, hole) => sum + Math.abs(signedRingAreaM2(hole)), 0)
  );
}

function rotate(point: PlanarPoint, angleRad: number): PlanarPoint {
  const cos = Math.cos(angleRad);
  const sin = Math.sin(angleRad);
  return [point[0] * cos - point[1] * sin, point[0] * sin + point[1] * cos];
}

function rotateRings(rings: PolygonRings, angleRad: number): PolygonRings {
  return rings.map((ring) => ring.map((point) => rotate(point, angleRad)));
}

/** Direction of the long side of the smallest-area rectangle around the outline. */
export function longAxisRad(outer: readonly PlanarPoint[]): number {
  const hull = convexHull(outer);
  let best = { area: Infinity, angle: 0 };
  for (let index = 0; index < hull.length; index++) {
    const start = hull[index]!;
    const end = hull[(index + 1) % hull.length]!;
    const angle = Math.atan2(end[1] - start[1], end[0] - start[0]);
    const rotated = hull.map((point) => rotate(point, -angle));
    const xs = rotated.map((point) => point[0]);
    const ys = rotated.map((point) => point[1]);
    const width = Math.max(...xs) - Math.min(...xs);
    const height = Math.max(...ys) - Math.min(...ys);
    if (width * height < best.area - 1e-9) {
      best = { area: width * height, angle: height > width ? angle + Math.PI / 2 : angle };
    }
  }
  return best.angle;
}

function closed(ring: readonly PlanarPoint[]): number[][] {
  const points = ring.map((point) => [point[0], point[1]]);
  points.push([ring[0]![0], ring[0]![1]]);
  return points;
}

function open(ring: number[][]): PlanarPoint[] {
  const points = ring.map((point) => [point[0]!, point[1]!] as PlanarPoint);
  const first = points[0];
  const last = points[points.length - 1];
  if (first && last && first[0] === last[0] && first[1] === last[1]) points.pop();
  return points;
}

/** Orients the outer ring counter-clockwise and holes clockwise. */
export function normaliseRings(rings: PolygonRings): PolygonRings {
  return rings.map((ring, index) => {
    const area = signedRingAreaM2(ring);
    const wantPositive = index === 0;
    return area > 0 === wantPositive ? ring : [...ring].reverse();
  });
}

/** The parts of `rings` inside the axis-aligned box. */
function clipToBox(
  rings: PolygonRings,
  minX: number,
  maxX: number,
  minY: number,
  maxY: number,
): PolygonRings[] {
  const box = turfPolygon([
    [
      [minX, minY],
      [maxX, minY],
      [maxX, maxY],
      [minX, maxY],
      [minX, minY],
    ],
  ]);
  // Clipping is exact arithmetic on floats: coordinates a hair apart (1e-13 m) can leave a ring
  // it cannot close. Snapping to a micrometre first, then to a millimetre, removes those.
  let result: ReturnType<typeof intersect> = null;
  let lastError: unknown = null;
  for (const grid of SNAP_GRIDS_M) {
    const snap = (value: number) => Math.round(value / grid) * grid;
    const snapped = rings.map((ring) => closed(ring.map(([x, y]) => [snap(x), snap(y)] as const)));
    try {
      result = intersect(featureCollection([turfPolygon(snapped), box]));
      lastError = null;
      break;
    } catch (error) {
      lastError = error;
    }
  }
  if (lastError !== null)
    throw new SplitError(`the footprint could not be cut: ${String(lastError)}`);
  if (!result) return [];
  const geometry = result.geometry;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons
    .map((polygon) => normaliseRings(polygon.map(open)))
    .filter((piece) => polygonAreaM2(piece) >= MIN_PIECE_AREA_M2);
}

function extent(rings: PolygonRings): { minX: number; maxX: number; minY: number; maxY: number } {
  const outer = rings[0]!;
  const xs = outer.map((point) => point[0]);
  const ys = outer.map((point) => point[1]);
  return {
    minX: Math.min(...xs),
    maxX: Math.max(...xs),
    minY: Math.min(...ys) - 1,
    maxY: Math.max(...ys) + 1,
  };
}

function signedAreaLeftOf(ring: readonly PlanarPoint[], x: number): number {
  const kept: PlanarPoint[] = [];
  for (let index = 0; index < ring.length; index++) {
    const current = ring[index]!;
    const previous = ring[(index + ring.length - 1) % ring.length]!;
    const currentIn = current[0] <= x;
    const previousIn = previous[0] <= x;
    if (currentIn !== previousIn) {
      const fraction = (x - previous[0]) / (current[0] - previous[0]);
      kept.push([x, previous[1] + fraction * (current[1] - previous[1])]);
    }
    if (currentIn) kept.push(current);
  }
  return kept.length >= 3 ? signedRingAreaM2(kept) : 0;
}

/** Cut positions along x that leave equal areas between them (rings already rotated). */
function equalAreaCuts(rings: PolygonRings, strips: number): number[] {
  const { minX, maxX, minY, maxY } = extent(rings);
  const total = polygonAreaM2(rings);
  // Sutherland–Hodgman against one half-plane keeps the signed area exact even for concave
  // rings (the output may touch itself, the area does not care), and is far cheaper than a full
  // polygon clip inside the bisection.
  const areaLeftOf = (x: number) => rings.reduce((sum, ring) => sum + signedAreaLeftOf(ring, x), 0);
  void minY;
  void maxY;
  const cuts: number[] = [];
  for (let cut = 1; cut < strips; cut++) {
    const target = (total * cut) / strips;
    let low = cuts[cuts.length - 1] ?? minX;
    let high = maxX;
    for (let step = 0; step < BISECTION_STEPS; step++) {
      const middle = (low + high) / 2;
      if (areaLeftOf(middle) < target) low = middle;
      else high = middle;
    }
    cuts.push((low + high) / 2);
  }
  return cuts;
}

function stripsOf(rings: PolygonRings, strips: number): PolygonRings[] {
  const { minX, maxX, minY, maxY } = extent(rings);
  const edges = [minX - 1, ...equalAreaCuts(rings, strips), maxX + 1];
  const pieces: PolygonRings[] = [];
  for (let strip = 0; strip < strips; strip++) {
    pieces.push(...clipToBox(rings, edges[strip]!, edges[strip + 1]!, minY, maxY));
  }
  return pieces;
}

/** Halves a piece across its own long axis; the parts, or null when it does not split in two. */
function halve(rings: PolygonRings): PolygonRings[] | null {
  const angle = longAxisRad(rings[0]!);
  const parts = stripsOf(rotateRings(rings, -angle), 2).map((part) => rotateRings(part, angle));
  return parts.length === 2 ? parts.map(normaliseRings) : null;
}

function centroidX(rings: PolygonRings): number {
  const outer = rings[0]!;
  return outer.reduce((sum, point) => sum + point[0], 0) / outer.length;
}

function centroidY(rings: PolygonRings): number {
  const outer = rings[0]!;
  return outer.reduce((sum, point) => sum + point[1], 0) / outer.length;
}

/**
 * Splits `rings` (local metres) into exactly `count` pieces where the shape allows (it always
 * does for count ≤ the number of equal-area strips that stay whole). Pieces are ordered along
 * the long axis, then across it, so unit numbers run along the building.
 */
export function splitFootprint(rings: PolygonRings, count: number): SplitResult {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`unit count ${count} is not a positive integer`);
  const normalised = normaliseRings(rings);
  const angle = longAxisRad(normalised[0]!);
  const rotated = rotateRings(normalised, -angle);
  let pieces: PolygonRings[] = [rotated];
  // Most footprints (slabs, towers, L shapes) split into whole strips: try that first.
  const direct = count > 1 ? stripsOf(rotated, count) : pieces;
  if (direct.length === count) pieces = direct;
  for (let strips = 2; strips <= count && pieces.length !== count; strips++) {
    const next = stripsOf(rotated, strips);
    if (next.length > count) break;
    pieces = next;
    if (next.length === count) break;
  }
  // Halve the largest pieces (in the rotated frame) until the count is exact.
  while (pieces.length < count) {
    const bySize = pieces
      .map((piece, index) => ({ index, area: polygonAreaM2(piece) }))
      .sort((left, right) => right.area - left.area);
    let split = false;
    for (const { index } of bySize) {
      const parts = halve(pieces[index]!);
      if (!parts) continue;
      pieces.splice(index, 1, ...parts);
      split = true;
      break;
    }
    if (!split) break;
  }
  pieces.sort(
    (left, right) =>
      Math.round(centroidX(left) * 100) - Math.round(centroidX(right) * 100) ||
      centroidY(left) - centroidY(right),
  );
  return {
    axisDeg: (angle * 180) / Math.PI,
    pieces: pieces.map((piece) => {
      const back = normaliseRings(rotateRings(piece, angle));
      return { rings: back, areaM2: polygonAreaM2(back) };
    }),
  };
}

/** The piece's bounding rectangle along the axis, as a one-unit wing for the 2D floor views. */
export function pieceWing(
  piece: FootprintPiece,
  axisDeg: number,
): {
  centerEastM: number;
  centerNorthM: number;
  lengthM: number;
  depthM: number;
  rotationDeg: number;
  unitCount: number;
} {
  const angle = (axisDeg * Math.PI) / 180;
  const rotated = piece.rings[0]!.map((point) => rotate(point, -angle));
  const xs = rotated.map((point) => point[0]);
  const ys = rotated.map((point) => point[1]);
  const centre = rotate(
    [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2],
    angle,
  );
  return {
    centerEastM: centre[0],
    centerNorthM: centre[1],
    lengthM: Math.max(...xs) - Math.min(...xs),
    depthM: Math.max(...ys) - Math.min(...ys),
    rotationDeg: axisDeg,
    unitCount: 1,
  };
}
