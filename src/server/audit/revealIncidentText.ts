/**
 * The one way an incident's free text leaves unmasked: a caller who may reveal, the incident in
 * their scope, a purpose and reason already admitted by the RevealGuard. One audit row per reveal
 * (action `reveal_incident_text`), written before the text is answered.
 */
import type { Incident } from '../../domain/incidents/incident';
import type { IncidentTextRevealResponse } from '../../shared/incidents';
import type { Caller } from '../registry/accessErrors';
import type { AuditRepository } from './auditRepository';
import type { RevealAdmission } from './revealGuard';

export const REVEAL_INCIDENT_TEXT_ACTION = 'reveal_incident_text';
export const REVEALED_INCIDENT_FIELDS = 'description,notes';

export async function revealIncidentText(
  incidents: { findInScope(caller: Caller, incidentId: string): Incident | Promise<Incident> },
  audit: Pick<AuditRepository, 'recordAudit'>,
  caller: Caller,
  incidentId: string,
  admission: RevealAdmission,
  now: Date,
): Promise<IncidentTextRevealResponse> {
  const incident = await incidents.findInScope(caller, incidentId);
  const auditId = await audit.recordAudit(
    {
      at: now.toISOString(),
      username: caller.username,
      action: REVEAL_INCIDENT_TEXT_ACTION,
      targetType: 'incident',
      targetId: incident.id,
      fields: REVEALED_INCIDENT_FIELDS,
      reason: admission.auditReason,
    },
    admission.limit,
  );
  return {
    incidentId: incident.id,
    description: incident.description,
    notes: incident.history.map((transition) => transition.note),
    auditId,
  };
}
