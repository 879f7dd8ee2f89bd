/**
 * Incidents as the wire carries them (src/shared/incidents.ts): the snapshot without history for
 * lists and the feed, the detail with its timeline for the drawer. Derived figures (deadline
 * state, the answerable grid level) are computed here from the server clock, never stored.
 */
import { maskIdentifier } from '../../domain/idNumber';
import {
  INCIDENT_ACTIONS,
  type Incident,
  type IncidentAction,
} from '../../domain/incidents/incident';
import { computeDeadlineState } from '../../domain/incidents/incidentDeadlines';
import { responsibleGridCode } from '../../domain/incidents/incidentEscalation';
import {
  ASSIGNEE_ONLY_ACTIONS,
  mayPerformAction,
} from '../../domain/incidents/incidentPermissions';
import { nextIncidentState } from '../../domain/incidents/incidentStateMachine';
import type { Role } from '../../shared/api';
import type {
  IncidentArrival,
  IncidentDetail,
  IncidentListItem,
  IncidentSnapshot,
  ReporterContactView,
} from '../../shared/incidents';
import { incidentRoleOf } from './incidentActors';
import { incidentTextWasMasked, maskDescription, maskIncidentText } from './incidentTextMasking';
import type { ReporterRating } from '../../domain/incidents/reporterAnswer';
import type { ReporterContact } from './incidentRepository';

export function toIncidentSnapshot(incident: Incident): IncidentSnapshot {
  return {
    id: incident.id,
    categoryCode: incident.categoryCode,
    priority: incident.priority,
    source: incident.source,
    location: incident.location,
    gridCode: incident.gridCode,
    description: incident.description,
    state: incident.state,
    department: incident.department,
    assigneeUsername: incident.assigneeUsername,
    reportedAtMs: incident.reportedAtMs,
    dispatchedAtMs: incident.dispatchedAtMs,
    dueAtMs: incident.dueAtMs,
    evaluationScore: incident.evaluationScore,
    escalations: incident.escalations,
  };
}

/** A list row; its free text masked (incidentTextMasking.ts). */
export function toIncidentListItem(incident: Incident, nowMs: number): IncidentListItem {
  return {
    ...maskDescription(toIncidentSnapshot(incident)),
    deadline: computeDeadlineState(incident, nowMs),
    responsibleGridCode: responsibleGridCode(incident),
  };
}

/** What an app user may do now; assignee-only steps belong to the worker's device. */
export function permittedActionsOf(
  incident: Incident,
  role: Role,
  username?: string,
): IncidentAction[] {
  return INCIDENT_ACTIONS.filter((action) => {
    if (nextIncidentState(incident.state, action) === null) return false;
    // Accepting and feeding back are the assignee's own (a signed-in worker or department handler).
    if (ASSIGNEE_ONLY_ACTIONS.includes(action) && incident.assigneeUsername !== username) {
      return false;
    }
    const incidentRole = incidentRoleOf(role, action);
    return incidentRole !== null && mayPerformAction(incidentRole, action);
  });
}

/** Contact details are shown masked, like every identifier outside the audited reveal. */
export function toReporterContactView(contact: ReporterContact): ReporterContactView {
  return {
    nameMasked: maskIdentifier(contact.name),
    phoneMasked: maskIdentifier(contact.phone),
    emailMasked: maskIdentifier(contact.email),
  };
}

export function toIncidentDetail(
  incident: Incident,
  nowMs: number,
  viewer: { role: Role; username?: string },
  arrivals: IncidentArrival[],
  reporter: ReporterContact | null,
  rating: ReporterRating | null = null,
): IncidentDetail {
  const masked = maskIncidentText(incident);
  return {
    ...masked,
    textMasked: incidentTextWasMasked(incident, masked),
    deadline: computeDeadlineState(incident, nowMs),
    responsibleGridCode: responsibleGridCode(incident),
    permittedActions: permittedActionsOf(incident, viewer.role, viewer.username),
    arrivals,
    reporterContact: reporter === null ? null : toReporterContactView(reporter),
    reporterRating: rating,
  };
}
