/**
 * Escalation up the grid ("three-level platform, four-level dispatch"): an overdue incident goes
 * from its grid to the community at the due time, then one more level after each further
 * interval (street, district), and stops at the district. Events carry their scheduled time, not
 * the time of the check, so a server that polls late still emits the same events, each once.
 */
import { gridLevelOf, parentGridCode } from '../gridCode';
import type { EscalationEvent, Incident } from './incident';
import { CLOCK_RUNNING_STATES } from './incidentDeadlines';

/** Time a level has to act on an escalated incident before it goes one level further up. */
export const ESCALATION_INTERVAL_MS = 2 * 3_600_000;

/** Escalations that belong to the current deadline (a transfer and a new dispatch start over). */
function currentEscalations(incident: Incident): EscalationEvent[] {
  const { dueAtMs } = incident;
  if (dueAtMs === null) return [];
  return incident.escalations.filter((event) => event.atMs >= dueAtMs);
}

/** The grid level now answerable for the incident: its own grid unless it has escalated. */
export function responsibleGridCode(incident: Incident): string {
  return currentEscalations(incident).at(-1)?.toLevelCode ?? incident.gridCode;
}

/**
 * Escalation events due by nowMs that the incident has not recorded yet, oldest first. Record
 * them with `recordEscalations` so the next call does not emit them again.
 */
export function escalate(incident: Incident, nowMs: number): EscalationEvent[] {
  const { dueAtMs } = incident;
  if (dueAtMs === null || !CLOCK_RUNNING_STATES.includes(incident.state)) return [];
  if (gridLevelOf(incident.gridCode) === null) return [];
  const events: EscalationEvent[] = [];
  let step = currentEscalations(incident).length;
  let fromLevelCode = responsibleGridCode(incident);
  for (;;) {
    const toLevelCode = parentGridCode(fromLevelCode);
    const atMs = dueAtMs + step * ESCALATION_INTERVAL_MS;
    if (toLevelCode === null || atMs > nowMs) return events;
    events.push({ incidentId: incident.id, fromLevelCode, toLevelCode, atMs });
    fromLevelCode = toLevelCode;
    step += 1;
  }
}

export function recordEscalations(
  incident: Incident,
  events: readonly EscalationEvent[],
): Incident {
  if (events.length === 0) return incident;
  return { ...incident, escalations: [...incident.escalations, ...events] };
}

/** When the next escalation would fire, or null when none is pending (not running, at the top). */
export function nextEscalationAtMs(incident: Incident): number | null {
  const { dueAtMs } = incident;
  if (dueAtMs === null || !CLOCK_RUNNING_STATES.includes(incident.state)) return null;
  if (parentGridCode(responsibleGridCode(incident)) === null) return null;
  return dueAtMs + currentEscalations(incident).length * ESCALATION_INTERVAL_MS;
}
