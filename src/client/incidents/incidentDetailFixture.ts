/**
 * Test-only: an incident as the detail route answers it, and a refusal as the incident write
 * routes send it, for the component tests of the drawer, the dispatch panel and the report form.
 */
import type { IncidentAction } from '../../domain/incidents/incident';
import type { IncidentError } from '../../domain/incidents/incidentErrors';
import type { GridNode } from '../../shared/api';
import type {
  DispatchSuggestion,
  IncidentCommandErrorResponse,
  IncidentDetail,
} from '../../shared/incidents';
import { ApiRequestError } from '../feeds/apiClient';

export const FIXTURE_INCIDENT_ID = 'INC-20261127-0001';
export const FIXTURE_GRID_CODE = '350102001001001';
export const FIXTURE_REPORTED_AT_MS = Date.UTC(2026, 10, 27, 2);
const MINUTE_MS = 60_000;

/** The fixture's base grid, so panels can show its name. */
export const FIXTURE_GRID: GridNode = {
  code: FIXTURE_GRID_CODE,
  parentCode: '350102001001',
  level: 4,
  name: '三坊七巷第一网格',
  nameEn: 'Sanfang Qixiang Grid 1',
  center: { lon: 119.3, lat: 26.08 },
  polygon: { type: 'Polygon', coordinates: [] },
};

/** A fresh citizen's report: reported, not yet registered, the clock not started. */
export function incidentDetail(overrides: Partial<IncidentDetail> = {}): IncidentDetail {
  return {
    id: FIXTURE_INCIDENT_ID,
    categoryCode: 'city_appearance',
    priority: 'normal',
    source: 'hotline',
    location: { lon: 119.3, lat: 26.08 },
    gridCode: FIXTURE_GRID_CODE,
    description: '小区东门垃圾满溢',
    textMasked: false,
    state: 'reported',
    department: null,
    assigneeUsername: null,
    reportedAtMs: FIXTURE_REPORTED_AT_MS,
    dispatchedAtMs: null,
    dueAtMs: null,
    evaluationScore: null,
    escalations: [],
    history: [
      {
        action: 'report',
        fromState: null,
        toState: 'reported',
        actor: { username: 'hotline01', role: 'dispatcher' },
        atMs: FIXTURE_REPORTED_AT_MS,
        note: '',
        attachments: [],
      },
    ],
    deadline: {
      phase: 'not_started',
      dispatchedAtMs: null,
      dueAtMs: null,
      allowedMs: null,
      remainingMs: null,
    },
    responsibleGridCode: FIXTURE_GRID_CODE,
    permittedActions: ['register', 'reject', 'transfer'],
    arrivals: [],
    reporterRating: null,
    reporterContact: null,
    ...overrides,
  };
}

/** The incident after one more step: its new state, with the step in the history. */
export function afterStep(
  detail: IncidentDetail,
  action: IncidentAction,
  step: Pick<IncidentDetail, 'state' | 'permittedActions'> & Partial<IncidentDetail>,
): IncidentDetail {
  const atMs = (detail.history.at(-1)?.atMs ?? detail.reportedAtMs) + MINUTE_MS;
  return {
    ...detail,
    ...step,
    history: [
      ...detail.history,
      {
        action,
        fromState: detail.state,
        toState: step.state,
        actor: { username: 'dispatcher01', role: 'dispatcher' },
        atMs,
        note: '',
        attachments: [],
      },
    ],
  };
}

/**
 * A worker the dispatch route suggests, on the street network and in the incident's grid; at a
 * walking pace of one metre per second, so the walking time in seconds equals the distance.
 */
export function dispatchSuggestion(
  workerId: number,
  displayName: string,
  distanceM: number,
  overrides: Partial<DispatchSuggestion> = {},
): DispatchSuggestion {
  return {
    workerId,
    assigneeUsername: `worker:${workerId}`,
    displayName,
    gridCodes: [FIXTURE_GRID_CODE],
    status: 'online',
    lon: 119.3,
    lat: 26.08,
    lastFixAtMs: FIXTURE_REPORTED_AT_MS,
    distanceM,
    durationS: distanceM,
    routeKind: 'network',
    inIncidentGrid: true,
    ...overrides,
  };
}

const REFUSAL_STATUS: Record<IncidentError['code'], number> = {
  invalid_command: 400,
  forbidden_role: 403,
  not_assignee: 403,
  assignee_out_of_scope: 403,
  illegal_transition: 409,
};

/** How the API client throws a refusal of the state machine (its words in both languages). */
export function commandRefusal(error: IncidentError): ApiRequestError {
  const body: IncidentCommandErrorResponse = {
    statusCode: REFUSAL_STATUS[error.code],
    error: 'Refused',
    message: error.message.en,
    code: error.code,
    messages: error.message,
  };
  return new ApiRequestError(body);
}
