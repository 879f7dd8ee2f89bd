import { describe, expect, it } from 'vitest';
import {
  INCIDENT_ACTIONS,
  INCIDENT_STATES,
  type IncidentAction,
  type IncidentActor,
  type IncidentCommand,
  type IncidentState,
} from './incident';
import { applyTransition, reportIncident } from './incidentStateMachine';
import {
  BASE_GRID,
  CITIZEN,
  DISPATCHER,
  HOUR_MS,
  incidentIn,
  LEADER,
  MINUTE_MS,
  OTHER_WORKER,
  reportAt,
  T0_MS,
  WORKER,
} from './incidentFixtures.test-helper';

/** Written out by hand (not read from the module's table) so a wrong table fails here. */
const LEGAL: Record<string, IncidentState> = {
  'reported/register': 'registered',
  'reported/reject': 'rejected',
  'registered/dispatch': 'dispatched',
  'registered/transfer': 'registered',
  'rejected/archive': 'archived',
  'dispatched/accept': 'handling',
  'dispatched/decline': 'registered',
  'dispatched/transfer': 'registered',
  'handling/feed_back': 'feedback',
  'feedback/verify': 'closed',
  'feedback/return_for_rework': 'handling',
  'closed/evaluate': 'evaluated',
  'evaluated/archive': 'archived',
};

const VALID_COMMAND: Record<IncidentAction, { command: IncidentCommand; actor: IncidentActor }> = {
  register: { command: { action: 'register' }, actor: DISPATCHER },
  reject: { command: { action: 'reject', note: 'Duplicate of INC-0' }, actor: DISPATCHER },
  dispatch: {
    command: { action: 'dispatch', assigneeUsername: WORKER.username, department: 'urban_mgmt' },
    actor: DISPATCHER,
  },
  accept: { command: { action: 'accept' }, actor: WORKER },
  decline: { command: { action: 'decline', note: 'Not my grid' }, actor: WORKER },
  feed_back: { command: { action: 'feed_back', note: 'Done' }, actor: WORKER },
  verify: { command: { action: 'verify' }, actor: DISPATCHER },
  return_for_rework: {
    command: { action: 'return_for_rework', note: 'Still there' },
    actor: DISPATCHER,
  },
  evaluate: { command: { action: 'evaluate', score: 4 }, actor: LEADER },
  archive: { command: { action: 'archive' }, actor: DISPATCHER },
  transfer: {
    command: { action: 'transfer', department: 'housing', note: 'Theirs' },
    actor: DISPATCHER,
  },
};

const PAIRS = INCIDENT_STATES.flatMap((state) =>
  INCIDENT_ACTIONS.map((action) => ({ state, action })),
);

describe('incident state machine', () => {
  it.each(PAIRS)('$state + $action', ({ state, action }) => {
    const incident = incidentIn(state);
    const { command, actor } = VALID_COMMAND[action];
    const nowMs = T0_MS + HOUR_MS;
    const result = applyTransition(incident, command, actor, nowMs);
    const expected = LEGAL[`${state}/${action}`];
    if (expected === undefined) {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toMatchObject({ code: 'illegal_transition', from: state, action });
      expect(result.error.message.zh).not.toBe('');
      expect(result.error.message.en).toContain(action.replaceAll('_', ' ').split(' ')[0]);
      return;
    }
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.incident.state).toBe(expected);
    const last = result.incident.history.at(-1);
    expect(last).toEqual({
      action,
      fromState: state,
      toState: expected,
      actor,
      atMs: nowMs,
      note: command.note ?? '',
      attachments: [],
    });
    expect(result.incident.history).toHaveLength(incident.history.length + 1);
  });

  it('covers every legal pair in the table above', () => {
    expect(Object.keys(LEGAL)).toHaveLength(13);
  });

  it('never changes the incident it was given', () => {
    const incident = incidentIn('registered');
    const snapshot = structuredClone(incident);
    applyTransition(incident, VALID_COMMAND.dispatch.command, DISPATCHER, T0_MS + HOUR_MS);
    expect(incident).toEqual(snapshot);
  });

  it('records a report with the actor, note and attachments', () => {
    const photo = { name: 'stall.jpg', mime: 'image/jpeg', url: '/media/1.jpg' };
    const result = reportIncident(
      {
        id: 'INC-9',
        categoryCode: 'emergency',
        source: 'citizen',
        location: { lon: 119.3, lat: 26.08 },
        gridCode: BASE_GRID,
        description: 'Water main burst',
        note: 'via Open311',
        attachments: [photo],
      },
      CITIZEN,
      T0_MS,
    );
    expect(result.ok && result.incident).toMatchObject({
      state: 'reported',
      priority: 'urgent',
      reportedAtMs: T0_MS,
      history: [
        {
          action: 'report',
          fromState: null,
          toState: 'reported',
          actor: CITIZEN,
          attachments: [photo],
        },
      ],
    });
  });

  it('refuses a report with an unknown category, a bad grid code or a leader as reporter', () => {
    const input = {
      id: 'X',
      categoryCode: 'street_order',
      source: 'worker' as const,
      location: { lon: 0, lat: 0 },
      gridCode: BASE_GRID,
      description: '',
    };
    expect(reportIncident({ ...input, categoryCode: 'ufo' }, WORKER, T0_MS)).toMatchObject({
      ok: false,
      error: { code: 'invalid_command', field: 'categoryCode' },
    });
    expect(reportIncident({ ...input, gridCode: '3501' }, WORKER, T0_MS)).toMatchObject({
      ok: false,
      error: { code: 'invalid_command', field: 'gridCode' },
    });
    expect(reportIncident(input, LEADER, T0_MS)).toMatchObject({
      ok: false,
      error: { code: 'forbidden_role', action: 'report' },
    });
  });

  it('sets assignee, department and the due time at dispatch from the category table', () => {
    const dispatched = incidentIn('dispatched', T0_MS, 'emergency');
    const dispatchAtMs = T0_MS + 2 * MINUTE_MS;
    expect(dispatched).toMatchObject({
      assigneeUsername: WORKER.username,
      department: 'city_management',
      dispatchedAtMs: dispatchAtMs,
      dueAtMs: dispatchAtMs + HOUR_MS, // emergency, urgent: 1 h
    });
  });

  it('lets registration change the priority', () => {
    const result = applyTransition(
      reportAt(T0_MS),
      { action: 'register', priority: 'urgent' },
      DISPATCHER,
      T0_MS,
    );
    expect(result.ok && result.incident.priority).toBe('urgent');
  });

  it('clears the assignee and the clock on transfer, and needs a different department', () => {
    const dispatched = incidentIn('dispatched');
    const transfer: IncidentCommand = { action: 'transfer', department: 'housing', note: 'Theirs' };
    const result = applyTransition(dispatched, transfer, DISPATCHER, T0_MS + HOUR_MS);
    expect(result.ok && result.incident).toMatchObject({
      state: 'registered',
      department: 'housing',
      assigneeUsername: null,
      dispatchedAtMs: null,
      dueAtMs: null,
    });
    const same = applyTransition(
      dispatched,
      { ...transfer, department: 'city_management' },
      DISPATCHER,
      T0_MS + HOUR_MS,
    );
    expect(same).toMatchObject({
      ok: false,
      error: { code: 'invalid_command', field: 'department' },
    });
  });

  it('lets only the assigned worker accept and feed back', () => {
    expect(
      applyTransition(
        incidentIn('dispatched'),
        { action: 'accept' },
        OTHER_WORKER,
        T0_MS + HOUR_MS,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_assignee', action: 'accept', assigneeUsername: WORKER.username },
    });
    expect(
      applyTransition(
        incidentIn('handling'),
        { action: 'feed_back' },
        OTHER_WORKER,
        T0_MS + HOUR_MS,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_assignee', action: 'feed_back' },
    });
  });

  it('refuses a legal step taken by the wrong role, with the role in the error', () => {
    expect(
      applyTransition(incidentIn('reported'), { action: 'register' }, WORKER, T0_MS + HOUR_MS),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden_role', role: 'grid_worker', action: 'register' },
    });
    expect(
      applyTransition(
        incidentIn('closed'),
        { action: 'evaluate', score: 3 },
        DISPATCHER,
        T0_MS + HOUR_MS,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden_role', role: 'dispatcher', action: 'evaluate' },
    });
  });
});
