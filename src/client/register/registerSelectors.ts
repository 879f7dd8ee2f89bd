/**
 * Derived views of the store (STYLE.md "derive, don't copy"). Store selectors return values
 * already in the store; the pure functions below build new structures and are memoised on their
 * inputs' identity, so components can call them in `useMemo` or directly without re-render loops.
 */
import type { BuildingDetail, GridNode, UnitDetail, UnitSummary } from '../../shared/api';
import { ancestorGridCodes, gridLevelOf } from '../../domain/gridCode';
import type { GridLevel } from '../../domain/registry';
import type { AppState, Selection, SelectionFlight } from '../shell/appStore';

export const selectSelectedBuilding = (state: AppState): BuildingDetail | null =>
  state.selection.buildingId === null
    ? null
    : (state.buildings[state.selection.buildingId] ?? null);

export const selectSelectedUnit = (state: AppState): UnitDetail | null =>
  state.selection.unitId === null ? null : (state.units[state.selection.unitId] ?? null);

export const selectSelectedGrid = (state: AppState): GridNode | null =>
  state.selection.gridCode === null ? null : (state.grids[state.selection.gridCode] ?? null);

export type CrumbKind = 'district' | 'street' | 'community' | 'grid' | 'building' | 'unit';

const CRUMB_KIND_BY_LEVEL: Record<GridLevel, CrumbKind> = {
  1: 'district',
  2: 'street',
  3: 'community',
  4: 'grid',
};

export interface Crumb {
  kind: CrumbKind;
  key: string;
  name: string;
  nameEn: string;
  /** What selecting this crumb selects, and where the camera goes. */
  selection: Partial<Selection>;
  fly: SelectionFlight;
}

/** district → street → community → grid → building → unit, as far as the selection reaches. */
export function breadcrumbTrail(
  selection: Selection,
  grids: Record<string, GridNode>,
  building: BuildingDetail | null,
  unit: UnitSummary | null,
): Crumb[] {
  const trail: Crumb[] = [];
  const gridCode = selection.gridCode ?? building?.gridCode ?? null;
  if (gridCode !== null) {
    for (const code of ancestorGridCodes(gridCode)) {
      const level = gridLevelOf(code);
      if (level === null) continue;
      const node = grids[code];
      trail.push({
        kind: CRUMB_KIND_BY_LEVEL[level],
        key: code,
        name: node?.name ?? code,
        nameEn: node?.nameEn ?? code,
        selection: { gridCode: code },
        fly: level === 1 ? 'district' : 'grid',
      });
    }
  }
  if (selection.buildingId !== null) {
    trail.push({
      kind: 'building',
      key: `b${selection.buildingId}`,
      name: building?.name ?? `#${selection.buildingId}`,
      nameEn: building?.nameEn ?? `#${selection.buildingId}`,
      selection: { gridCode, buildingId: selection.buildingId },
      fly: 'building',
    });
  }
  if (selection.unitId !== null && selection.buildingId !== null) {
    const label = unit?.roomLabel ?? `#${selection.unitId}`;
    trail.push({
      kind: 'unit',
      key: `u${selection.unitId}`,
      name: label,
      nameEn: label,
      selection: { gridCode, buildingId: selection.buildingId, unitId: selection.unitId },
      fly: 'unit',
    });
  }
  return trail;
}

const childrenCache = new WeakMap<Record<string, GridNode>, Map<string | null, GridNode[]>>();

/** Children of every grid node (key null: the roots), sorted by code. */
export function gridChildren(grids: Record<string, GridNode>): Map<string | null, GridNode[]> {
  const cached = childrenCache.get(grids);
  if (cached) return cached;
  const byParent = new Map<string | null, GridNode[]>();
  const nodes = Object.values(grids).sort((left, right) => left.code.localeCompare(right.code));
  for (const node of nodes) {
    // A node whose parent is outside the user's scope becomes a root of the visible tree.
    const parent = node.parentCode !== null && grids[node.parentCode] ? node.parentCode : null;
    const siblings = byParent.get(parent) ?? [];
    siblings.push(node);
    byParent.set(parent, siblings);
  }
  childrenCache.set(grids, byParent);
  return byParent;
}

/** A cell of the floor view: a unit, the gap between two wings, or a number with no unit. */
export type FloorCell = UnitSummary | 'wingGap' | 'noUnit';

/** One floor of the floor view: units ordered by number, with wing breaks. */
export interface FloorRow {
  floor: number;
  cells: FloorCell[];
}

const floorRowsCache = new WeakMap<BuildingDetail, FloorRow[]>();

/** Floors top first (as the building stands), each with its units along the wings. */
export function floorRows(building: BuildingDetail): FloorRow[] {
  const cached = floorRowsCache.get(building);
  if (cached) return cached;
  const byFloor = new Map<number, Map<number, UnitSummary>>();
  for (const unit of building.units) {
    const floor = byFloor.get(unit.floor) ?? new Map<number, UnitSummary>();
    floor.set(unit.unitNo, unit);
    byFloor.set(unit.floor, floor);
  }
  const wingEnds = new Set<number>();
  let unitNo = 0;
  for (const wing of building.wings.slice(0, -1)) {
    unitNo += wing.unitCount;
    wingEnds.add(unitNo);
  }
  const perFloor = Math.max(building.unitsPerFloor, ...building.units.map((unit) => unit.unitNo));
  const rows = [...byFloor.keys()]
    .sort((lower, upper) => upper - lower)
    .map((floor) => {
      const units = byFloor.get(floor)!;
      const cells: FloorCell[] = [];
      for (let number = 1; number <= perFloor; number++) {
        cells.push(units.get(number) ?? 'noUnit');
        if (wingEnds.has(number) && number < perFloor) cells.push('wingGap');
      }
      return { floor, cells };
    });
  floorRowsCache.set(building, rows);
  return rows;
}

/** The unit summary of the selected unit, from the loaded unit or its building. */
export function selectedUnitSummary(state: AppState): UnitSummary | null {
  const unitId = state.selection.unitId;
  if (unitId === null) return null;
  const loaded = state.units[unitId];
  if (loaded) return loaded;
  return selectSelectedBuilding(state)?.units.find((unit) => unit.id === unitId) ?? null;
}
