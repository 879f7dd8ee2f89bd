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
import { gridLevelOf, parentGridCode } from '../../../domain/gridCode';
import type { GridLevel } from '../../../domain/registry';
import type { ImportProblem } from '../importKind';
import type {
  AreaGeometryJson,
  ExistingGrid,
  GridCandidate,
  ReportGridProblem,
} from './gridCandidate';
import { checkGeometry } from './gridGeometryChecks';
import { checkSpatialRelations } from './gridSpatialChecks';

export type { AreaGeometryJson, ExistingGrid, GridCandidate } from './gridCandidate';
export { GRID_TOLERANCE_M, roundGeometry } from './gridProblemPlaces';

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
  const report: ReportGridProblem = (candidate, code, severity, zh, en, extra = {}) => {
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

  const { firstByCode, levelOf } = checkCodes(candidates, existing, report);
  // Polygon validity: the spatial checks use only the shapes that pass.
  const shapes = new Map<number, AreaGeometryJson>();
  for (const candidate of candidates) {
    const geometry = checkGeometry(candidate, report);
    if (geometry !== null) shapes.set(candidate.index, geometry);
  }
  checkSpatialRelations({ candidates, existing, firstByCode, shapes }, report, refused);

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

/**
 * Codes and hierarchy: name and code present, code well-formed and unique, stated level and
 * parent agreeing with the code, parent in the file or the register.
 */
function checkCodes(
  candidates: readonly GridCandidate[],
  existing: ReadonlyMap<string, ExistingGrid>,
  report: ReportGridProblem,
): { firstByCode: Map<string, GridCandidate>; levelOf: Map<number, GridLevel> } {
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
  return { firstByCode, levelOf };
}
