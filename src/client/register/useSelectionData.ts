/**
 * What the selection needs from the API: the grid's counts, the building's units and the unit's
 * households. Buildings are loaded once per session; units and grid counts are re-read on every
 * selection (they change as grid workers report), the cached copy showing meanwhile.
 */
import { useEffect } from 'react';
import { useAppStore } from '../shell/appStore';
import { useApiResource, type ResourceState } from '../widgets/useApiResource';

export function useGridSummary(gridCode: string | null): ResourceState {
  const putGridSummary = useAppStore((state) => state.putGridSummary);
  return useApiResource(
    gridCode,
    (api, signal) => api.gridSummary(gridCode!, signal),
    putGridSummary,
  );
}

export function useBuildingDetail(buildingId: number | null): ResourceState {
  const cached = useAppStore((state) =>
    buildingId === null ? false : state.buildings[buildingId] !== undefined,
  );
  const putBuilding = useAppStore((state) => state.putBuilding);
  return useApiResource(
    buildingId === null || cached ? null : `building:${buildingId}`,
    (api, signal) => api.building(buildingId!, signal),
    putBuilding,
  );
}

export function useUnitDetail(unitId: number | null): ResourceState {
  const putUnit = useAppStore((state) => state.putUnit);
  return useApiResource(
    unitId === null ? null : `unit:${unitId}`,
    (api, signal) => api.unit(unitId!, signal),
    putUnit,
  );
}

/**
 * A pick on the globe knows the unit and building but not always the grid; once the building is
 * loaded, fill in its grid (without moving the camera) so breadcrumbs and the boundary follow.
 */
export function useSelectionCompletion(): void {
  const selection = useAppStore((state) => state.selection);
  const building = useAppStore((state) =>
    state.selection.buildingId === null ? null : state.buildings[state.selection.buildingId],
  );
  const unit = useAppStore((state) =>
    state.selection.unitId === null ? null : state.units[state.selection.unitId],
  );
  const select = useAppStore((state) => state.select);

  useEffect(() => {
    if (selection.unitId !== null && selection.buildingId === null && unit) {
      select({ gridCode: unit.gridCode, buildingId: unit.buildingId, unitId: unit.id });
      return;
    }
    if (building && selection.gridCode !== building.gridCode) {
      select({ ...selection, gridCode: building.gridCode });
    }
  }, [selection, building, unit, select]);
}
