/**
 * The district's skeleton: a convex, irregular outline and a lattice of arterial roads with
 * uneven spacing, rotated a few degrees like Fuzhou's street grid. Each lattice cell clipped to
 * the outline is a "cell piece"; base grids are made of pieces, so grids tile the district.
 */
import type { SeededRandom } from '../../src/domain/seededRandom';
import {
  clipRingToConvex,
  convexHull,
  signedRingAreaM2,
  type PlanarPoint,
  type PlanarRing,
} from '../../src/domain/geo/planarGeometry';
import { createLatticeFrame, type LatticeFrame } from './districtFrame';

export type MajorRoadClass = 'primary' | 'secondary';

export interface LatticeCell {
  column: number;
  row: number;
  /** The lattice rectangle, before clipping to the outline. */
  minUM: number;
  maxUM: number;
  minVM: number;
  maxVM: number;
  /** The rectangle clipped to the outline: what the cell contributes to the district. */
  ring: PlanarRing;
  areaM2: number;
}

export interface DistrictLattice {
  frame: LatticeFrame;
  /** Convex, counter-clockwise, lattice metres. */
  outline: PlanarRing;
  /** u of each north–south lattice road, ascending; column c lies between edges c and c+1. */
  columnEdgesM: number[];
  /** v of each east–west lattice road, ascending; row r lies between edges r and r+1. */
  rowEdgesM: number[];
  columnRoadClasses: MajorRoadClass[];
  rowRoadClasses: MajorRoadClass[];
  cells: LatticeCell[];
}

const COLUMN_SPACING_M = { min: 320, max: 460 } as const;
const ROW_SPACING_M = { min: 280, max: 400 } as const;
/** Every third lattice road is an arterial; the ones between are secondary. */
const PRIMARY_ROAD_EVERY = 3;
const ROTATION_DEG = { min: -12, max: -4 } as const;
const OUTLINE_VERTEX_COUNT = 18;
const OUTLINE_ELONGATION = 1.25;
const OUTLINE_RADIUS_JITTER = { min: 0.78, max: 1.12 } as const;
/** Corner slivers smaller than this are left out of the district rather than made a grid. */
const MIN_CELL_PIECE_M2 = 4000;

function createOutline(random: SeededRandom, areaM2: number): PlanarRing {
  const points: PlanarPoint[] = [];
  for (let vertex = 0; vertex < OUTLINE_VERTEX_COUNT; vertex++) {
    const angleRad = ((vertex + random.between(-0.3, 0.3)) / OUTLINE_VERTEX_COUNT) * 2 * Math.PI;
    const radius = random.between(OUTLINE_RADIUS_JITTER.min, OUTLINE_RADIUS_JITTER.max);
    points.push([
      Math.cos(angleRad) * radius * OUTLINE_ELONGATION,
      (Math.sin(angleRad) * radius) / OUTLINE_ELONGATION,
    ]);
  }
  const hull = convexHull(points);
  const scale = Math.sqrt(areaM2 / signedRingAreaM2(hull));
  return hull.map(([uM, vM]) => [uM * scale, vM * scale] as const);
}

function latticeEdges(
  random: SeededRandom,
  minM: number,
  maxM: number,
  spacing: { min: number; max: number },
): number[] {
  const edges = [minM - random.between(0, spacing.min)];
  while (edges[edges.length - 1]! < maxM) {
    edges.push(edges[edges.length - 1]! + random.between(spacing.min, spacing.max));
  }
  return edges;
}

function roadClasses(random: SeededRandom, edgeCount: number): MajorRoadClass[] {
  const offset = random.int(0, PRIMARY_ROAD_EVERY - 1);
  return Array.from({ length: edgeCount }, (_, index) =>
    (index + offset) % PRIMARY_ROAD_EVERY === 0 ? 'primary' : 'secondary',
  );
}

export function createDistrictLattice(
  random: SeededRandom,
  districtAreaM2: number,
): DistrictLattice {
  const frame = createLatticeFrame(random.between(ROTATION_DEG.min, ROTATION_DEG.max));
  const outline = createOutline(random, districtAreaM2);
  const outlineU = outline.map((point) => point[0]);
  const outlineV = outline.map((point) => point[1]);
  const columnEdgesM = latticeEdges(
    random,
    Math.min(...outlineU),
    Math.max(...outlineU),
    COLUMN_SPACING_M,
  );
  const rowEdgesM = latticeEdges(
    random,
    Math.min(...outlineV),
    Math.max(...outlineV),
    ROW_SPACING_M,
  );
  const cells: LatticeCell[] = [];
  for (let row = 0; row + 1 < rowEdgesM.length; row++) {
    for (let column = 0; column + 1 < columnEdgesM.length; column++) {
      const minUM = columnEdgesM[column]!;
      const maxUM = columnEdgesM[column + 1]!;
      const minVM = rowEdgesM[row]!;
      const maxVM = rowEdgesM[row + 1]!;
      const rectangle: PlanarRing = [
        [minUM, minVM],
        [maxUM, minVM],
        [maxUM, maxVM],
        [minUM, maxVM],
      ];
      const ring = clipRingToConvex(rectangle, outline);
      const areaM2 = ring.length > 0 ? signedRingAreaM2(ring) : 0;
      if (areaM2 < MIN_CELL_PIECE_M2) continue;
      cells.push({ column, row, minUM, maxUM, minVM, maxVM, ring, areaM2 });
    }
  }
  return {
    frame,
    outline,
    columnEdgesM,
    rowEdgesM,
    columnRoadClasses: roadClasses(random, columnEdgesM.length),
    rowRoadClasses: roadClasses(random, rowEdgesM.length),
    cells,
  };
}
