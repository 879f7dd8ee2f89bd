/**
 * Typed REST client for the command center (the only place that talks HTTP, DESIGN.md §2).
 * The session rides on the server's HttpOnly cookie; the bearer token from login is also kept
 * in this client's memory (never in localStorage: it unlocks personal data).
 */
import {
  HOTLINE_ADDRESSES_PATH,
  HOTLINE_CALLBACKS_PATH,
  HOTLINE_CALLS_PATH,
  HOTLINE_INTAKE_CHECK_PATH,
  type AddressMatch,
  type CallerNumber,
  type HotlineCallRequest,
  type HotlineCallResponse,
  type HotlineCallback,
  type HotlineCallbackDone,
  type HotlineCallbackList,
} from '../../shared/hotline';
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
  SearchPage,
  SessionUser,
  UnitDetail,
  UnitThemeColumns,
} from '../../shared/api';
import { API_PREFIX } from '../../shared/api';
import { createCommandApi } from './commandApi';
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
import { AREA_SCORE_API_PATH, type AreaScoreResponse } from '../../shared/assessment';
import {
  AIR_QUALITY_PATH,
  EMERGENCY_RECORDS_PATH,
  type EmergencyRecordInput,
  type EmergencyRecordView,
  type GridAirQuality,
  type IssuedSensorToken,
} from '../../shared/emergencyRecords';

const emergencyRecordsPath = EMERGENCY_RECORDS_PATH.slice(API_PREFIX.length);
import {
  DOOR_KNOCK_ASSIGN_PATH,
  DOOR_KNOCK_PATH,
  EVACUATION_STEP_PATH,
  EMERGENCY_SCENARIO_PATH,
  type ActiveScenario,
  type DoorKnockAssignResponse,
  type DoorKnockListResponse,
  type EvacuationStepResponse,
} from '../../shared/emergencyScenario';
import type { AeglTier } from '../../domain/emergency/chemicals';
import {
  PLUME_ASSESSMENT_PATH,
  type PlumeAssessmentRequest,
  type PlumeAssessmentResponse,
} from '../../shared/emergency';
import {
  AGGREGATE_ONLY_MODES,
  DEFAULT_WALL_MODE,
  PERSON_LEVEL_ROUTES,
  WALL_MODE_HEADER,
  type WallMode,
} from '../../shared/wallModes';

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
  /** The wall's mode, sent with every call; person-level calls are refused in public modes. */
  wallMode?: () => WallMode;
}

/** Status of a person-level call refused by this client in a public mode (as the server would). */
const HTTP_FORBIDDEN = 403;

/** A person-level route (`METHOD /url` of the server's table) refused in aggregate-only modes. */
type PersonRoute = (typeof PERSON_LEVEL_ROUTES)[number];

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

/** A path of the hotline API relative to the API prefix the client adds. */
const hotlinePath = (path: string) => path.slice(API_PREFIX.length);

export function createApiClient(options: ApiClientOptions = {}) {
  const fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  const wallModeOf = options.wallMode ?? (() => DEFAULT_WALL_MODE);
  let bearerToken: string | null = null;

  async function request<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    signal?: AbortSignal,
    personRoute?: PersonRoute,
  ): Promise<T> {
    const wallMode = wallModeOf();
    if (personRoute !== undefined && AGGREGATE_ONLY_MODES.includes(wallMode)) {
      // Never leaves the page: a public screen must not even ask for a person.
      throw new ApiRequestError({
        statusCode: HTTP_FORBIDDEN,
        error: 'Forbidden',
        message: `${personRoute} is refused in the ${wallMode} mode (aggregates only)`,
      });
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      [WALL_MODE_HEADER]: wallMode,
    };
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
  /** A GET that names a person or their whereabouts (PERSON_LEVEL_ROUTES). */
  const getPersonal = <T>(route: PersonRoute, path: string, signal?: AbortSignal) =>
    request<T>('GET', path, undefined, signal, route);

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
    users: (signal?: AbortSignal) => getPersonal<ManagedUser[]>('GET /api/users', '/users', signal),
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
      getPersonal<UserSessionView[]>(
        'GET /api/users/:username/sessions',
        `/users/${encodeURIComponent(username)}/sessions`,
        signal,
      ),
    revokeSession: (username: string, sessionId: string) =>
      request<null>(
        'DELETE',
        `/users/${encodeURIComponent(username)}/sessions/${encodeURIComponent(sessionId)}`,
      ),
    departments: (signal?: AbortSignal) => get<Department[]>('/departments', signal),
    audit: (query: AuditQuery & PageQuery, signal?: AbortSignal) =>
      getPersonal<Page<AuditEntry>>('GET /api/audit', `/audit${queryString({ ...query })}`, signal),
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
    unit: (id: number, signal?: AbortSignal) =>
      getPersonal<UnitDetail>('GET /api/units/:id', `/units/${id}`, signal),
    search: (q: string, query: PageQuery = {}, signal?: AbortSignal) =>
      getPersonal<SearchPage>(
        'GET /api/search',
        `/search${queryString({ q, ...query })}`,
        signal,
      ),
    reveal: (personId: number, purpose: string, reason: string) =>
      request<RevealResponse>(
        'POST',
        `/persons/${personId}/reveal`,
        { purpose, reason },
        undefined,
        'POST /api/persons/:id/reveal',
      ),
    /** An incident's description and notes as typed (audited, rate-limited per user). */
    revealIncidentText: (incidentId: string, purpose: string, reason: string) =>
      request<IncidentTextRevealResponse>(
        'POST',
        `/incidents/${encodeURIComponent(incidentId)}/reveal`,
        { purpose, reason },
        undefined,
        'POST /api/incidents/:id/reveal',
      ),
    unitThemes: (gridCode?: string, signal?: AbortSignal) =>
      get<UnitThemeColumns>(`/themes/units${queryString({ gridCode })}`, signal),
    workers: (grid?: string, signal?: AbortSignal) =>
      getPersonal<WorkerSummary[]>(
        'GET /api/workers',
        `${workersPath}${queryString({ grid })}`,
        signal,
      ),
    workerToday: (workerId: number, signal?: AbortSignal) =>
      getPersonal<WorkerToday>(
        'GET /api/workers/:workerId/today',
        `${workersPath}/${workerId}/${WORKER_TODAY_SUFFIX}`,
        signal,
      ),
    /** Replay tracks (audited on the server; long ranges come back downsampled). */
    tracks: (query: TracksQuery, signal?: AbortSignal) =>
      getPersonal<TracksResponse>(
        'GET /api/tracks',
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
    incident: (id: string, signal?: AbortSignal) =>
      getPersonal<IncidentDetail>('GET /api/incidents/:id', incidentPath(id), signal),
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
      getPersonal<DispatchSuggestionsResponse>(
        'GET /api/incidents/:id/dispatch-suggestions',
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
    /** Threat zones of a toxic release and the residents of the caller's scope inside each. */
    plumeAssessment: (body: PlumeAssessmentRequest, signal?: AbortSignal) =>
      request<PlumeAssessmentResponse>(
        'POST',
        PLUME_ASSESSMENT_PATH.slice(API_PREFIX.length),
        body,
        signal,
      ),
    /** Every emergency record (hazards, resources, shelters, sensors, video points, plans). */
    emergencyRecords: (signal?: AbortSignal) =>
      request<EmergencyRecordView[]>(
        'GET',
        EMERGENCY_RECORDS_PATH.slice(API_PREFIX.length),
        undefined,
        signal,
      ),
    /** Administrators: a new emergency record (audited). */
    createEmergencyRecord: (input: EmergencyRecordInput) =>
      request<EmergencyRecordView>('POST', emergencyRecordsPath, input),
    /** Administrators: replaces a record; without contactPhone the stored one is kept. */
    updateEmergencyRecord: (id: number, input: EmergencyRecordInput) =>
      request<EmergencyRecordView>('PUT', `${emergencyRecordsPath}/${id}`, input),
    deleteEmergencyRecord: (id: number) => request<null>('DELETE', `${emergencyRecordsPath}/${id}`),
    /** Administrators: a sensor's device token, shown once. */
    issueSensorToken: (id: number) =>
      request<IssuedSensorToken>('POST', `${emergencyRecordsPath}/${id}/token`),
    /** PM2.5 per base grid over 24 hours, banded by HJ 633-2012. */
    airQuality: (signal?: AbortSignal) =>
      request<GridAirQuality[]>(
        'GET',
        AIR_QUALITY_PATH.slice(API_PREFIX.length),
        undefined,
        signal,
      ),
    /** Starts or changes the hall's active scenario: every screen in scope gets it pushed. */
    putScenario: (body: PlumeAssessmentRequest, signal?: AbortSignal) =>
      request<ActiveScenario>(
        'PUT',
        EMERGENCY_SCENARIO_PATH.slice(API_PREFIX.length),
        body,
        signal,
      ),
    endScenario: () =>
      request<{ ended: boolean }>('DELETE', EMERGENCY_SCENARIO_PATH.slice(API_PREFIX.length)),
    /** The households of the caller's scope inside a zone, in door-knocking order. */
    doorKnockList: (tier: AeglTier, signal?: AbortSignal) =>
      getPersonal<DoorKnockListResponse>(
        'GET /api/emergency/scenario/door-knock',
        `${DOOR_KNOCK_PATH.slice(API_PREFIX.length)}${queryString({ tier })}`,
        signal,
      ),
    /** The evacuation plan of one step of the scenario's history, for the caller's scope. */
    evacuationStep: (step: number, signal?: AbortSignal) =>
      get<EvacuationStepResponse>(
        `${EVACUATION_STEP_PATH.slice(API_PREFIX.length)}${queryString({ step })}`,
        signal,
      ),
    assignDoorKnocking: (householdIds: number[]) =>
      request<DoorKnockAssignResponse>('POST', DOOR_KNOCK_ASSIGN_PATH.slice(API_PREFIX.length), {
        householdIds,
      }),
    /** The cockpit's figures for a grid level (none: the caller's whole scope). */
    cockpitStats: (gridCode: string | null, signal?: AbortSignal) =>
      get<CockpitStatsResponse>(
        `${COCKPIT_STATS_PATH.slice(API_PREFIX.length)}${queryString({ gridCode: gridCode ?? undefined })}`,
        signal,
      ),
    /** Last month's assessment score of a grid level and the level below (aggregates only). */
    areaScore: (gridCode: string | null, signal?: AbortSignal) =>
      get<AreaScoreResponse>(
        `${AREA_SCORE_API_PATH.slice(API_PREFIX.length)}${queryString({ gridCode: gridCode ?? undefined })}`,
        signal,
      ),
    /** The hotline desk (decision 0026): register addresses in scope matching `q`. */
    hotlineAddresses: (q: string, signal?: AbortSignal) =>
      get<{ items: AddressMatch[] }>(
        `${hotlinePath(HOTLINE_ADDRESSES_PATH)}${queryString({ q })}`,
        signal,
      ),
    hotlineIntakeCheck: (
      query: { categoryCode: string; lon: number; lat: number },
      signal?: AbortSignal,
    ) =>
      get<IncidentIntakeCheck>(
        `${hotlinePath(HOTLINE_INTAKE_CHECK_PATH)}${queryString(query)}`,
        signal,
      ),
    takeHotlineCall: (body: HotlineCallRequest) =>
      request<HotlineCallResponse>('POST', hotlinePath(HOTLINE_CALLS_PATH), body),
    hotlineCallbacks: (signal?: AbortSignal) =>
      get<HotlineCallbackList>(hotlinePath(HOTLINE_CALLBACKS_PATH), signal),
    /** The caller's number in full, to dial (audited on the server). */
    callerNumber: (incidentId: string) =>
      request<CallerNumber>(
        'POST',
        `${hotlinePath(HOTLINE_CALLBACKS_PATH)}/${encodeURIComponent(incidentId)}/number`,
        {},
      ),
    completeCallback: (incidentId: string, body: HotlineCallbackDone) =>
      request<HotlineCallback>(
        'POST',
        `${hotlinePath(HOTLINE_CALLBACKS_PATH)}/${encodeURIComponent(incidentId)}`,
        body,
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
    ...createCommandApi(request),
  };
}
