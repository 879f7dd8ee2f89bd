/** Finds, through the admin's API view, one building, unit and person inside a street. */
import { isWithinGrid } from '../../domain/gridCode';
import type { BuildingDetail, BuildingListItem, Page, UnitDetail } from '../../shared/api';
import type { TestServer } from './testServer';

export interface StreetTargets {
  streetCode: string;
  gridCode: string;
  buildingId: number;
  unitId: number;
  personId: number;
}

export async function findTargets(
  server: TestServer,
  adminToken: string,
  streetCode: string,
): Promise<StreetTargets> {
  const gridCode = server.district.baseGridCodes.find((code) => isWithinGrid(code, streetCode));
  if (gridCode === undefined) throw new Error(`no base grid in ${streetCode}`);
  const buildings = (
    await server.request('GET', `/api/grids/${gridCode}/buildings`, { token: adminToken })
  ).json as Page<BuildingListItem>;
  const buildingId = buildings.items[0]!.id;
  const building = (
    await server.request('GET', `/api/buildings/${buildingId}`, { token: adminToken })
  ).json as BuildingDetail;
  const unitId = building.units.find((unit) => unit.residentCount > 0)!.id;
  const unit = (await server.request('GET', `/api/units/${unitId}`, { token: adminToken }))
    .json as UnitDetail;
  const personId = unit.households[0]!.members[0]!.id;
  return { streetCode, gridCode, buildingId, unitId, personId };
}
