/**
 * How well run the simulated district looks at one instant: the figures a visiting delegation
 * reads off the wall (share fed back in time, overdue among the open, how long overdue, how old
 * the oldest open incident is, escalations). Used by the tests of the backfill and the live loop,
 * and handy when tuning the demo's shares.
 */
import { isOpenIncident, type Incident } from '../../../src/domain/incidents/incident';
import { computeDeadlineState } from '../../../src/domain/incidents/incidentDeadlines';

export interface DemoOperationShape {
  incidents: number;
  open: number;
  /** Fed back in time among those with a deadline that were fed back or are overdue now. */
  onTimeShare: number;
  openOverdue: number;
  /** The longest any open incident has been past its due time, ms (0 when none). */
  maxOverdueMs: number;
  /** Age of the oldest open incident, ms (0 when none). */
  oldestOpenAgeMs: number;
  escalatedIncidents: number;
}

export function measureDemoOperation(
  incidents: readonly Incident[],
  nowMs: number,
): DemoOperationShape {
  let met = 0;
  let missed = 0;
  let open = 0;
  let openOverdue = 0;
  let maxOverdueMs = 0;
  let oldestOpenAgeMs = 0;
  let escalatedIncidents = 0;
  for (const incident of incidents) {
    const deadline = computeDeadlineState(incident, nowMs);
    if (deadline.phase === 'met') met += 1;
    if (deadline.phase === 'missed' || deadline.phase === 'overdue') missed += 1;
    if (incident.escalations.length > 0) escalatedIncidents += 1;
    if (!isOpenIncident(incident)) continue;
    open += 1;
    oldestOpenAgeMs = Math.max(oldestOpenAgeMs, nowMs - incident.reportedAtMs);
    if (deadline.phase === 'overdue') {
      openOverdue += 1;
      maxOverdueMs = Math.max(maxOverdueMs, -(deadline.remainingMs ?? 0));
    }
  }
  return {
    incidents: incidents.length,
    open,
    onTimeShare: met + missed === 0 ? 1 : met / (met + missed),
    openOverdue,
    maxOverdueMs,
    oldestOpenAgeMs,
    escalatedIncidents,
  };
}
