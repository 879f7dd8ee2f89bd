/**
 * The REST calls the simulated dispatcher and citizens make, against any server: login as a demo
 * user, list, intake check, transitions, dispatch suggestions and confirm, hotline reports, and
 * Open311 citizen reports. The session token stays in this closure and never reaches a log.
 */
import { findIncidentCategory } from '../../../src/domain/incidents/incidentCategories';
import {
  API_PREFIX,
  type BasemapCollection,
  type BuildingListItem,
  type GridNode,
  type Page,
  MAX_PAGE_SIZE,
} from '../../../src/shared/api';
import {
  INCIDENTS_API_PATH,
  OPEN311_PATH,
  type CreateIncidentRequest,
  type DispatchSuggestionsResponse,
  type IncidentCommand,
  type IncidentIntakeCheck,
  type IncidentListResponse,
} from '../../../src/shared/incidents';
import type { PlaceBuilding } from './incidentPlaces';
import type { DispatcherApi } from './simulatedDispatcher';

export interface IncidentHttpApi extends DispatcherApi {
  reportByCitizen(report: {
    categoryCode: string;
    lon: number;
    lat: number;
    description: string;
    /** What the citizen typed as the address ('' none: the server names the place). */
    address: string;
  }): Promise<void>;
  loadPlaceSources(): Promise<{ buildings: PlaceBuilding[]; basemap: BasemapCollection }>;
}

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Logs in as `username` and returns the client (the password is not kept). */
export async function connectIncidentHttpApi(
  baseUrl: string,
  username: string,
  password: string,
): Promise<IncidentHttpApi> {
  const login = await fetch(`${baseUrl}${API_PREFIX}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new HttpStatusError(login.status, `login as ${username} failed`);
  const { token } = (await login.json()) as { token: string };

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 300) {
      throw new HttpStatusError(
        response.status,
        `${method} ${path.split('?')[0]}: ${response.status} ${text.slice(0, 200)}`,
      );
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  return {
    async listActive(states) {
      const query = new URLSearchParams({
        state: states.join(','),
        pageSize: String(MAX_PAGE_SIZE),
      });
      const answer = await call<IncidentListResponse>('GET', `${INCIDENTS_API_PATH}?${query}`);
      return answer.items;
    },
    intakeCheck(categoryCode, lon, lat) {
      const query = new URLSearchParams({ categoryCode, lon: String(lon), lat: String(lat) });
      return call<IncidentIntakeCheck>('GET', `${INCIDENTS_API_PATH}/intake-check?${query}`);
    },
    async transition(incidentId, command: IncidentCommand) {
      await call('POST', `${INCIDENTS_API_PATH}/${incidentId}/transitions`, { command });
    },
    async suggestions(incidentId) {
      const answer = await call<DispatchSuggestionsResponse>(
        'GET',
        `${INCIDENTS_API_PATH}/${incidentId}/dispatch-suggestions?limit=5`,
      );
      return answer.suggestions;
    },
    async dispatch(incidentId, workerId, note) {
      await call('POST', `${INCIDENTS_API_PATH}/${incidentId}/dispatch`, { workerId, note });
    },
    async reportByHotline(request: CreateIncidentRequest) {
      await call('POST', INCIDENTS_API_PATH, request);
    },
    async reportByCitizen(report) {
      const serviceCode = findIncidentCategory(report.categoryCode)?.open311ServiceCode;
      if (serviceCode === undefined) throw new Error(`unknown category ${report.categoryCode}`);
      // Citizens do not log in: a plain form post, as GeoReport v2 clients send it.
      const form = new URLSearchParams({
        service_code: serviceCode,
        lat: String(report.lat),
        long: String(report.lon),
        description: report.description,
        ...(report.address === '' ? {} : { address_string: report.address }),
      });
      const response = await fetch(`${baseUrl}${OPEN311_PATH}/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      if (response.status !== 201) {
        const text = await response.text();
        throw new HttpStatusError(
          response.status,
          `Open311 create: ${response.status} ${text.slice(0, 200)}`,
        );
      }
    },
    async loadPlaceSources() {
      const grids = await call<GridNode[]>('GET', `${API_PREFIX}/grids`);
      const roots = grids.filter((grid) => grid.parentCode === null);
      const buildings: PlaceBuilding[] = [];
      for (const root of roots) {
        for (let page = 1; ; page += 1) {
          const answer = await call<Page<BuildingListItem>>(
            'GET',
            `${API_PREFIX}/grids/${root.code}/buildings?page=${page}&pageSize=${MAX_PAGE_SIZE}`,
          );
          buildings.push(...answer.items);
          if (page * answer.pageSize >= answer.total || answer.items.length === 0) break;
        }
      }
      const basemap = await call<BasemapCollection>('GET', `${API_PREFIX}/basemap`);
      return { buildings, basemap };
    },
  };
}
