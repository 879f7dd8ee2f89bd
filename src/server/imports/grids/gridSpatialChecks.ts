/**
 * The checks between grids, over those with a unique code and a valid shape, together with the
 * register's: each child inside its parent, siblings that overlap, parts of a parent no child
 * covers. Each family (a parent and its children) is checked in that order.
 */
import * as turf from '@turf/turf';
import type { Feature } from 'geojson';
import { gridLevelOf, parentGridCode } from '../../../domain/gridCode';
import type {
  AreaGeometryJson,
  ExistingGrid,
  GridCandidate,
  ReportGridProblem,
} from './gridCandidate';
import { bboxText, significantPieces, significantRegion } from './gridProblemPlaces';

/** A grid of the file (candidate set) or of the register (candidate null) with a usable shape. */
interface PlacedGrid {
  code: string;
  geometry: AreaGeometryJson;
  candidate: GridCandidate | null;
  name: string;
}

export interface SpatialCheckInput {
  candidates: readonly GridCandidate[];
  existing: ReadonlyMap<string, ExistingGrid>;
  /** The first candidate of each code (later ones are duplicates, already refused). */
  firstByCode: ReadonlyMap<string, GridCandidate>;
  /** The valid shapes, by candidate index. */
  shapes: ReadonlyMap<number, AreaGeometryJson>;
}

export function checkSpatialRelations(
  input: SpatialCheckInput,
  report: ReportGridProblem,
  refused: Set<number>,
): void {
  const placed = placeGrids(input);
  const incompleteParents = parentsWithUnusableChildren(input);
  const childrenOf = new Map<string, string[]>();
  for (const code of placed.keys()) {
    const parent = parentGridCode(code);
    if (parent === null) continue;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), code]);
  }

  for (const [parentCode, childCodes] of childrenOf) {
    const parent = placed.get(parentCode);
    const children = childCodes
      .map((code) => placed.get(code)!)
      .sort((a, b) => a.code.localeCompare(b.code));
    if (parent !== undefined) checkInsideParent(parent, children, report);
    checkSiblingOverlaps(children, report, refused);
    if (parent !== undefined && children.some((child) => child.candidate !== null)) {
      checkGaps(parent, children, incompleteParents.has(parentCode), report);
    }
  }
}

/** The register's grids, replaced by the file's of the same code (or dropped without a shape). */
function placeGrids({ existing, firstByCode, shapes }: SpatialCheckInput): Map<string, PlacedGrid> {
  const placed = new Map<string, PlacedGrid>();
  for (const grid of existing.values())
    placed.set(grid.code, {
      code: grid.code,
      geometry: grid.geometry,
      candidate: null,
      name: grid.name,
    });
  for (const candidate of firstByCode.values()) {
    const geometry = shapes.get(candidate.index);
    if (geometry !== undefined)
      placed.set(candidate.code, {
        code: candidate.code,
        geometry,
        candidate,
        name: candidate.name,
      });
    else placed.delete(candidate.code);
  }
  return placed;
}

/** Parents with a child in the file that has no usable code or shape: their gaps include it. */
function parentsWithUnusableChildren({
  candidates,
  firstByCode,
  shapes,
}: SpatialCheckInput): Set<string> {
  const incompleteParents = new Set<string>();
  for (const candidate of candidates) {
    const usable = firstByCode.get(candidate.code) === candidate && shapes.has(candidate.index);
    if (usable) continue;
    const parent =
      gridLevelOf(candidate.code) !== null
        ? parentGridCode(candidate.code)
        : candidate.declaredParent;
    if (parent !== null) incompleteParents.add(parent);
  }
  return incompleteParents;
}

function checkInsideParent(
  parent: PlacedGrid,
  children: readonly PlacedGrid[],
  report: ReportGridProblem,
): void {
  for (const child of children) {
    if (child.candidate === null && parent.candidate === null) continue;
    const outside = safeClip(() =>
      turf.difference(turf.featureCollection([feature(child.geometry), feature(parent.geometry)])),
    );
    const place = significantRegion(outside);
    if (place === null) continue;
    const subject = child.candidate ?? parent.candidate!;
    report(
      subject,
      'grid-outside-parent',
      'error',
      child.candidate
        ? `有 ${place.areaM2.toFixed(0)} m² 超出上级网格 ${parent.code}（${bboxText(place.bbox)}）`
        : `未覆盖已有下级网格 ${child.code} 的 ${place.areaM2.toFixed(0)} m²（${bboxText(place.bbox)}）`,
      child.candidate
        ? `${place.areaM2.toFixed(0)} m² lie outside its parent ${parent.code} (${bboxText(place.bbox)})`
        : `leaves ${place.areaM2.toFixed(0)} m² of existing child ${child.code} outside (${bboxText(place.bbox)})`,
      { where: place },
    );
  }
}

/** An overlap is reported once, on the first grid of the file, and refuses both. */
function checkSiblingOverlaps(
  children: readonly PlacedGrid[],
  report: ReportGridProblem,
  refused: Set<number>,
): void {
  const boxes = children.map((child) => turf.bbox(child.geometry));
  for (let i = 0; i < children.length; i += 1) {
    for (let j = i + 1; j < children.length; j += 1) {
      const a = children[i]!;
      const b = children[j]!;
      if (a.candidate === null && b.candidate === null) continue;
      if (!boxesTouch(boxes[i]!, boxes[j]!)) continue;
      const shared = safeClip(() =>
        turf.intersect(turf.featureCollection([feature(a.geometry), feature(b.geometry)])),
      );
      const place = significantRegion(shared);
      if (place === null) continue;
      const subject = a.candidate ?? b.candidate!;
      const other = subject === a.candidate ? b : a;
      report(
        subject,
        'grid-overlap',
        'error',
        `与同级网格 ${other.code}“${other.name}”重叠 ${place.areaM2.toFixed(0)} m²（${bboxText(place.bbox)}）`,
        `overlaps sibling ${other.code} "${other.name}" by ${place.areaM2.toFixed(0)} m² (${bboxText(place.bbox)})`,
        { where: place },
      );
      if (other.candidate !== null) refused.add(other.candidate.index);
    }
  }
}

/** Parts of the parent no child covers: a warning, on the parent when it is in the file. */
function checkGaps(
  parent: PlacedGrid,
  children: readonly PlacedGrid[],
  incomplete: boolean,
  report: ReportGridProblem,
): void {
  const covered =
    children.length === 1
      ? feature(children[0]!.geometry)
      : safeClip(() =>
          turf.union(turf.featureCollection(children.map((child) => feature(child.geometry)))),
        );
  if (covered === null) return;
  const gap = safeClip(() =>
    turf.difference(turf.featureCollection([feature(parent.geometry), covered])),
  );
  for (const place of significantPieces(gap)) {
    const subject =
      parent.candidate ?? children.find((child) => child.candidate !== null)!.candidate!;
    report(
      subject,
      'grid-gap',
      'warning',
      `上级网格 ${parent.code} 内有 ${place.areaM2.toFixed(0)} m² 不属于任何下级网格（${bboxText(place.bbox)}）${
        incomplete ? '；其下级网格有错误未参与检查，修正后此处可能不再是空隙' : ''
      }`,
      `${place.areaM2.toFixed(0)} m² of parent ${parent.code} belong to none of its children (${bboxText(place.bbox)})${
        incomplete
          ? '; some of its children have errors and were left out, so this may close once they are fixed'
          : ''
      }`,
      { where: place },
    );
  }
}

function feature(geometry: AreaGeometryJson): Feature<AreaGeometryJson> {
  return turf.feature(geometry);
}

function safeClip(run: () => Feature<AreaGeometryJson> | null): Feature<AreaGeometryJson> | null {
  try {
    return run();
  } catch {
    // The clipper gives up on some degenerate inputs already reported by the validity checks.
    return null;
  }
}

function boxesTouch(a: number[], b: number[]): boolean {
  return a[0]! <= b[2]! && b[0]! <= a[2]! && a[1]! <= b[3]! && b[1]! <= a[3]!;
}
