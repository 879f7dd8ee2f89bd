/**
 * The closed loop (report → register → dispatch → handle → feedback → verify → evaluate →
 * archive, with reject, rework and transfer). Pure: the caller passes the clock, and gets either
 * a new incident or a typed refusal; the input incident is never changed.
 */
import { isGridCode } from '../gridCode';
import type {
  Incident,
  IncidentAction,
  IncidentActor,
  IncidentCommand,
  IncidentState,
  IncidentTransition,
  ReportInput,
} from './incident';
import { allowedHandlingMs, findIncidentCategory } from './incidentCategories';
import {
  forbiddenRoleError,
  illegalTransitionError,
  invalidCommandError,
  notAssigneeError,
  type IncidentError,
  type IncidentResult,
} from './incidentErrors';
import { ASSIGNEE_ONLY_ACTIONS, mayPerformAction, mayReportIncident } from './incidentPermissions';
import { validateIncidentCommand } from './validateIncidentCommand';

/** Next state for each legal (state, action) pair; anything absent is an illegal transition. */
export const INCIDENT_TRANSITIONS: Readonly<
  Record<IncidentState, Partial<Record<IncidentAction, IncidentState>>>
> = {
  reported: { register: 'registered', reject: 'rejected' },
  registered: { dispatch: 'dispatched', transfer: 'registered' },
  rejected: { archive: 'archived' },
  dispatched: { accept: 'handling', decline: 'registered', transfer: 'registered' },
  handling: { feed_back: 'feedback' },
  feedback: { verify: 'closed', return_for_rework: 'handling' },
  closed: { evaluate: 'evaluated' },
  evaluated: { archive: 'archived' },
  archived: {},
};

export function nextIncidentState(
  state: IncidentState,
  action: IncidentAction,
): IncidentState | null {
  return INCIDENT_TRANSITIONS[state][action] ?? null;
}

export function reportIncident(
  input: ReportInput,
  actor: IncidentActor,
  nowMs: number,
): IncidentResult {
  if (!mayReportIncident(actor.role)) return refuse(forbiddenRoleError(actor.role, 'report'));
  const category = findIncidentCategory(input.categoryCode);
  if (category === null) {
    return refuse(
      invalidCommandError('categoryCode', {
        zh: '未知的事件类别',
        en: 'Unknown incident category',
      }),
    );
  }
  if (!isGridCode(input.gridCode)) {
    return refuse(
      invalidCommandError('gridCode', { zh: '网格编码格式错误', en: 'Malformed grid code' }),
    );
  }
  const transition: IncidentTransition = {
    action: 'report',
    fromState: null,
    toState: 'reported',
    actor,
    atMs: nowMs,
    note: input.note ?? '',
    attachments: input.attachments ?? [],
  };
  return {
    ok: true,
    incident: {
      id: input.id,
      categoryCode: category.code,
      priority: input.priority ?? category.defaultPriority,
      source: input.source,
      location: input.location,
      gridCode: input.gridCode,
      description: input.description,
      state: 'reported',
      department: null,
      assigneeUsername: null,
      reportedAtMs: nowMs,
      dispatchedAtMs: null,
      dueAtMs: null,
      evaluationScore: null,
      escalations: [],
      history: [transition],
    },
  };
}

export function applyTransition(
  incident: Incident,
  command: IncidentCommand,
  actor: IncidentActor,
  nowMs: number,
): IncidentResult {
  const { action } = command;
  const toState = nextIncidentState(incident.state, action);
  if (toState === null) return refuse(illegalTransitionError(incident.state, action));
  if (!mayPerformAction(actor.role, action)) return refuse(forbiddenRoleError(actor.role, action));
  if (ASSIGNEE_ONLY_ACTIONS.includes(action) && incident.assigneeUsername !== actor.username) {
    return refuse(notAssigneeError(action, incident.assigneeUsername));
  }
  const problem = validateIncidentCommand(incident, command, nowMs);
  if (problem !== null) return refuse(problem);

  const transition: IncidentTransition = {
    action,
    fromState: incident.state,
    toState,
    actor,
    atMs: nowMs,
    note: command.note ?? '',
    attachments: command.attachments ?? [],
  };
  const changed: Incident = {
    ...incident,
    state: toState,
    history: [...incident.history, transition],
  };
  switch (command.action) {
    case 'register':
      return {
        ok: true,
        incident: { ...changed, priority: command.priority ?? incident.priority },
      };
    case 'dispatch': {
      // Checked by validateIncidentCommand: the category is known.
      const allowedMs = allowedHandlingMs(incident.categoryCode, incident.priority) ?? 0;
      return {
        ok: true,
        incident: {
          ...changed,
          department: command.department ?? incident.department,
          assigneeUsername: command.assigneeUsername,
          dispatchedAtMs: nowMs,
          dueAtMs: nowMs + allowedMs,
        },
      };
    }
    case 'transfer':
      // The new department gets its own full handling time, counted from its dispatch.
      return {
        ok: true,
        incident: {
          ...changed,
          department: command.department,
          assigneeUsername: null,
          dispatchedAtMs: null,
          dueAtMs: null,
        },
      };
    case 'decline':
      // Back to the dispatcher's queue: nobody holds it, the clock stops until the next dispatch.
      return {
        ok: true,
        incident: { ...changed, assigneeUsername: null, dispatchedAtMs: null, dueAtMs: null },
      };
    case 'evaluate':
      return { ok: true, incident: { ...changed, evaluationScore: command.score } };
    default:
      return { ok: true, incident: changed };
  }
}

function refuse(error: IncidentError): IncidentResult {
  return { ok: false, error };
}
