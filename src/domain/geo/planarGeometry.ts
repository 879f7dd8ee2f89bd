/**
 * Plane geometry in local metres (x east-ish, y north-ish) for district-scale shapes: areas,
 * centroids, convex clipping, convex hulls, point-in-polygon and distances. Rings are arrays of
 * points, counter-clockwise for outer boundaries, not closed (first point not repeated).
 */

export type PlanarPoint = readonly [xM: number, yM: number];
export type PlanarRing = PlanarPoint[];

/** Signed area: positive for counter-clockwise rings. */
export function signedRingAreaM2(ring: readonly PlanarPoint[]): number {
  let twiceArea = 0;
  for (let index = 0; index < ring.length; index++) {
    const [x1, y1] = ring[index]!;
    const [x2, y2] = ring[(index + 1) % ring.length]!;
    twiceArea += x1 * y2 - x2 * y1;
  }
  return twiceArea / 2;
}

/** Area centroid of a simple ring; falls back to the vertex mean for degenerate rings. */
export function ringCentroid(ring: readonly PlanarPoint[]): PlanarPoint {
  let twiceArea = 0;
  let sumX = 0;
  let sumY = 0;
  for (let index = 0; index < ring.length; index++) {
    const [x1, y1] = ring[index]!;
    const [x2, y2] = ring[(index + 1) % ring.length]!;
    const cross = x1 * y2 - x2 * y1;
    twiceArea += cross;
    sumX += (x1 + x2) * cross;
    sumY += (y1 + y2) * cross;
  }
  if (Math.abs(twiceArea) < 1e-9) {
    const meanX = ring.reduce((sum, point) => sum + point[0], 0) / Math.max(ring.length, 1);
    const meanY = ring.reduce((sum, point) => sum + point[1], 0) / Math.max(ring.length, 1);
    return [meanX, meanY];
  }
  return [sumX / (3 * twiceArea), sumY / (3 * twiceArea)];
}

function sideOfLine(lineStart: PlanarPoint, lineEnd: PlanarPoint, point: PlanarPoint): number {
  return (
    (lineEnd[0] - lineStart[0]) * (point[1] - lineStart[1]) -
    (lineEnd[1] - lineStart[1]) * (point[0] - lineStart[0])
  );
}

function comparePoints(first: PlanarPoint, second: PlanarPoint): number {
  return first[0] - second[0] || first[1] - second[1];
}

/**
 * Where segment (p, q) crosses the line through (lineStart, lineEnd). The endpoints are put in
 * a canonical order first, so two neighbouring cells that share an edge (traversed in opposite
 * directions) get bit-identical crossing points: that is what lets unions cancel shared edges.
 */
function crossing(
  p: PlanarPoint,
  q: PlanarPoint,
  lineStart: PlanarPoint,
  lineEnd: PlanarPoint,
): PlanarPoint {
  const [first, second] = comparePoints(p, q) <= 0 ? [p, q] : [q, p];
  const firstSide = sideOfLine(lineStart, lineEnd, first);
  const secondSide = sideOfLine(lineStart, lineEnd, second);
  const fraction = firstSide / (firstSide - secondSide);
  return [
    first[0] + fraction * (second[0] - first[0]),
    first[1] + fraction * (second[1] - first[1]),
  ];
}

function dropRepeatedPoints(ring: PlanarPoint[]): PlanarRing {
  const kept: PlanarRing = [];
  for (const point of ring) {
    const previous = kept[kept.length - 1];
    if (!previous || previous[0] !== point[0] || previous[1] !== point[1]) kept.push(point);
  }
  while (kept.length > 1 && comparePoints(kept[0]!, kept[kept.length - 1]!) === 0) kept.pop();
  return kept;
}

/** Sutherland–Hodgman: the part of `subject` inside the convex, counter-clockwise `clip`. */
export function clipRingToConvex(
  subject: readonly PlanarPoint[],
  clip: readonly PlanarPoint[],
): PlanarRing {
  let output: PlanarPoint[] = [...subject];
  for (let edge = 0; edge < clip.length && output.length > 0; edge++) {
    const lineStart = clip[edge]!;
    const lineEnd = clip[(edge + 1) % clip.length]!;
    const input = output;
    output = [];
    for (let index = 0; index < input.length; index++) {
      const current = input[index]!;
      const previous = input[(index + input.length - 1) % input.length]!;
      const currentInside = sideOfLine(lineStart, lineEnd, current) >= 0;
      const previousInside = sideOfLine(lineStart, lineEnd, previous) >= 0;
      if (currentInside) {
        if (!previousInside) output.push(crossing(previous, current, lineStart, lineEnd));
        output.push(current);
      } else if (previousInside) {
        output.push(crossing(previous, current, lineStart, lineEnd));
      }
    }
  }
  const cleaned = dropRepeatedPoints(output);
  return cleaned.length >= 3 ? cleaned : [];
}

/** Counter-clockwise convex hull (Andrew's monotone chain), collinear points dropped. */
export function convexHull(points: readonly PlanarPoint[]): PlanarRing {
  const sorted = [...points].sort(comparePoints);
  const lower: PlanarPoint[] = [];
  const upper: PlanarPoint[] = [];
  for (const point of sorted) {
    while (
      lower.length >= 2 &&
      sideOfLine(lower[lower.length - 2]!, lower[lower.length - 1]!, point) <= 0
    )
      lower.pop();
    lower.push(point);
  }
  for (const point of [...sorted].reverse()) {
    while (
      upper.length >= 2 &&
      sideOfLine(upper[upper.length - 2]!, upper[upper.length - 1]!, point) <= 0
    )
      upper.pop();
    upper.push(point);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/**
 * Even–odd point-in-ring test, the one for the whole system: planar rings in metres and lon/lat
 * rings in degrees (GeoJSON positions, closed or not) alike.
 */
export function isPointInRing(point: PlanarPoint, ring: readonly (readonly number[])[]): boolean {
  let inside = false;
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index++) {
    const xi = ring[index]![0]!;
    const yi = ring[index]![1]!;
    const xj = ring[previous]![0]!;
    const yj = ring[previous]![1]!;
    if (
      yi > point[1] !== yj > point[1] &&
      point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi
    ) {
      inside = !inside;
    }
  }
  return inside;
}

/** Smallest distance from `point` to any edge line of a convex CCW ring; negative outside. */
export function insetDistanceInConvexM(point: PlanarPoint, convex: readonly PlanarPoint[]): number {
  let smallestM = Infinity;
  for (let index = 0; index < convex.length; index++) {
    const start = convex[index]!;
    const end = convex[(index + 1) % convex.length]!;
    const lengthM = Math.hypot(end[0] - start[0], end[1] - start[1]);
    if (lengthM === 0) continue;
    smallestM = Math.min(smallestM, sideOfLine(start, end, point) / lengthM);
  }
  return smallestM;
}

export function pointSegmentDistanceM(
  point: PlanarPoint,
  start: PlanarPoint,
  end: PlanarPoint,
): number {
  const dx = end[0] - start[0];
  const dy = end[1] - start[1];
  const lengthSquared = dx * dx + dy * dy;
  const along =
    lengthSquared === 0
      ? 0
      : Math.max(
          0,
          Math.min(1, ((point[0] - start[0]) * dx + (point[1] - start[1]) * dy) / lengthSquared),
        );
  return Math.hypot(point[0] - (start[0] + along * dx), point[1] - (start[1] + along * dy));
}

function segmentsCross(
  a1: PlanarPoint,
  a2: PlanarPoint,
  b1: PlanarPoint,
  b2: PlanarPoint,
): boolean {
  const d1 = sideOfLine(b1, b2, a1);
  const d2 = sideOfLine(b1, b2, a2);
  const d3 = sideOfLine(a1, a2, b1);
  const d4 = sideOfLine(a1, a2, b2);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

export function segmentSegmentDistanceM(
  a1: PlanarPoint,
  a2: PlanarPoint,
  b1: PlanarPoint,
  b2: PlanarPoint,
): number {
  if (segmentsCross(a1, a2, b1, b2)) return 0;
  return Math.min(
    pointSegmentDistanceM(a1, b1, b2),
    pointSegmentDistanceM(a2, b1, b2),
    pointSegmentDistanceM(b1, a1, a2),
    pointSegmentDistanceM(b2, a1, a2),
  );
}

/** Distance from a segment to a convex ring: 0 when they touch or the segment is inside. */
export function segmentRingDistanceM(
  start: PlanarPoint,
  end: PlanarPoint,
  ring: readonly PlanarPoint[],
): number {
  if (isPointInRing(start, ring) || isPointInRing(end, ring)) return 0;
  let smallestM = Infinity;
  for (let index = 0; index < ring.length; index++) {
    smallestM = Math.min(
      smallestM,
      segmentSegmentDistanceM(start, end, ring[index]!, ring[(index + 1) % ring.length]!),
    );
  }
  return smallestM;
}

/** The part of segment (start, end) inside a convex CCW ring (Cyrus–Beck), or null. */
export function clipSegmentToConvex(
  start: PlanarPoint,
  end: PlanarPoint,
  convex: readonly PlanarPoint[],
): [PlanarPoint, PlanarPoint] | null {
  let enter = 0;
  let leave = 1;
  for (let index = 0; index < convex.length; index++) {
    const lineStart = convex[index]!;
    const lineEnd = convex[(index + 1) % convex.length]!;
    const startSide = sideOfLine(lineStart, lineEnd, start);
    const endSide = sideOfLine(lineStart, lineEnd, end);
    if (startSide < 0 && endSide < 0) return null;
    if (startSide >= 0 && endSide >= 0) continue;
    const fraction = startSide / (startSide - endSide);
    if (startSide < 0) enter = Math.max(enter, fraction);
    else leave = Math.min(leave, fraction);
  }
  if (enter >= leave) return null;
  const at = (fraction: number): PlanarPoint => [
    start[0] + fraction * (end[0] - start[0]),
    start[1] + fraction * (end[1] - start[1]),
  ];
  return [at(enter), at(leave)];
}
