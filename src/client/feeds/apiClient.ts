/**
 * Typed REST client for the command center (the only place that talks HTTP, DESIGN.md §2).
 * The session rides on the server's HttpOnly cookie; the bearer token from login is also kept
 * in this client's memory (never in localStorage: it unlocks personal data).
 */
import type {
  PhotogrammetryResponse,
  UnitVolumesQuery,
  UnitVolumesResponse,
} from '../../shared/modelUnits';
import type {
  ApiError,
  AppConfig,
  AuditEntry,
  AuditQuery,
  ChangePasswordRequest,
  CreateUserRequest,
  Department,
  ManagedUser,
  UpdateUserRequest,
  UserSessionView,
  BuildingDetail,
  BuildingListItem,
  GridNode,
  GridSummary,
  LoginRequest,
  LoginResponse,
  Page,
  RevealResponse,
  SearchHit,
  SessionUser,
  UnitDetail,
  UnitThemeColumns,
} from '../../shared/api';
import { API_PREFIX } from '../../shared/api';
import {
  WORKERS_API_PATH,
  WORKER_TODAY_SUFFIX,
  type WorkerSummary,
  type WorkerToday,
} from '../../shared/tracking';

/** The request helper prefixes API_PREFIX; tracking paths are spelled with it. */
const workersPath = WORKERS_API_PATH.slice(API_PREFIX.length);
const registerRequestsPath = REGISTER_REQUESTS_API_PATH.slice(API_PREFIX.length);
import { TRACKS_API_PATH, type TracksResponse } from '../../shared/tracking';
import {
  REGISTER_REQUESTS_API_PATH,
  type RegisterRequestList,
  type RegisterRequestView,
} from '../../shared/registerRequests';
import {
  INCIDENTS_API_PATH,
  type ConfirmDispatchRequest,
  type ConfirmDispatchResponse,
  type CreateIncidentRequest,
  type CreateIncidentResponse,
  type DispatchSuggestionsResponse,
  type IncidentDetail,
  type IncidentIntakeCheck,
  type IncidentListQuery,
  type IncidentListResponse,
  type IncidentTransitionRequest,
  type IncidentTextRevealResponse,
} from '../../shared/incidents';

import {
  INCIDENT_HEAT_PATH,
  INCIDENT_HEAT_RESIDENTS_PATH,
  type HeatResidentsResponse,
  type IncidentHeatQuery,
  type IncidentHeatResponse,
} from '../../shared/incidentHeat';
import { COCKPIT_STATS_PATH, type CockpitStatsResponse } from '../../shared/cockpitStats';

/** Incident paths, spelled without API_PREFIX like the rest. */
const incidentsPath = INCIDENTS_API_PATH.slice(API_PREFIX.length);
const incidentPath = (id: string) => `${incidentsPath}/${encodeURIComponent(id)}`;

/** Status used for failures that never reached the server (offline, DNS, aborted proxy). */
export const NETWORK_ERROR_STATUS = 0;

/** A failed request: the server's `{statusCode, error, message}` or a network failure. */
export class ApiRequestError extends Error {
  readonly statusCode: number;
  readonly error: string;
  /** The whole error body: some carry more than ApiError (incident command errors: zh/en). */
  readonly body: ApiError;

  constructor(body: ApiError) {
    super(body.message);
    this.name = 'ApiRequestError';
    this.statusCode = body.statusCode;
    this.error = body.error;
    this.body = body;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export interface PageQuery {
  page?: number;
  pageSize?: number;
}

/** A replay request: `maxPoints` per worker, the server's default when left out. */
export interface TracksQuery {
  workerIds: readonly number[];
  fromMs: number;
  toMs: number;
  maxPoints?: number;
}

export interface ApiClientOptions {
  /** Injected for tests; defaults to the global fetch. */
  fetchImpl?: typeof fetch;
  /** Called on every 401 so the app can go back to the login screen. */
  onUnauthorized?: () => void;
}

export type ApiClient = ReturnType<typeof createApiClient>;

function isApiErrorBody(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.statusCode === 'number' && typeof record.message === 'string';
}

function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export function createApiClient(options: ApiClientOptions = {}) {
  const fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  let bearerToken: string | null = null;

  async function request<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (bearerToken !== null) headers.authorization = `Bearer ${bearerToken}`;
    let response: Response;
    try {
      response = await fetchImpl(`${API_PREFIX}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? null : JSON.stringify(body),
        signal: signal ?? null,
      });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ApiRequestError({
        statusCode: NETWORK_ERROR_STATUS,
        error: 'Network Error',
        message: error instanceof Error ? error.message : String(error),
      });
    }
    const text = await response.text();
    let parsed: unknown = null;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    if (!response.ok) {
      if (response.status === 401) options.onUnauthorized?.();
      throw new ApiRequestError(
        isApiErrorBody(parsed)
          ? parsed
          : { statusCode: response.status, error: response.statusText, message: text },
      );
    }
    return parsed as T;
  }

  const get = <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal);

  return {
    async login(credentials: LoginRequest): Promise<LoginResponse> {
      const response = await request<LoginResponse>('POST', '/auth/login', credentials);
      bearerToken = response.token;
      return response;
    },
    async logout(): Promise<void> {
      try {
        await request<unknown>('POST', '/auth/logout', {});
      } finally {
        bearerToken = null;
      }
    },
    me: (signal?: AbortSignal) => get<SessionUser>('/auth/me', signal),
    changePassword: (body: ChangePasswordRequest) => request<null>('POST', '/auth/password', body),
    users: (signal?: AbortSignal) => get<ManagedUser[]>('/users', signal),
    createUser: (body: CreateUserRequest) => request<ManagedUser>('POST', '/users', body),
    updateUser: (username: string, body: UpdateUserRequest) =>
      request<ManagedUser>('PATCH', `/users/${encodeURIComponent(username)}`, body),
    deleteUser: (username: string) =>
      request<null>('DELETE', `/users/${encodeURIComponent(username)}`),
    resetPassword: (username: string) =>
      request<{ username: string; temporaryPassword: string }>(
        'POST',
        `/users/${encodeURIComponent(username)}/password-reset`,
      ),
    userSessions: (username: string, signal?: AbortSignal) =>
      get<UserSessionView[]>(`/users/${encodeURIComponent(username)}/sessions`, signal),
    revokeSession: (username: string, sessionId: string) =>
      request<null>(
        'DELETE',
        `/users/${encodeURIComponent(username)}/sessions/${encodeURIComponent(sessionId)}`,
      ),
    departments: (signal?: AbortSignal) => get<Department[]>('/departments', signal),
    audit: (query: AuditQuery & PageQuery, signal?: AbortSignal) =>
      get<Page<AuditEntry>>(`/audit${queryString({ ...query })}`, signal),
    /** Same-origin link: the session cookie goes with the download. */
    auditExportUrl: (query: AuditQuery) =>
      `${API_PREFIX}/audit/export.csv${queryString({ ...query })}`,
    config: (signal?: AbortSignal) => get<AppConfig>('/config', signal),
    photogrammetry: (signal?: AbortSignal) =>
      get<PhotogrammetryResponse>('/photogrammetry', signal),
    unitVolumes: (query: UnitVolumesQuery, signal?: AbortSignal) =>
      get<UnitVolumesResponse>(`/volumes${queryString({ ...query })}`, signal),
    grids: (signal?: AbortSignal) => get<GridNode[]>('/grids', signal),
    gridSummary: (code: string, signal?: AbortSignal) =>
      get<GridSummary>(`/grids/${encodeURIComponent(code)}`, signal),
    gridBuildings: (code: string, query: PageQuery = {}, signal?: AbortSignal) =>
      get<Page<BuildingListItem>>(
        `/grids/${encodeURIComponent(code)}/buildings${queryString({ ...query })}`,
        signal,
      ),
    building: (id: number, signal?: AbortSignal) => get<BuildingDetail>(`/buildings/${id}`, signal),
    unit: (id: number, signal?: AbortSignal) => get<UnitDetail>(`/units/${id}`, signal),
    search: (q: string, query: PageQuery = {}, signal?: AbortSignal) =>
      get<Page<SearchHit>>(`/search${queryString({ q, ...query })}`, signal),
    reveal: (personId: number, purpose: string, reason: string) =>
      request<RevealResponse>('POST', `/persons/${personId}/reveal`, { purpose, reason }),
    /** An incident's description and notes as typed (audited, rate-limited per user). */
    revealIncidentText: (incidentId: string, purpose: string, reason: string) =>
      request<IncidentTextRevealResponse>(
        'POST',
        `/incidents/${encodeURIComponent(incidentId)}/reveal`,
        { purpose, reason },
      ),
    unitThemes: (gridCode?: string, signal?: AbortSignal) =>
      get<UnitThemeColumns>(`/themes/units${queryString({ gridCode })}`, signal),
    workers: (grid?: string, signal?: AbortSignal) =>
      get<WorkerSummary[]>(`${workersPath}${queryString({ grid })}`, signal),
    workerToday: (workerId: number, signal?: AbortSignal) =>
      get<WorkerToday>(`${workersPath}/${workerId}/${WORKER_TODAY_SUFFIX}`, signal),
    /** Replay tracks (audited on the server; long ranges come back downsampled). */
    tracks: (query: TracksQuery, signal?: AbortSignal) =>
      get<TracksResponse>(
        `${TRACKS_API_PATH.slice(API_PREFIX.length)}${queryString({
          workerIds: query.workerIds.join(','),
          fromMs: query.fromMs,
          toMs: query.toMs,
          maxPoints: query.maxPoints,
        })}`,
        signal,
      ),
    incidents: (query: IncidentListQuery = {}, signal?: AbortSignal) =>
      get<IncidentListResponse>(`${incidentsPath}${queryString({ ...query })}`, signal),
    incident: (id: string, signal?: AbortSignal) => get<IncidentDetail>(incidentPath(id), signal),
    /** The report form's check before sending: grid under the point, scope, possible duplicates. */
    incidentIntakeCheck: (
      query: { categoryCode: string; lon: number; lat: number },
      signal?: AbortSignal,
    ) => get<IncidentIntakeCheck>(`${incidentsPath}/intake-check${queryString(query)}`, signal),
    createIncident: (body: CreateIncidentRequest) =>
      request<CreateIncidentResponse>('POST', incidentsPath, body),
    transitionIncident: (id: string, body: IncidentTransitionRequest) =>
      request<IncidentDetail>('POST', `${incidentPath(id)}/transitions`, body),
    dispatchSuggestions: (id: string, limit?: number, signal?: AbortSignal) =>
      get<DispatchSuggestionsResponse>(
        `${incidentPath(id)}/dispatch-suggestions${queryString({ limit })}`,
        signal,
      ),
    confirmDispatch: (id: string, body: ConfirmDispatchRequest) =>
      request<ConfirmDispatchResponse>('POST', `${incidentPath(id)}/dispatch`, body),
    /** The heatmap's incidents of a window (compact rows: a window may hold thousands). */
    incidentHeat: (query: IncidentHeatQuery, signal?: AbortSignal) =>
      get<IncidentHeatResponse>(
        `${INCIDENT_HEAT_PATH.slice(API_PREFIX.length)}${queryString({ ...query })}`,
        signal,
      ),
    /** The cockpit's figures for a grid level (none: the caller's whole scope). */
    cockpitStats: (gridCode: string | null, signal?: AbortSignal) =>
      get<CockpitStatsResponse>(
        `${COCKPIT_STATS_PATH.slice(API_PREFIX.length)}${queryString({ gridCode: gridCode ?? undefined })}`,
        signal,
      ),
    /** The phones' change requests in scope: pending, or the reviewed history; of one unit. */
    registerRequests: (
      query: { status?: 'pending' | 'reviewed'; unitId?: number },
      signal?: AbortSignal,
    ) => get<RegisterRequestList>(`${registerRequestsPath}${queryString({ ...query })}`, signal),
    approveRegisterRequest: (id: number, acceptConflict: boolean) =>
      request<RegisterRequestView>('POST', `${registerRequestsPath}/${id}/approve`, {
        acceptConflict,
      }),
    rejectRegisterRequest: (id: number, reason: string) =>
      request<RegisterRequestView>('POST', `${registerRequestsPath}/${id}/reject`, { reason }),
    /** Residents per building, for the per-1,000-residents heat. */
    heatResidents: (signal?: AbortSignal) =>
      get<HeatResidentsResponse>(INCIDENT_HEAT_RESIDENTS_PATH.slice(API_PREFIX.length), signal),
  };
}
