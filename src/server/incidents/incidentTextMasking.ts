/**
 * Free text of incidents (description, the notes of the timeline: feedback, handling, rework) on
 * the way out: phones, ID numbers and e-mail addresses typed into it are masked by the domain's
 * maskFreeText for every reader, every route, the /live feed, Open311 and the workers' phones.
 * The stored text stays as typed; POST /api/incidents/{id}/reveal gives it back, with a purpose
 * and a reason, to a role that may reveal, and audits it.
 */
import { maskFreeText } from '../../domain/privacy/maskFreeText';
import type { IncidentTransition } from '../../domain/incidents/incident';
import type { IncidentFeedEvent } from '../../shared/incidents';

export function maskTransitionText(transition: IncidentTransition): IncidentTransition {
  return { ...transition, note: maskFreeText(transition.note) };
}

/** An incident or a snapshot with its description masked; other fields untouched. */
export function maskDescription<T extends { description: string }>(incident: T): T {
  return { ...incident, description: maskFreeText(incident.description) };
}

/** An incident with its description and every note of its history masked. */
export function maskIncidentText<T extends { description: string; history: IncidentTransition[] }>(
  incident: T,
): T {
  return { ...maskDescription(incident), history: incident.history.map(maskTransitionText) };
}

/** Whether masking changed anything (the drawer offers a reveal only then). */
export function incidentTextWasMasked(
  original: { description: string; history: IncidentTransition[] },
  masked: { description: string; history: IncidentTransition[] },
): boolean {
  return (
    original.description !== masked.description ||
    original.history.some((transition, index) => transition.note !== masked.history[index]?.note)
  );
}

export function maskFeedEvent(event: IncidentFeedEvent): IncidentFeedEvent {
  return {
    ...event,
    incident: maskDescription(event.incident),
    transition: event.transition === null ? null : maskTransitionText(event.transition),
  };
}
