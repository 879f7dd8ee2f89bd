/**
 * Who may do what in the closed loop. A table, not scattered `if`s, so the UI can grey out
 * buttons from the same source the server enforces.
 */
import type { IncidentAction, IncidentRole } from './incident';

/** Roles that may create an incident (workers on patrol, dispatchers on the map, Open311, sensors). */
export const REPORTING_ROLES: readonly IncidentRole[] = [
  'grid_worker',
  'dispatcher',
  'citizen',
  'system',
];

export const ROLES_BY_ACTION: Readonly<Record<IncidentAction, readonly IncidentRole[]>> = {
  register: ['dispatcher'],
  reject: ['dispatcher'],
  dispatch: ['dispatcher'],
  // A functional department's handler takes the work assigned to it like a grid worker.
  accept: ['grid_worker', 'department_handler'],
  decline: ['grid_worker', 'department_handler'],
  feed_back: ['grid_worker', 'department_handler'],
  verify: ['dispatcher'],
  return_for_rework: ['dispatcher'],
  evaluate: ['leader'],
  archive: ['dispatcher', 'leader'],
  transfer: ['dispatcher'],
};

/** Actions only the assigned worker may take: another worker of the grid may not close it out. */
export const ASSIGNEE_ONLY_ACTIONS: readonly IncidentAction[] = ['accept', 'decline', 'feed_back'];

export function mayPerformAction(role: IncidentRole, action: IncidentAction): boolean {
  return ROLES_BY_ACTION[action].includes(role);
}

export function mayReportIncident(role: IncidentRole): boolean {
  return REPORTING_ROLES.includes(role);
}

export function listPermittedActions(role: IncidentRole): IncidentAction[] {
  return (Object.keys(ROLES_BY_ACTION) as IncidentAction[]).filter((action) =>
    mayPerformAction(role, action),
  );
}
