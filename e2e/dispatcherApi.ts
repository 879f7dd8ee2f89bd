/** REST calls as a named demo user (bearer token), for tests that set the wall up through the API. */
import { pointOnFeature } from '@turf/turf';
import type { GridNode, LoginResponse } from '../src/shared/api';
import type {
  CreateIncidentRequest,
  CreateIncidentResponse,
  IncidentIntakeCheck,
} from '../src/shared/incidents';

const BASE_GRID_LEVEL = 4;

export interface UserApi {
  call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', apiPath: string, body?: unknown): Promise<T>;
}

export async function connectAs(
  baseUrl: string,
  password: string,
  username: string,
): Promise<UserApi> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status}`);
  const { token } = (await response.json()) as LoginResponse;
  return {
    async call<T>(
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      apiPath: string,
      body?: unknown,
    ): Promise<T> {
      const answer = await fetch(`${baseUrl}/api${apiPath}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!answer.ok)
        throw new Error(`${method} ${apiPath}: ${answer.status} ${await answer.text()}`);
      return (await answer.json()) as T;
    },
  };
}

/** A point inside a base grid of the user's scope, as the intake check confirms. */
export async function placeInScope(
  api: UserApi,
): Promise<{ lon: number; lat: number; gridCode: string }> {
  const me = await api.call<{ scopes: string[] }>('GET', '/auth/me');
  const grids = await api.call<GridNode[]>('GET', '/grids');
  const inScope = grids.filter(
    (grid) =>
      grid.level === BASE_GRID_LEVEL && me.scopes.some((scope) => grid.code.startsWith(scope)),
  );
  for (const grid of inScope) {
    const [lon = Number.NaN, lat = Number.NaN] = pointOnFeature(grid.polygon).geometry.coordinates;
    const check = await api.call<IncidentIntakeCheck>(
      'GET',
      `/incidents/intake-check?categoryCode=city_appearance&lon=${lon}&lat=${lat}`,
    );
    if (check.gridCode !== null && check.inScope) return { lon, lat, gridCode: check.gridCode };
  }
  throw new Error('no base grid in the user scope takes a report');
}

/** Reports an incident inside the user's scope and returns its id. */
export async function reportIncidentInScope(api: UserApi, description: string): Promise<string> {
  const place = await placeInScope(api);
  const request: CreateIncidentRequest = {
    categoryCode: 'city_appearance',
    lon: place.lon,
    lat: place.lat,
    description,
    priority: 'high',
  };
  const answer = await api.call<CreateIncidentResponse>('POST', '/incidents', request);
  return answer.incident.id;
}
