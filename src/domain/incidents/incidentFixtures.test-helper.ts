/** Shared test fixtures: a controlled clock and incidents walked through the loop. */
import type { Incident, IncidentActor, IncidentCommand, IncidentState } from './incident';
import type { IncidentResult } from './incidentErrors';
import { applyTransition, reportIncident } from './incidentStateMachine';

export const BASE_GRID = '350102001002003';
export const T0_MS = Date.UTC(2026, 10, 27, 1, 0, 0);
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

export const WORKER: IncidentActor = { username: 'wang.wei', role: 'grid_worker' };
export const OTHER_WORKER: IncidentActor = { username: 'li.na', role: 'grid_worker' };
export const DISPATCHER: IncidentActor = { username: 'zhao.min', role: 'dispatcher' };
export const LEADER: IncidentActor = { username: 'chen.jie', role: 'leader' };
export const CITIZEN: IncidentActor = { username: 'open311', role: 'citizen' };

export function reportAt(nowMs: number, categoryCode = 'street_order', id = 'INC-1'): Incident {
  const result = reportIncident(
    {
      id,
      categoryCode,
      source: 'worker',
      location: { lon: 119.3, lat: 26.08 },
      gridCode: BASE_GRID,
      description: 'Stall blocking the pavement',
    },
    WORKER,
    nowMs,
  );
  if (!result.ok) throw new Error(result.error.message.en);
  return result.incident;
}

/** A command each state can legally receive, with the actor allowed to give it. */
export const STEP_TO_NEXT: Partial<
  Record<IncidentState, { command: IncidentCommand; actor: IncidentActor }>
> = {
  reported: { command: { action: 'register' }, actor: DISPATCHER },
  registered: {
    command: {
      action: 'dispatch',
      assigneeUsername: WORKER.username,
      department: 'city_management',
    },
    actor: DISPATCHER,
  },
  dispatched: { command: { action: 'accept' }, actor: WORKER },
  handling: { command: { action: 'feed_back', note: 'Stall moved' }, actor: WORKER },
  feedback: { command: { action: 'verify' }, actor: DISPATCHER },
  closed: { command: { action: 'evaluate', score: 5 }, actor: LEADER },
  evaluated: { command: { action: 'archive' }, actor: LEADER },
};

/** Walks a fresh incident along the main path until it reaches `target`, one minute per step. */
export function incidentIn(
  target: IncidentState,
  startMs = T0_MS,
  categoryCode = 'street_order',
): Incident {
  if (target === 'rejected') {
    const result = applyTransition(
      reportAt(startMs, categoryCode),
      { action: 'reject', note: 'Not in our district' },
      DISPATCHER,
      startMs + MINUTE_MS,
    );
    if (!result.ok) throw new Error(result.error.message.en);
    return result.incident;
  }
  let incident = reportAt(startMs, categoryCode);
  let nowMs = startMs;
  while (incident.state !== target) {
    const step = STEP_TO_NEXT[incident.state];
    if (step === undefined) throw new Error(`no path to ${target}`);
    nowMs += MINUTE_MS;
    const result = applyTransition(incident, step.command, step.actor, nowMs);
    if (!result.ok) throw new Error(result.error.message.en);
    incident = result.incident;
  }
  return incident;
}

export function unwrap(result: IncidentResult): Incident {
  if (!result.ok) throw new Error(result.error.message.en);
  return result.incident;
}
