/** The tests' own REST calls (Node fetch, bearer token), to know what the screen should show. */
import type {
  BuildingDetail,
  BuildingListItem,
  GridNode,
  LoginResponse,
  Page,
  UnitDetail,
} from '../src/shared/api';

export interface TestApi {
  get<T>(path: string): Promise<T>;
}

export async function connectTestApi(baseUrl: string, password: string): Promise<TestApi> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as LoginResponse;
  return {
    async get<T>(path: string): Promise<T> {
      const response = await fetch(`${baseUrl}/api${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
}

const LARGE_PAGE = 100;
const BASE_GRID_LEVEL = 4;

/** Every building of the district with its detail (the e2e district is small). */
export async function allBuildings(api: TestApi): Promise<BuildingDetail[]> {
  const grids = await api.get<GridNode[]>('/grids');
  const details: BuildingDetail[] = [];
  for (const grid of grids.filter((node) => node.level === BASE_GRID_LEVEL)) {
    const page = await api.get<Page<BuildingListItem>>(
      `/grids/${grid.code}/buildings?pageSize=${LARGE_PAGE}`,
    );
    for (const item of page.items)
      details.push(await api.get<BuildingDetail>(`/buildings/${item.id}`));
  }
  return details;
}

/**
 * A building the camera can frame without a neighbour in the way: the tallest one that has
 * households (taller than everything around it, so its facade faces the camera unobstructed).
 */
export function tallestInhabitedBuilding(buildings: BuildingDetail[]): BuildingDetail {
  const inhabited = buildings.filter((building) => building.occupancy.householdCount > 0);
  const tallest = inhabited.sort(
    (a, b) => b.floors * b.floorHeightM - a.floors * a.floorHeightM || a.id - b.id,
  )[0];
  if (!tallest) throw new Error('the e2e district has no inhabited building');
  return tallest;
}

export async function unitWithHouseholds(
  api: TestApi,
  building: BuildingDetail,
): Promise<UnitDetail> {
  const summary = building.units.find((unit) => unit.householdCount > 0);
  if (!summary) throw new Error(`building ${building.id} has no inhabited unit`);
  return api.get<UnitDetail>(`/units/${summary.id}`);
}
