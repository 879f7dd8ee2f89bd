/**
 * Every check of a grid file, each problem naming its feature: code structure and hierarchy,
 * polygon validity (rings, self-intersection, winding, holes), each child inside its parent,
 * siblings that overlap or leave gaps. Spatial problems carry the area in m² and where it is
 * (bbox and the region's geometry), so a preview can draw it. All problems are listed; no check
 * stops at the first.
 *
 * Boundaries digitised on web maps or converted between coordinate systems disagree along shared
 * edges by a little: a region counts only when it is thicker than GRID_TOLERANCE_M (thickness =
 * 2·area/perimeter, the width of a sliver and half the width of a compact piece).
 */
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { gridLevelOf, parentGridCode } from '../../../domain/gridCode';
import { isPointInRing } from '../../../domain/geo/planarGeometry';
import type { GridLevel } from '../../../domain/registry';
import type { ImportProblem, ImportProblemPlace } from '../importKind';

export const GRID_TOLERANCE_M = 1;
/** Where China's coordinates lie (with margin): outside means the stated system is wrong. */
const CHINA_BOUNDS = { west: 73, south: 3, east: 136, north: 54 };
/** Coordinates kept in problems and stored polygons: 1e-7° is about a centimetre. */
const COORDINATE_DECIMALS = 7;

export type AreaGeometryJson = Polygon | MultiPolygon;

/** One grid as read and converted to WGS84, before checks. */
export interface GridCandidate {
  index: number;
  layer: string;
  code: string;
  name: string;
  nameEn: string;
  /** Level as the file states it (null: not stated, taken from the code). */
  declaredLevel: GridLevel | null;
  /** Whether the file stated a level the kind could not read. */
  levelUnreadable: boolean;
  declaredParent: string | null;
  geometry: AreaGeometryJson | null;
  /** Set when the coordinates could not be converted (already reported): no geometry checks. */
  geometryUnconverted?: boolean;
}

/** A grid already in the register (a parent or a sibling of an imported grid). */
export interface ExistingGrid {
  code: string;
  parentCode: string | null;
  level: GridLevel;
  name: string;
  geometry: AreaGeometryJson;
}

type ProblemPlace = ImportProblemPlace;
export type GridProblem = ImportProblem;

export interface GridCheckResult {
  problems: GridProblem[];
  /** Feature indexes with at least one error (refused). */
  refused: Set<number>;
  /** The grids that passed, geometry rewound (outer rings counter-clockwise), by code. */
  valid: Map<
    string,
    GridCandidate & { level: GridLevel; parentCode: string | null; geometry: AreaGeometryJson }
  >;
}

function label(candidate: GridCandidate): { zh: string; en: string; feature: string } {
  const code = candidate.code === '' ? '' : `，编码 ${candidate.code}`;
  const name = candidate.name === '' ? '' : `“${candidate.name}”`;
  return {
    zh: `第 ${candidate.index} 个要素${name}${code}（图层 ${candidate.layer}）`,
    en: `feature ${candidate.index}${candidate.name ? ` "${candidate.name}"` : ''}${
      candidate.code ? ` (code ${candidate.code})` : ''
    } in ${candidate.layer}`,
    feature: candidate.code || `#${candidate.index}`,
  };
}

export function checkGrids(
  candidates: readonly GridCandidate[],
  existing: ReadonlyMap<string, ExistingGrid>,
): GridCheckResult {
  const problems: GridProblem[] = [];
  const refused = new Set<number>();
  const report = (
    candidate: GridCandidate,
    code: string,
    severity: 'error' | 'warning',
    zh: string,
    en: string,
    extra: { column?: string; where?: ProblemPlace } = {},
  ): void => {
    const named = label(candidate);
    problems.push({
      row: candidate.index,
      feature: named.feature,
      code,
      severity,
      messageZh: `${named.zh}：${zh}`,
      messageEn: `${named.en}: ${en}`,
      ...extra,
    });
    if (severity === 'error') refused.add(candidate.index);
  };

  // Codes and hierarchy.
  const firstByCode = new Map<string, GridCandidate>();
  const levelOf = new Map<number, GridLevel>();
  for (const candidate of candidates) {
    if (candidate.name === '')
      report(candidate, 'grid-name-missing', 'error', '缺少名称', 'has no name', {
        column: 'name',
      });
    if (candidate.code === '') {
      report(candidate, 'grid-code-missing', 'error', '缺少网格编码', 'has no grid code', {
        column: 'code',
      });
      continue;
    }
    const level = gridLevelOf(candidate.code);
    if (level === null) {
      report(
        candidate,
        'grid-code-format',
        'error',
        `编码“${candidate.code}”不合规：须为 6 位区县码，每下一级再加 3 位数字（6/9/12/15 位）`,
        `code "${candidate.code}" is malformed: 6 digits for the district, 3 more per level (6, 9, 12 or 15 digits)`,
        { column: 'code' },
      );
      continue;
    }
    levelOf.set(candidate.index, level);
    const earlier = firstByCode.get(candidate.code);
    if (earlier !== undefined) {
      report(
        candidate,
        'grid-code-duplicate',
        'error',
        `编码与第 ${earlier.index} 个要素重复`,
        `has the same code as feature ${earlier.index}`,
        { column: 'code' },
      );
    } else {
      firstByCode.set(candidate.code, candidate);
    }
    if (candidate.levelUnreadable) {
      report(
        candidate,
        'grid-level-unreadable',
        'error',
        '层级无法识别（应为 1–4 或 区/街道/社区/网格）',
        'level is not 1–4 or district/street/community/grid',
        { column: 'level' },
      );
    } else if (candidate.declaredLevel !== null && candidate.declaredLevel !== level) {
      report(
        candidate,
        'grid-level-mismatch',
        'error',
        `声明的层级 ${candidate.declaredLevel} 与编码长度对应的层级 ${level} 不符`,
        `stated level ${candidate.declaredLevel} does not match level ${level} of its code's length`,
        { column: 'level' },
      );
    }
    const parentCode = parentGridCode(candidate.code);
    if (candidate.declaredParent !== null && candidate.declaredParent !== (parentCode ?? '')) {
      report(
        candidate,
        'grid-parent-mismatch',
        'error',
        `声明的上级编码“${candidate.declaredParent}”不是其编码的前缀“${parentCode ?? '（无）'}”`,
        `stated parent "${candidate.declaredParent}" is not its code's prefix "${parentCode ?? '(none)'}"`,
        { column: 'parent' },
      );
    }
    if (parentCode !== null && !firstByCode.has(parentCode) && !existing.has(parentCode)) {
      const inFileLater = candidates.some((other) => other.code === parentCode);
      if (!inFileLater) {
        report(
          candidate,
          'grid-parent-missing',
          'error',
          `上级网格 ${parentCode} 既不在文件中，也不在已有网格中`,
          `its parent ${parentCode} is neither in the file nor in the register`,
          { column: 'code' },
        );
      }
    }
  }

  // Polygon validity.
  const shapes = new Map<number, AreaGeometryJson>();
  for (const candidate of candidates) {
    const geometry = checkGeometry(candidate, report);
    if (geometry !== null) shapes.set(candidate.index, geometry);
  }

  // Spatial relations, over grids with a code, a level and a valid shape.
  const placed = new Map<
    string,
    { code: string; geometry: AreaGeometryJson; candidate: GridCandidate | null; name: string }
  >();
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
  // Parents with a child in the file that has no usable code or shape: their gaps include it.
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
    // Child inside parent.
    if (parent !== undefined) {
      for (const child of children) {
        if (child.candidate === null && parent.candidate === null) continue;
        const outside = safeClip(() =>
          turf.difference(
            turf.featureCollection([feature(child.geometry), feature(parent.geometry)]),
          ),
        );
        const place = significantRegion(outside);
        if (place === null) continue;
        const subject = child.candidate ?? parent.candidate!;
        report(
          subject,
          'grid-outside-parent',
          'error',
          child.candidate
            ? `有 ${place.areaM2.toFixed(0)} m² 超出上级网格 ${parentCode}（${bboxText(place.bbox)}）`
            : `未覆盖已有下级网格 ${child.code} 的 ${place.areaM2.toFixed(0)} m²（${bboxText(place.bbox)}）`,
          child.candidate
            ? `${place.areaM2.toFixed(0)} m² lie outside its parent ${parentCode} (${bboxText(place.bbox)})`
            : `leaves ${place.areaM2.toFixed(0)} m² of existing child ${child.code} outside (${bboxText(place.bbox)})`,
          { where: place },
        );
      }
    }
    // Siblings overlapping.
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
    // Gaps: parts of the parent no child covers.
    if (parent !== undefined && children.some((child) => child.candidate !== null)) {
      const covered =
        children.length === 1
          ? feature(children[0]!.geometry)
          : safeClip(() =>
              turf.union(turf.featureCollection(children.map((child) => feature(child.geometry)))),
            );
      if (covered === null) continue;
      const gap = safeClip(() =>
        turf.difference(turf.featureCollection([feature(parent.geometry), covered])),
      );
      for (const place of significantPieces(gap)) {
        const subject =
          parent.candidate ?? children.find((child) => child.candidate !== null)!.candidate!;
        const incomplete = incompleteParents.has(parentCode);
        report(
          subject,
          'grid-gap',
          'warning',
          `上级网格 ${parentCode} 内有 ${place.areaM2.toFixed(0)} m² 不属于任何下级网格（${bboxText(place.bbox)}）${
            incomplete ? '；其下级网格有错误未参与检查，修正后此处可能不再是空隙' : ''
          }`,
          `${place.areaM2.toFixed(0)} m² of parent ${parentCode} belong to none of its children (${bboxText(place.bbox)})${
            incomplete
              ? '; some of its children have errors and were left out, so this may close once they are fixed'
              : ''
          }`,
          { where: place },
        );
      }
    }
  }

  const valid: GridCheckResult['valid'] = new Map();
  for (const candidate of firstByCode.values()) {
    const level = levelOf.get(candidate.index);
    const geometry = shapes.get(candidate.index);
    if (refused.has(candidate.index) || level === undefined || geometry === undefined) continue;
    valid.set(candidate.code, {
      ...candidate,
      level,
      parentCode: parentGridCode(candidate.code),
      geometry,
    });
  }
  // A child whose parent is refused cannot be written either (its parent would not exist).
  for (const [code, grid] of valid) {
    if (grid.parentCode !== null && !valid.has(grid.parentCode) && !existing.has(grid.parentCode)) {
      valid.delete(code);
      report(
        grid,
        'grid-parent-refused',
        'error',
        `上级网格 ${grid.parentCode} 有错误，未能写入`,
        `its parent ${grid.parentCode} has errors and is not written`,
      );
    }
  }
  return { problems, refused, valid };
}

type Report = (
  candidate: GridCandidate,
  code: string,
  severity: 'error' | 'warning',
  zh: string,
  en: string,
  extra?: { column?: string; where?: ProblemPlace },
) => void;

/** Ring and polygon checks; the geometry rewound to RFC 7946 winding when usable, else null. */
function checkGeometry(candidate: GridCandidate, report: Report): AreaGeometryJson | null {
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
  const kinks = turf.kinks(feature(geometry));
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
  return roundGeometry((turf.rewind(feature(geometry)) as Feature<AreaGeometryJson>).geometry);
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
function significantPieces(region: Feature<AreaGeometryJson> | null): ProblemPlace[] {
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
function significantRegion(region: Feature<AreaGeometryJson> | null): ProblemPlace | null {
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

function pointsPlace(points: Position[]): ProblemPlace {
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

function bboxText(bbox: ProblemPlace['bbox']): string {
  return `${bbox[0].toFixed(5)},${bbox[1].toFixed(5)} – ${bbox[2].toFixed(5)},${bbox[3].toFixed(5)}`;
}
