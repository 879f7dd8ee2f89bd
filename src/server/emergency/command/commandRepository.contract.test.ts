/**
 * The contract of CommandRepository, run against every engine (docs/decisions/0040-postgresql.md):
 * SQLite on a file of its own per case, PostgreSQL in a database of this file's own, emptied per
 * case. Each case gets two nodes: two repositories over one database, each with its own
 * connections, as two server processes would have. Commanders acting at once on two nodes: one
 * wins (a tick, a change of level, a termination, an opening) and the others are told, or all
 * are applied in turn (plans, a scenario's steps), never one written over another unseen.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TimelineKind } from '../../../domain/emergency/command/commandTimeline';
import type { ResponseLevel } from '../../../domain/emergency/command/responseLevel';
import type { PlumeAssessmentRequest } from '../../../shared/emergency';
import type { ActiveScenario } from '../../../shared/emergencyScenario';
import { LocalizedError, type Caller } from '../../registry/accessErrors';
import type { ScenarioLifecycle } from '../scenarioHub';
import { openDatabase } from '../../store/openDatabase';
import { PostgresCommandRepository } from '../../store/pg/postgresCommandRepository';
import { sqliteCommandRepository } from '../../store/sqliteCommandStore';
import { postgresContractEngine, sqliteContractEngine } from '../../testing/contractEngines';
import {
  ActiveEventExistsError,
  type CommandRepository,
  type NewCommandEvent,
  type NewTimelineEntry,
  type ScenarioStepRecord,
} from './commandRepository';
import { CommandService } from './commandService';

const T0 = Date.UTC(2026, 11, 6, 9);
/** Commanders acting at once, spread over both nodes (each node's pool holds this many). */
const AT_ONCE = 6;

interface Opened {
  /** Two nodes of one database. */
  nodes: [CommandRepository, CommandRepository];
  close(): void;
}

const ENGINES = [
  sqliteContractEngine<Opened>('command', (path) => {
    const first = openDatabase(path);
    const second = openDatabase(path);
    return {
      nodes: [sqliteCommandRepository(first), sqliteCommandRepository(second)],
      close: () => {
        first.close();
        second.close();
      },
    };
  }),
  postgresContractEngine<Opened>({
    tables: ['command_events'],
    pools: 2,
    poolSize: AT_ONCE,
    open: ([first, second]) => ({
      nodes: [new PostgresCommandRepository(first!), new PostgresCommandRepository(second!)],
      close: () => {},
    }),
  }),
];

function newEvent(title: string, atMs = T0, scenarioId: string | null = null): NewCommandEvent {
  return { title, incidentType: '危化品泄漏', level: 'IV', scenarioId, atMs, by: 'commander' };
}

function openedEntry(title: string, atMs = T0): NewTimelineEntry<'event_opened'> {
  return {
    atMs,
    actor: 'commander',
    kind: 'event_opened',
    payload: { title, incidentType: '危化品泄漏', level: 'IV', fromScenario: false },
  };
}

function tick(index: number, actor: string, note: string | null = null) {
  return {
    atMs: T0 + 1_000,
    actor,
    kind: 'step_done',
    payload: { index, text: `step ${index}`, note },
  } satisfies NewTimelineEntry<'step_done'>;
}

function levelEntry(from: ResponseLevel, to: ResponseLevel, actor = 'commander') {
  return {
    atMs: T0 + 2_000,
    actor,
    kind: 'level_changed',
    payload: { from, to, direction: 'escalate', reason: `by ${actor}` },
  } satisfies NewTimelineEntry<'level_changed'>;
}

function terminated(actor: string, atMs = T0 + 9_000) {
  return {
    atMs,
    actor,
    kind: 'event_terminated',
    payload: { summary: `closed by ${actor}` },
  } satisfies NewTimelineEntry<'event_terminated'>;
}

function planOf(recordId: number, steps: readonly string[]) {
  return { recordId, name: `plan ${recordId}`, units: ['消防', '公安'], steps };
}

function planEntry(recordId: number, steps: number) {
  return {
    atMs: T0 + 500,
    actor: 'commander',
    kind: 'plan_activated',
    payload: { planId: recordId, planName: `plan ${recordId}`, level: 'IV', steps },
  } satisfies NewTimelineEntry<'plan_activated'>;
}

function requestAt(windMs: number): PlumeAssessmentRequest {
  return {
    substance: 'chlorine',
    release: { kind: 'continuous', rateGPerS: 500 },
    source: { lon: 119.3, lat: 26.08 },
    windMs,
  };
}

function scenarioStep(
  scenarioId: string,
  atMs: number,
  windMs: number,
  kind: 'scenario_started' | 'scenario_changed' = 'scenario_started',
): ScenarioStepRecord {
  return {
    scenarioId,
    atMs,
    request: requestAt(windMs),
    opening: newEvent('氯气泄漏 Chlorine release', atMs, scenarioId),
    opened: {
      atMs,
      actor: 'operator',
      kind: 'event_opened',
      payload: {
        title: '氯气泄漏 Chlorine release',
        incidentType: '危化品泄漏',
        level: 'IV',
        fromScenario: true,
      },
    },
    entry: {
      atMs,
      actor: 'operator',
      kind,
      payload: { substanceZh: '氯气', substanceEn: 'Chlorine', zones: [] },
    },
  };
}

const OPERATOR: Caller = { username: 'operator', role: 'admin', scopes: ['350102'] };

function scenarioChange(
  kind: 'start' | 'change',
  scenarioId: string,
  atMs: number,
  windMs: number,
): ScenarioLifecycle {
  const scenario = {
    id: scenarioId,
    history: [{ atMs, request: requestAt(windMs) }],
    assessment: { substance: { nameZh: '氯气', nameEn: 'Chlorine' }, zones: [] },
  } as unknown as ActiveScenario;
  return { kind, caller: OPERATOR, atMs, scenario };
}

function scenarioEnd(scenarioId: string, atMs: number): ScenarioLifecycle {
  return { kind: 'end', caller: OPERATOR, atMs, scenarioId, steps: 2 };
}

/** The command's use cases over one node; ending its scenario tells it, as the hub does. */
function serviceOn(repository: CommandRepository): CommandService {
  const service: CommandService = new CommandService({
    store: repository,
    listPlans: async () => [],
    audit: { recordAudit: async () => 0 },
    now: () => new Date(T0 + 5_000),
    endScenario: (caller) => {
      service
        .onScenario({ ...scenarioEnd('s2', T0 + 4_000), caller })
        .catch((error: unknown) => console.error(error));
    },
  });
  return service;
}

/** Calls spread over the two nodes, all started before any is awaited. */
function onBothNodes<T>(
  nodes: readonly CommandRepository[],
  count: number,
  call: (node: CommandRepository, index: number) => Promise<T>,
): Promise<PromiseSettledResult<T>[]> {
  return Promise.allSettled(
    Array.from({ length: count }, (_, index) => call(nodes[index % nodes.length]!, index)),
  );
}

function fulfilled<T>(results: PromiseSettledResult<T>[]): T[] {
  return results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
}

describe.each(ENGINES)('emergency command on $name', (engine) => {
  let opened: Opened;
  let node: CommandRepository;
  let otherNode: CommandRepository;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
    [node, otherNode] = opened.nodes;
  });
  afterEach(() => opened.close());

  async function kinds(eventId: number): Promise<TimelineKind[]> {
    return (await node.timeline(eventId, 0)).map((entry) => entry.kind);
  }

  it('opens one active event with its entry, refuses a second, and lists events newest first', async () => {
    expect(await node.activeEvent()).toBeNull();
    const first = await node.openEvent(newEvent('first'), openedEntry('first'));
    expect(await otherNode.activeEvent()).toEqual({
      id: first,
      title: 'first',
      incidentType: '危化品泄漏',
      level: 'IV',
      status: 'active',
      scenarioId: null,
      planRecordId: null,
      planName: null,
      planUnits: [],
      planSeq: 0,
      openedAtMs: T0,
      openedBy: 'commander',
      terminatedAtMs: null,
      terminatedBy: null,
      summary: null,
    });
    await expect(
      otherNode.openEvent(newEvent('second'), openedEntry('second')),
    ).rejects.toBeInstanceOf(ActiveEventExistsError);
    expect(await kinds(first)).toEqual(['event_opened']);

    expect(await node.terminate(first, terminated('commander'))).toBe(true);
    const second = await otherNode.openEvent(
      newEvent('second', T0 + 10_000),
      openedEntry('second'),
    );
    const third = await node.findEvent(second);
    expect(third?.title).toBe('second');
    expect(await node.findEvent(second + 100)).toBeNull();
    expect(await node.terminate(second, terminated('commander', T0 + 11_000))).toBe(true);
    const same = await node.openEvent(newEvent('same time', T0 + 10_000), openedEntry('same'));
    expect((await otherNode.listEvents(10)).map((event) => event.id)).toEqual([
      same,
      second,
      first,
    ]);
    expect((await otherNode.listEvents(1)).map((event) => event.title)).toEqual(['same time']);
  });

  it('activates plans as numbered checklists, each with its entry, only while the event is active', async () => {
    const eventId = await node.openEvent(newEvent('plans'), openedEntry('plans'));
    expect(
      await node.activatePlan(eventId, planOf(7, ['疏散', '封控', '监测']), planEntry(7, 3)),
    ).toBe(1);
    expect(await otherNode.activatePlan(eventId, planOf(8, ['复核']), planEntry(8, 1))).toBe(2);
    const event = await node.findEvent(eventId);
    expect(event).toMatchObject({
      planSeq: 2,
      planRecordId: 8,
      planName: 'plan 8',
      planUnits: ['消防', '公安'],
    });
    expect(await otherNode.checklist(eventId, 1)).toEqual([
      { index: 0, text: '疏散', doneAtMs: null, doneBy: null, note: null },
      { index: 1, text: '封控', doneAtMs: null, doneBy: null, note: null },
      { index: 2, text: '监测', doneAtMs: null, doneBy: null, note: null },
    ]);
    expect((await node.checklist(eventId, 2)).map((step) => step.text)).toEqual(['复核']);
    expect(await node.checklist(eventId, 3)).toEqual([]);

    await node.terminate(eventId, terminated('commander'));
    expect(await otherNode.activatePlan(eventId, planOf(9, ['x']), planEntry(9, 1))).toBeNull();
    expect((await node.findEvent(eventId))?.planSeq).toBe(2);
    expect(await kinds(eventId)).toEqual([
      'event_opened',
      'plan_activated',
      'plan_activated',
      'event_terminated',
    ]);
  });

  it('ticks a step of the current plan once, with who, when and the note', async () => {
    const eventId = await node.openEvent(newEvent('ticks'), openedEntry('ticks'));
    await node.activatePlan(eventId, planOf(7, ['疏散', '封控']), planEntry(7, 2));
    expect(await otherNode.tickStep(eventId, 1, tick(1, 'alice', '已完成'))).toBe(true);
    expect(await node.tickStep(eventId, 1, tick(1, 'bob'))).toBe(false);
    expect(await node.checklist(eventId, 1)).toEqual([
      { index: 0, text: '疏散', doneAtMs: null, doneBy: null, note: null },
      { index: 1, text: '封控', doneAtMs: T0 + 1_000, doneBy: 'alice', note: '已完成' },
    ]);
    // A new plan: the old checklist's steps are no longer ticked.
    await node.activatePlan(eventId, planOf(8, ['复核']), planEntry(8, 1));
    expect(await node.tickStep(eventId, 1, tick(0, 'alice'))).toBe(false);
    expect(await node.tickStep(eventId, 2, tick(5, 'alice'))).toBe(false);
    await node.terminate(eventId, terminated('commander'));
    expect(await node.tickStep(eventId, 2, tick(0, 'alice'))).toBe(false);
    const entries = await node.timeline(eventId, 0);
    expect(entries.filter((entry) => entry.kind === 'step_done')).toEqual([
      {
        id: expect.any(Number) as number,
        atMs: T0 + 1_000,
        actor: 'alice',
        kind: 'step_done',
        payload: { index: 1, text: 'step 1', note: '已完成' },
      },
    ]);
  });

  it('changes the level only from the level read, and ends an event once', async () => {
    const eventId = await node.openEvent(newEvent('levels'), openedEntry('levels'));
    expect(await node.changeLevel(eventId, 'IV', levelEntry('IV', 'II'))).toBe(true);
    expect(await otherNode.changeLevel(eventId, 'IV', levelEntry('IV', 'III'))).toBe(false);
    expect((await otherNode.findEvent(eventId))?.level).toBe('II');

    expect(await otherNode.terminate(eventId, terminated('alice'))).toBe(true);
    expect(await node.terminate(eventId, terminated('bob', T0 + 9_500))).toBe(false);
    expect(await node.changeLevel(eventId, 'II', levelEntry('II', 'I'))).toBe(false);
    expect(await node.findEvent(eventId)).toMatchObject({
      level: 'II',
      status: 'terminated',
      terminatedAtMs: T0 + 9_000,
      terminatedBy: 'alice',
      summary: 'closed by alice',
    });
    expect(await node.activeEvent()).toBeNull();
    expect(await kinds(eventId)).toEqual(['event_opened', 'level_changed', 'event_terminated']);
  });

  it('keeps one timeline in order: entries after an id, and entries to the active event of a scenario only', async () => {
    expect(
      await node.appendToActive({
        atMs: T0,
        actor: 'system',
        kind: 'notification_receipts',
        payload: { delivered: 1, acknowledged: 0, failed: 0 },
      }),
    ).toBeNull();
    const eventId = await node.recordScenarioStep(scenarioStep('s1', T0, 3));
    const receipts = {
      atMs: T0 + 1,
      actor: 'system',
      kind: 'notification_receipts',
      payload: { delivered: 2, acknowledged: 1, failed: 0 },
    } satisfies NewTimelineEntry<'notification_receipts'>;
    const receiptId = await otherNode.appendTimeline(eventId, receipts);
    const ended = {
      atMs: T0 + 2,
      actor: 'operator',
      kind: 'scenario_ended',
      payload: { steps: 1 },
    } satisfies NewTimelineEntry<'scenario_ended'>;
    expect(await node.appendToActive(ended, 'another scenario')).toBeNull();
    expect(await otherNode.appendToActive(ended, 's1')).toBe(eventId);
    expect(await node.timeline(eventId, receiptId)).toEqual([
      { id: expect.any(Number) as number, ...ended },
    ]);
    expect((await node.timeline(eventId, 0)).map((entry) => [entry.kind, entry.actor])).toEqual([
      ['event_opened', 'operator'],
      ['scenario_started', 'operator'],
      ['notification_receipts', 'system'],
      ['scenario_ended', 'operator'],
    ]);
    expect((await node.timeline(eventId, 0))[2]).toEqual({ id: receiptId, ...receipts });
  });

  it('records a scenario: an event opened for its first step, its steps kept in order, a new scenario taken on by the active event', async () => {
    const eventId = await node.recordScenarioStep(scenarioStep('s1', T0, 3));
    expect(await node.findEvent(eventId)).toMatchObject({
      title: '氯气泄漏 Chlorine release',
      scenarioId: 's1',
      openedBy: 'commander',
      level: 'IV',
    });
    expect(
      await otherNode.recordScenarioStep(scenarioStep('s1', T0 + 60_000, 5, 'scenario_changed')),
    ).toBe(eventId);
    expect(
      await node.recordScenarioStep(scenarioStep('s1', T0 + 60_000, 6, 'scenario_changed')),
    ).toBe(eventId);
    expect(
      await node.recordScenarioStep(scenarioStep('s1', T0 + 30_000, 4, 'scenario_changed')),
    ).toBe(eventId);
    expect(
      (await otherNode.scenarioSteps(eventId, 's1')).map((step) => [
        step.atMs,
        step.request.windMs,
      ]),
    ).toEqual([
      [T0, 3],
      [T0 + 30_000, 4],
      [T0 + 60_000, 5],
      [T0 + 60_000, 6],
    ]);
    expect((await node.scenarioSteps(eventId, 's1'))[0]!.request).toEqual(requestAt(3));

    expect(await otherNode.recordScenarioStep(scenarioStep('s2', T0 + 90_000, 2))).toBe(eventId);
    expect((await node.activeEvent())?.scenarioId).toBe('s2');
    expect(await node.scenarioSteps(eventId, 's2')).toHaveLength(1);
    expect(await node.scenarioSteps(eventId, 'none')).toEqual([]);
    expect(await kinds(eventId)).toEqual([
      'event_opened',
      'scenario_started',
      'scenario_changed',
      'scenario_changed',
      'scenario_changed',
      'scenario_started',
    ]);
  });

  it('ticks a step once when commanders on both nodes tick it at once', async () => {
    const eventId = await node.openEvent(newEvent('race'), openedEntry('race'));
    await node.activatePlan(eventId, planOf(7, ['疏散']), planEntry(7, 1));
    const results = fulfilled(
      await onBothNodes(opened.nodes, AT_ONCE, (repository, index) =>
        repository.tickStep(eventId, 1, tick(0, `commander${index}`)),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = `commander${results.indexOf(true)}`;
    expect((await node.checklist(eventId, 1))[0]?.doneBy).toBe(winner);
    const done = (await node.timeline(eventId, 0)).filter((entry) => entry.kind === 'step_done');
    expect(done.map((entry) => entry.actor)).toEqual([winner]);
  });

  it('changes the level once when commanders on both nodes change it from the same level at once', async () => {
    const eventId = await node.openEvent(newEvent('race'), openedEntry('race'));
    const targets: ResponseLevel[] = ['III', 'II', 'I'];
    const results = fulfilled(
      await onBothNodes(opened.nodes, AT_ONCE, (repository, index) =>
        repository.changeLevel(
          eventId,
          'IV',
          levelEntry('IV', targets[index % targets.length]!, `commander${index}`),
        ),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect((await node.findEvent(eventId))?.level).toBe(targets[winner % targets.length]);
    const changes = (await node.timeline(eventId, 0)).filter(
      (entry) => entry.kind === 'level_changed',
    );
    expect(changes.map((entry) => entry.actor)).toEqual([`commander${winner}`]);
  });

  it('ends an event once when commanders on both nodes terminate it at once', async () => {
    const eventId = await node.openEvent(newEvent('race'), openedEntry('race'));
    const results = fulfilled(
      await onBothNodes(opened.nodes, AT_ONCE, (repository, index) =>
        repository.terminate(eventId, terminated(`commander${index}`)),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = `commander${results.indexOf(true)}`;
    expect((await node.findEvent(eventId))?.terminatedBy).toBe(winner);
    const ends = (await node.timeline(eventId, 0)).filter(
      (entry) => entry.kind === 'event_terminated',
    );
    expect(ends.map((entry) => entry.actor)).toEqual([winner]);
  });

  it('applies plans activated on both nodes at once in turn, each with its own checklist', async () => {
    const eventId = await node.openEvent(newEvent('race'), openedEntry('race'));
    const results = await onBothNodes(opened.nodes, AT_ONCE, (repository, index) =>
      repository.activatePlan(
        eventId,
        planOf(index + 1, [`plan ${index + 1}`]),
        planEntry(index + 1, 1),
      ),
    );
    const seqs = fulfilled(results);
    expect(seqs.sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const [index, planSeq] of fulfilled(results).entries()) {
      expect((await node.checklist(eventId, planSeq!)).map((step) => step.text)).toEqual([
        `plan ${index + 1}`,
      ]);
    }
    expect((await node.findEvent(eventId))?.planSeq).toBe(AT_ONCE);
  });

  it('opens one event when both nodes open one, or record a scenario step, at once', async () => {
    const openings = await onBothNodes(opened.nodes, AT_ONCE, (repository, index) =>
      repository.openEvent(newEvent(`event ${index}`), openedEntry(`event ${index}`)),
    );
    expect(fulfilled(openings)).toHaveLength(1);
    for (const result of openings.filter((settled) => settled.status === 'rejected')) {
      expect(result.reason).toBeInstanceOf(ActiveEventExistsError);
    }
    const first = fulfilled(openings)[0]!;
    await node.terminate(first, terminated('commander'));

    const steps = await onBothNodes(opened.nodes, AT_ONCE, (repository, index) =>
      repository.recordScenarioStep(scenarioStep('s1', T0 + index, index + 1)),
    );
    const eventIds = fulfilled(steps);
    expect(eventIds).toHaveLength(AT_ONCE);
    expect(new Set(eventIds).size).toBe(1);
    const eventId = eventIds[0]!;
    expect(eventId).not.toBe(first);
    expect(await node.scenarioSteps(eventId, 's1')).toHaveLength(AT_ONCE);
    const entries = await kinds(eventId);
    expect(entries.filter((kind) => kind === 'event_opened')).toHaveLength(1);
    expect(entries.filter((kind) => kind === 'scenario_started')).toHaveLength(AT_ONCE);
  });

  it('records the hub’s start, change and end told back to back in that order, and the scenario’s end before the termination', async () => {
    const service = serviceOn(node);
    void service.onScenario(scenarioChange('start', 's1', T0, 3));
    void service.onScenario(scenarioChange('change', 's1', T0 + 1_000, 4));
    await service.onScenario(scenarioEnd('s1', T0 + 2_000));
    const eventId = (await node.activeEvent())!.id;
    expect(await kinds(eventId)).toEqual([
      'event_opened',
      'scenario_started',
      'scenario_changed',
      'scenario_ended',
    ]);

    await service.onScenario(scenarioChange('start', 's2', T0 + 3_000, 5));
    // A change still being recorded as the commander terminates: it and the end come first.
    void service.onScenario(scenarioChange('change', 's2', T0 + 3_500, 6));
    await service.terminate(OPERATOR, '处置完毕');
    expect((await kinds(eventId)).slice(-4)).toEqual([
      'scenario_started',
      'scenario_changed',
      'scenario_ended',
      'event_terminated',
    ]);
    expect(await node.activeEvent()).toBeNull();
    expect(await node.listEvents(10)).toHaveLength(1);
  });

  it('tells the commanders who changed the level from one already changed on another node', async () => {
    const eventId = await node.openEvent(newEvent('race'), openedEntry('race'));
    const results = await Promise.allSettled(
      opened.nodes.map((repository, index) =>
        serviceOn(repository).changeLevel(OPERATOR, index === 0 ? 'III' : 'II', '扩散加剧'),
      ),
    );
    expect(fulfilled(results)).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(LocalizedError);
    expect((refused?.reason as LocalizedError).statusCode).toBe(409);
    const changes = (await node.timeline(eventId, 0)).filter(
      (entry) => entry.kind === 'level_changed',
    );
    expect(changes).toHaveLength(1);
    expect((await node.findEvent(eventId))?.level).toBe(
      changes[0]!.kind === 'level_changed' ? changes[0]!.payload.to : null,
    );
  });
});
