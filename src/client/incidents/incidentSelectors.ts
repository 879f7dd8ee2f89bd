/**
 * Derived views of the incident store (STYLE: derive, don't copy): the deadline phase at a given
 * clock, the filtered and sorted list, what the globe draws. Pure functions of the state.
 */
import { isWithinGrid } from '../../domain/gridCode';
import { isOpenIncident } from '../../domain/incidents/incident';
import {
  computeDeadlineState,
  CLOCK_RUNNING_STATES,
  type DeadlineState,
} from '../../domain/incidents/incidentDeadlines';
import type { RunningDeadlinePhase } from '../../shared/incidents';
import type { IncidentFilters, IncidentStoreState, WallIncident } from './incidentStore';

/** Priorities first by urgency: an urgent incident is never listed under a low one. */
const PRIORITY_RANK = { urgent: 0, high: 1, normal: 2, low: 3 } as const;
/** Overdue first, then near the deadline, then the rest. */
const PHASE_RANK: Record<string, number> = { overdue: 0, near_deadline: 1 };
const OTHER_PHASE_RANK = 2;

/**
 * The running clock of an incident at `nowMs` (epoch ms), or null when no clock runs (not yet
 * dispatched, or fed back). The snapshot has no history, so only running clocks are derived here.
 */
export function runningDeadlineOf(
  incident: WallIncident,
  nowMs: number,
): (DeadlineState & { phase: RunningDeadlinePhase }) | null {
  if (!CLOCK_RUNNING_STATES.includes(incident.state)) return null;
  const deadline = computeDeadlineState({ ...incident, history: [] }, nowMs);
  const { phase } = deadline;
  return phase === 'on_track' || phase === 'near_deadline' || phase === 'overdue'
    ? { ...deadline, phase }
    : null;
}

export function matchesIncidentFilters(
  incident: WallIncident,
  filters: IncidentFilters,
  nowMs: number,
): boolean {
  const open = isOpenIncident(incident);
  if (filters.openness === 'open' && !open) return false;
  if (filters.openness === 'closed' && open) return false;
  if (filters.state !== null && incident.state !== filters.state) return false;
  if (filters.categoryCode !== null && incident.categoryCode !== filters.categoryCode) return false;
  if (filters.source !== null && incident.source !== filters.source) return false;
  if (filters.priority !== null && incident.priority !== filters.priority) return false;
  if (filters.gridCode !== null && !isWithinGrid(incident.gridCode, filters.gridCode)) return false;
  if (filters.deadlinePhase !== null) {
    return runningDeadlineOf(incident, nowMs)?.phase === filters.deadlinePhase;
  }
  return true;
}

/** The list's rows: overdue and near-deadline first, then by priority, newest report first. */
export function selectFilteredIncidents(
  state: Pick<IncidentStoreState, 'incidents' | 'filters'>,
  nowMs: number,
): WallIncident[] {
  const rows = Object.values(state.incidents).filter((incident) =>
    matchesIncidentFilters(incident, state.filters, nowMs),
  );
  const phaseRank = (incident: WallIncident) =>
    PHASE_RANK[runningDeadlineOf(incident, nowMs)?.phase ?? ''] ?? OTHER_PHASE_RANK;
  return rows.sort(
    (a, b) =>
      phaseRank(a) - phaseRank(b) ||
      PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
      b.reportedAtMs - a.reportedAtMs ||
      a.id.localeCompare(b.id),
  );
}

/** What the globe draws: the list's filter decides, so the map and the list always agree. */
export function selectMarkerIncidents(
  state: Pick<IncidentStoreState, 'incidents' | 'filters'>,
  nowMs: number,
): WallIncident[] {
  return Object.values(state.incidents).filter((incident) =>
    matchesIncidentFilters(incident, state.filters, nowMs),
  );
}
