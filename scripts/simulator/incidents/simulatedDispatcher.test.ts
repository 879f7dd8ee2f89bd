import { describe, expect, it } from 'vitest';
import type {
  DispatchSuggestion,
  IncidentCommand,
  IncidentIntakeCheck,
  IncidentListItem,
  IncidentState,
} from '../../../src/shared/incidents';
import { planLifecycle } from './incidentLifecycle';
import { SimulatedDispatcher, type DispatcherApi } from './simulatedDispatcher';

function item(id: string, state: IncidentState, reportedAtMs = 1_000): IncidentListItem {
  return {
    id,
    categoryCode: 'street_order',
    priority: 'normal',
    source: 'worker',
    location: { lon: 119.3, lat: 26.08 },
    gridCode: '350102001001001',
    description: '摊贩占道经营',
    state,
    department: null,
    assigneeUsername: null,
    reportedAtMs,
    dispatchedAtMs: null,
    dueAtMs: null,
    evaluationScore: null,
    escalations: [],
    deadline: { phase: 'not_started' } as IncidentListItem['deadline'],
    responsibleGridCode: '350102001001001',
  };
}

function suggestion(workerId: number, durationS: number): DispatchSuggestion {
  return {
    workerId,
    assigneeUsername: `worker:${workerId}`,
    displayName: '张*',
    gridCodes: ['350102001001001'],
    status: 'online',
    lon: 119.3,
    lat: 26.08,
    lastFixAtMs: 0,
    distanceM: durationS * 1.2,
    durationS,
    routeKind: 'network',
    inIncidentGrid: true,
  };
}

/** An in-memory desk: what the API would list, and what the dispatcher did. */
class FakeApi implements DispatcherApi {
  incidents: IncidentListItem[] = [];
  duplicates: IncidentIntakeCheck['possibleDuplicates'] = [];
  offered: DispatchSuggestion[] = [];
  readonly done: Array<{
    id: string;
    command: IncidentCommand | { action: 'confirm'; workerId: number };
  }> = [];

  async listActive(states: readonly IncidentState[]) {
    return this.incidents.filter((incident) => states.includes(incident.state));
  }
  async intakeCheck() {
    return { gridCode: '350102001001001', inScope: true, possibleDuplicates: this.duplicates };
  }
  async transition(id: string, command: IncidentCommand) {
    this.done.push({ id, command });
  }
  async suggestions() {
    return this.offered;
  }
  async dispatch(id: string, workerId: number) {
    this.done.push({ id, command: { action: 'confirm', workerId } });
  }
  async reportByHotline() {}
}

describe('SimulatedDispatcher', () => {
  it('registers a new report and rejects one that duplicates an earlier open report', async () => {
    const api = new FakeApi();
    const earlier = item('INC-1', 'registered', 500);
    api.incidents = [item('INC-2', 'reported', 1_000)];
    const dispatcher = new SimulatedDispatcher(api, { stepDelayMs: 0 });
    await dispatcher.round(0);
    expect(api.done).toEqual([
      { id: 'INC-2', command: expect.objectContaining({ action: 'register' }) },
    ]);

    api.done.length = 0;
    api.duplicates = [
      { incident: item('INC-2', 'reported', 1_000), distanceM: 0 },
      { incident: earlier, distanceM: 12 },
    ];
    await dispatcher.round(0);
    expect(api.done[0]?.command.action).toBe('reject');
    expect((api.done[0]?.command as { note: string }).note).toContain('INC-1');
  });

  it('dispatches the best suggestion and waits when there is none', async () => {
    const api = new FakeApi();
    api.incidents = [item('INC-3', 'registered')];
    const dispatcher = new SimulatedDispatcher(api, { stepDelayMs: 0 });
    await dispatcher.round(0);
    expect(api.done).toEqual([]);
    api.offered = [suggestion(7, 120), suggestion(9, 400)];
    await dispatcher.round(0);
    expect(api.done).toEqual([{ id: 'INC-3', command: { action: 'confirm', workerId: 7 } }]);
  });

  it('waits the step delay in each state before acting', async () => {
    const api = new FakeApi();
    api.incidents = [item('INC-4', 'evaluated')];
    const dispatcher = new SimulatedDispatcher(api, { stepDelayMs: 30_000 });
    expect(await dispatcher.round(0)).toBe(0);
    expect(await dispatcher.round(29_999)).toBe(0);
    expect(await dispatcher.round(30_000)).toBe(1);
    expect(api.done[0]?.command.action).toBe('archive');
  });

  it('verifies feedback, or returns it for rework once when its plan says so, then evaluates', async () => {
    const ids = Array.from({ length: 60 }, (_, index) => `INC-${100 + index}`);
    const reworkId = ids.find((id) => planLifecycle(`desk:${id}`).reworked);
    const verifyId = ids.find((id) => !planLifecycle(`desk:${id}`).reworked);
    expect(reworkId).toBeDefined();
    const api = new FakeApi();
    const dispatcher = new SimulatedDispatcher(api, { stepDelayMs: 0 });
    await dispatcher.round(0);
    api.incidents = [
      item(reworkId!, 'feedback'),
      item(verifyId!, 'feedback'),
      item('INC-9', 'closed'),
    ];
    await dispatcher.round(1);
    const actionOf = (id: string) =>
      api.done.filter((entry) => entry.id === id).map((entry) => entry.command.action);
    expect(actionOf(reworkId!)).toEqual(['return_for_rework']);
    expect(actionOf(verifyId!)).toEqual(['verify']);
    const evaluation = api.done.find((entry) => entry.id === 'INC-9')?.command;
    expect(evaluation).toMatchObject({
      action: 'evaluate',
      score: planLifecycle('desk:INC-9').score,
    });
    // Fed back again after the rework: now it is verified.
    api.done.length = 0;
    api.incidents = [item(reworkId!, 'handling')];
    await dispatcher.round(2);
    api.incidents = [item(reworkId!, 'feedback')];
    await dispatcher.round(3);
    expect(actionOf(reworkId!)).toEqual(['verify']);
  });

  it('verifies work fed back before its first look, since no phone of this run watches it', async () => {
    const reworkId = Array.from({ length: 60 }, (_, index) => `INC-${100 + index}`).find(
      (id) => planLifecycle(`desk:${id}`).reworked,
    );
    const api = new FakeApi();
    api.incidents = [item(reworkId!, 'feedback')];
    const dispatcher = new SimulatedDispatcher(api, { stepDelayMs: 0 });
    await dispatcher.round(0);
    expect(api.done).toEqual([
      { id: reworkId, command: { action: 'verify', note: '核查通过，结案' } },
    ]);
  });

  it('keeps going when a step is refused (someone else moved the incident)', async () => {
    const api = new FakeApi();
    api.incidents = [item('INC-5', 'closed'), item('INC-6', 'evaluated')];
    api.transition = async (id, command) => {
      if (id === 'INC-6') throw new Error('409 illegal_transition');
      api.done.push({ id, command });
    };
    const lines: string[] = [];
    const dispatcher = new SimulatedDispatcher(api, {
      stepDelayMs: 0,
      log: (line) => lines.push(line),
    });
    expect(await dispatcher.round(0)).toBe(1);
    expect(lines.join('\n')).toContain('INC-6');
  });
});
