import { describe, expect, it } from 'vitest';
import {
  ESCALATION_INTERVAL_MS,
  escalate,
  nextEscalationAtMs,
  recordEscalations,
  responsibleGridCode,
} from './incidentEscalation';
import { applyTransition } from './incidentStateMachine';
import {
  BASE_GRID,
  DISPATCHER,
  HOUR_MS,
  incidentIn,
  T0_MS,
  unwrap,
  WORKER,
} from './incidentFixtures.test-helper';

const COMMUNITY = '350102001002';
const STREET = '350102001';
const DISTRICT = '350102';
// emergency, urgent: 1 h from the fixture's dispatch at T0 + 2 min.
const DUE_AT_MS = T0_MS + 2 * 60_000 + HOUR_MS;

function overdueIncident() {
  return incidentIn('handling', T0_MS, 'emergency');
}

describe('escalation up the grid', () => {
  it('emits nothing before the due time', () => {
    const incident = overdueIncident();
    expect(escalate(incident, DUE_AT_MS - 1)).toEqual([]);
    expect(nextEscalationAtMs(incident)).toBe(DUE_AT_MS);
  });

  it('goes grid → community → street → district, one level per interval, then stops', () => {
    let incident = overdueIncident();
    const seen = [];
    // A controlled clock that ticks every 10 minutes for a day.
    for (let nowMs = T0_MS; nowMs <= T0_MS + 24 * HOUR_MS; nowMs += 10 * 60_000) {
      const events = escalate(incident, nowMs);
      seen.push(...events);
      incident = recordEscalations(incident, events);
    }
    expect(seen).toEqual([
      { incidentId: 'INC-1', fromLevelCode: BASE_GRID, toLevelCode: COMMUNITY, atMs: DUE_AT_MS },
      {
        incidentId: 'INC-1',
        fromLevelCode: COMMUNITY,
        toLevelCode: STREET,
        atMs: DUE_AT_MS + ESCALATION_INTERVAL_MS,
      },
      {
        incidentId: 'INC-1',
        fromLevelCode: STREET,
        toLevelCode: DISTRICT,
        atMs: DUE_AT_MS + 2 * ESCALATION_INTERVAL_MS,
      },
    ]);
    expect(responsibleGridCode(incident)).toBe(DISTRICT);
    expect(nextEscalationAtMs(incident)).toBeNull();
  });

  it('catches up in one call when the check comes late, with the scheduled times', () => {
    const events = escalate(overdueIncident(), DUE_AT_MS + ESCALATION_INTERVAL_MS);
    expect(events.map((event) => [event.toLevelCode, event.atMs])).toEqual([
      [COMMUNITY, DUE_AT_MS],
      [STREET, DUE_AT_MS + ESCALATION_INTERVAL_MS],
    ]);
  });

  it('emits each event once when recorded', () => {
    const incident = overdueIncident();
    const first = escalate(incident, DUE_AT_MS);
    const recorded = recordEscalations(incident, first);
    expect(escalate(recorded, DUE_AT_MS + 1)).toEqual([]);
    expect(responsibleGridCode(recorded)).toBe(COMMUNITY);
  });

  it('does not escalate once the worker has fed back', () => {
    const handling = overdueIncident();
    const fed = unwrap(applyTransition(handling, { action: 'feed_back' }, WORKER, DUE_AT_MS - 1));
    expect(escalate(fed, DUE_AT_MS + 10 * HOUR_MS)).toEqual([]);
    expect(nextEscalationAtMs(fed)).toBeNull();
  });

  it('starts over after a transfer and a new dispatch', () => {
    const dispatched = incidentIn('dispatched', T0_MS, 'emergency');
    const escalated = recordEscalations(dispatched, escalate(dispatched, DUE_AT_MS));
    expect(responsibleGridCode(escalated)).toBe(COMMUNITY);
    const transferAtMs = DUE_AT_MS + 60_000;
    const transferred = unwrap(
      applyTransition(
        escalated,
        { action: 'transfer', department: 'water', note: 'Main pipe' },
        DISPATCHER,
        transferAtMs,
      ),
    );
    expect(responsibleGridCode(transferred)).toBe(BASE_GRID);
    expect(escalate(transferred, transferAtMs + 10 * HOUR_MS)).toEqual([]);
    const redispatched = unwrap(
      applyTransition(
        transferred,
        { action: 'dispatch', assigneeUsername: WORKER.username, department: 'water' },
        DISPATCHER,
        transferAtMs,
      ),
    );
    expect(escalate(redispatched, transferAtMs + HOUR_MS - 1)).toEqual([]);
    expect(escalate(redispatched, transferAtMs + HOUR_MS)).toEqual([
      {
        incidentId: 'INC-1',
        fromLevelCode: BASE_GRID,
        toLevelCode: COMMUNITY,
        atMs: transferAtMs + HOUR_MS,
      },
    ]);
    // The first escalation stays in the record.
    expect(redispatched.escalations).toHaveLength(1);
  });
});
