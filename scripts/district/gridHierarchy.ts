/**
 * The four-level grid (DESIGN.md §3) over the lattice: streets are bands of lattice columns,
 * communities are bands of rows inside a street, base grids are single cell pieces (slivers
 * merged into a neighbour). Every polygon is an exact union of pieces, so each level tiles its
 * parent with no gap and no overlap.
 */
import { childGridCode, parentGridCode } from '../../src/domain/gridCode';
import type { GridLevel, GridRecord } from '../../src/domain/registry';
import type { SeededRandom } from '../../src/domain/seededRandom';
import { unionTiles, type PlanarPolygon } from '../../src/domain/gridTiling';
import type { DistrictLattice, LatticeCell } from './districtLattice';
import { DISTRICT_CODE, DISTRICT_NAME, DISTRICT_NAME_EN } from './districtFrame';
import {
  COMMUNITY_FIRST,
  COMMUNITY_SECOND,
  STREET_NAMES,
  cycledName,
  type PlaceName,
} from './placeNames';

/** A register grid before it has lon/lat: its shape is still lattice polygons. */
export interface GridNode extends Omit<GridRecord, 'center' | 'polygon'> {
  polygons: PlanarPolygon[];
}

export interface GridHierarchy {
  /** District first, then each street followed by its subtree, codes ascending. */
  nodes: GridNode[];
  baseGridCodeByCell: Map<LatticeCell, string>;
}

/** About 20 cells per street gives the default district its 3 streets and ~60 grids. */
const CELLS_PER_STREET = 21;
const COMMUNITIES_PER_STREET = 3;
const MAX_CHILDREN = 999;
/** A piece smaller than this share of the median piece joins a neighbour instead of being a grid. */
const SLIVER_AREA_SHARE = 0.4;
/** How often a street or community boundary steps sideways, per lattice row or column. */
const BOUNDARY_STEP_SHARE = 0.3;
const MAX_BOUNDARY_SHIFT = 1;
const JITTER_ATTEMPTS = 4;

/** Splits weighted, ordered keys into `groups` contiguous runs of about equal weight. */
function balancedGroups(
  keys: readonly number[],
  weightOf: (key: number) => number,
  groups: number,
): number[][] {
  const total = keys.reduce((sum, key) => sum + weightOf(key), 0);
  const result: number[][] = Array.from({ length: groups }, () => []);
  let before = 0;
  for (const key of keys) {
    const weight = weightOf(key);
    const group = Math.min(groups - 1, Math.floor(((before + weight / 2) / total) * groups));
    result[group]!.push(key);
    before += weight;
  }
  return result.filter((group) => group.length > 0);
}

function straightSplit(
  cells: readonly LatticeCell[],
  axis: 'column' | 'row',
  groups: number,
): LatticeCell[][] {
  const counts = new Map<number, number>();
  for (const cell of cells) counts.set(cell[axis], (counts.get(cell[axis]) ?? 0) + 1);
  const keys = [...counts.keys()].sort((first, second) => first - second);
  const keyGroups = balancedGroups(keys, (key) => counts.get(key)!, Math.min(groups, keys.length));
  return keyGroups.map((group) => cells.filter((cell) => group.includes(cell[axis])));
}

function isOneSimplePolygon(cells: readonly LatticeCell[]): boolean {
  const polygons = unionTiles(cells.map((cell) => cell.ring));
  return polygons.length === 1 && polygons[0]!.holes.length === 0;
}

/**
 * Splits cells into bands along `axis`. Real boundaries are not straight lines across the
 * district, so each band boundary steps by a cell now and then along the other axis; a split
 * whose parts are not all single polygons without holes falls back to straight bands.
 */
function jitteredSplit(
  cells: readonly LatticeCell[],
  axis: 'column' | 'row',
  straight: readonly LatticeCell[][],
  random: SeededRandom,
): LatticeCell[][] {
  const across = axis === 'column' ? 'row' : 'column';
  const boundaries = straight.slice(1).map((group) => Math.min(...group.map((cell) => cell[axis])));
  const acrossKeys = [...new Set(cells.map((cell) => cell[across]))].sort((a, b) => a - b);
  const offsets = boundaries.map(() => {
    let offset = 0;
    return new Map(
      acrossKeys.map((key) => {
        if (random.chance(BOUNDARY_STEP_SHARE)) {
          const step = random.chance(0.5) ? 1 : -1;
          offset = Math.max(-MAX_BOUNDARY_SHIFT, Math.min(MAX_BOUNDARY_SHIFT, offset + step));
        }
        return [key, offset];
      }),
    );
  });
  const jittered: LatticeCell[][] = straight.map(() => []);
  for (const cell of cells) {
    const group = boundaries.filter(
      (boundary, index) => cell[axis] >= boundary + offsets[index]!.get(cell[across])!,
    ).length;
    jittered[group]!.push(cell);
  }
  return jittered;
}

/**
 * Splits cells into bands along `axis`. Real boundaries are not straight lines across the
 * district, so each band boundary steps by a cell now and then along the other axis. The first
 * split (of a few jittered tries, then the straight one) whose parts are all single polygons
 * without holes wins; if none is, the straight split is kept (parts may then be multipolygons).
 */
function splitCells(
  cells: readonly LatticeCell[],
  axis: 'column' | 'row',
  groups: number,
  random: SeededRandom,
): LatticeCell[][] {
  const straight = straightSplit(cells, axis, groups);
  if (straight.length < 2) return straight;
  const candidates = [
    ...Array.from({ length: JITTER_ATTEMPTS }, () => jitteredSplit(cells, axis, straight, random)),
    straight,
  ];
  const usable = candidates.find((split) =>
    split.every((group) => group.length > 0 && isOneSimplePolygon(group)),
  );
  return usable ?? straight;
}

/** North first, then west to east: the order people read a map in. */
function byNorthThenWest(first: LatticeCell, second: LatticeCell): number {
  return second.row - first.row || first.column - second.column;
}

function mergeSlivers(cells: readonly LatticeCell[]): LatticeCell[][] {
  const sortedAreas = cells.map((cell) => cell.areaM2).sort((first, second) => first - second);
  const sliverAreaM2 = (sortedAreas[Math.floor(sortedAreas.length / 2)] ?? 0) * SLIVER_AREA_SHARE;
  const owner = new Map<LatticeCell, LatticeCell>(cells.map((cell) => [cell, cell]));
  const root = (cell: LatticeCell): LatticeCell => {
    let current = cell;
    while (owner.get(current) !== current) current = owner.get(current)!;
    return current;
  };
  const at = new Map(cells.map((cell) => [`${cell.column},${cell.row}`, cell]));
  for (const cell of [...cells].sort((first, second) => first.areaM2 - second.areaM2)) {
    if (cell.areaM2 >= sliverAreaM2 || cells.length === 1) continue;
    const neighbours = [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ]
      .map(([dc, dr]) => at.get(`${cell.column + dc!},${cell.row + dr!}`))
      .filter(
        (neighbour): neighbour is LatticeCell =>
          neighbour !== undefined && root(neighbour) !== root(cell),
      );
    const largest = neighbours.sort((first, second) => second.areaM2 - first.areaM2)[0];
    if (largest) owner.set(root(cell), root(largest));
  }
  const groups = new Map<LatticeCell, LatticeCell[]>();
  for (const cell of cells) {
    const key = root(cell);
    const group = groups.get(key);
    if (group) group.push(cell);
    else groups.set(key, [cell]);
  }
  return [...groups.values()]
    .map((group) => group.sort(byNorthThenWest))
    .sort((first, second) => byNorthThenWest(first[0]!, second[0]!));
}

function communityNames(random: SeededRandom, count: number): PlaceName[] {
  const combos: PlaceName[] = [];
  for (const first of COMMUNITY_FIRST) {
    for (const second of COMMUNITY_SECOND)
      combos.push({ name: first.name + second.name, nameEn: first.nameEn + second.nameEn });
  }
  for (let index = combos.length - 1; index > 0; index--) {
    const swap = random.int(0, index);
    [combos[index], combos[swap]] = [combos[swap]!, combos[index]!];
  }
  return Array.from({ length: count }, (_, index) => {
    const base = cycledName(combos, index);
    return { name: `${base.name}社区`, nameEn: `${base.nameEn} Community` };
  });
}

function node(
  code: string,
  level: GridLevel,
  name: PlaceName,
  cells: readonly LatticeCell[],
): GridNode {
  return {
    code,
    parentCode: parentGridCode(code),
    level,
    name: name.name,
    nameEn: name.nameEn,
    polygons: unionTiles(cells.map((cell) => cell.ring)),
  };
}

export function planGridHierarchy(lattice: DistrictLattice, random: SeededRandom): GridHierarchy {
  const streetCount = Math.min(
    MAX_CHILDREN,
    Math.max(1, Math.round(lattice.cells.length / CELLS_PER_STREET)),
  );
  const bandColumns = streetCount <= 4 ? streetCount : Math.round(Math.sqrt(streetCount));
  const bandRows = Math.max(1, Math.round(streetCount / bandColumns));
  const splitRandom = random.fork('boundaries');
  const streets = splitCells(lattice.cells, 'column', bandColumns, splitRandom).flatMap((band) =>
    splitCells(band, 'row', bandRows, splitRandom).reverse(),
  );
  const nodes: GridNode[] = [
    node(DISTRICT_CODE, 1, { name: DISTRICT_NAME, nameEn: DISTRICT_NAME_EN }, lattice.cells),
  ];
  const baseGridCodeByCell = new Map<LatticeCell, string>();
  const communitiesByStreet = streets.map((street) =>
    splitCells(street, 'row', COMMUNITIES_PER_STREET, splitRandom).reverse(),
  );
  const names = communityNames(
    random,
    communitiesByStreet.reduce((sum, list) => sum + list.length, 0),
  );
  let communityOrdinal = 0;
  streets.forEach((streetCells, streetIndex) => {
    const streetCode = childGridCode(DISTRICT_CODE, streetIndex + 1);
    nodes.push(node(streetCode, 2, cycledName(STREET_NAMES, streetIndex), streetCells));
    communitiesByStreet[streetIndex]!.forEach((communityCells, communityIndex) => {
      const communityCode = childGridCode(streetCode, communityIndex + 1);
      nodes.push(node(communityCode, 3, names[communityOrdinal++]!, communityCells));
      const baseGrids = mergeSlivers(communityCells);
      if (baseGrids.length > MAX_CHILDREN)
        throw new RangeError('too many base grids in one community');
      baseGrids.forEach((gridCells, gridIndex) => {
        const gridCode = childGridCode(communityCode, gridIndex + 1);
        const gridName = { name: `第${gridIndex + 1}网格`, nameEn: `Grid ${gridIndex + 1}` };
        nodes.push(node(gridCode, 4, gridName, gridCells));
        for (const cell of gridCells) baseGridCodeByCell.set(cell, gridCode);
      });
    });
  });
  return { nodes, baseGridCodeByCell };
}
