/**
 * What the hall's scenario writes to the emergency command, apart from the commander's own use
 * cases: the hub's starts, changes and ends and the door-knocking it assigns arrive on their own (a
 * start opens an event when none is active), and the steps kept are what brings the scenario back
 * after a restart.
 */
import type { ZoneSnapshot } from '../../../domain/emergency/command/commandTimeline';
import type { ResponseLevel } from '../../../domain/emergency/command/responseLevel';
import type { PlumeAssessmentResponse } from '../../../shared/emergency';
import type { DoorKnockAssignment, ScenarioStep } from '../../../shared/emergencyScenario';
import type { OpenEventRequest } from '../../../shared/emergencyCommand';
import type { ScenarioLifecycle } from '../scenarioHub';
import type { CommandRepository, NewTimelineEntry } from './commandRepository';

/** What a scenario of the plume model is, for matching plans (the demo plans use this text). */
export const SCENARIO_INCIDENT_TYPE = '危化品泄漏';
/** Where a scenario opens an event: the lowest level, raised by the commander. */
export const SCENARIO_START_LEVEL: ResponseLevel = 'IV';

function zoneSnapshots(assessment: PlumeAssessmentResponse): ZoneSnapshot[] {
  return assessment.zones.map((zone) => ({
    tier: zone.tier,
    residents: zone.residents,
    buildings: zone.buildings,
    byTag: { ...zone.byTag },
  }));
}

/** A start, change or end of the hub's scenario, on the timeline of the event that runs it. */
export async function recordScenarioLifecycle(
  store: CommandRepository,
  change: ScenarioLifecycle,
): Promise<void> {
  const actor = change.caller.username;
  if (change.kind === 'end') {
    await store.appendToActive(
      { atMs: change.atMs, actor, kind: 'scenario_ended', payload: { steps: change.steps } },
      change.scenarioId,
    );
    return;
  }
  const { scenario } = change;
  const substance = scenario.assessment.substance;
  const opening = {
    title: `${substance.nameZh}泄漏 ${substance.nameEn} release`,
    incidentType: SCENARIO_INCIDENT_TYPE,
    level: SCENARIO_START_LEVEL,
    scenarioId: scenario.id,
  };
  await store.recordScenarioStep({
    scenarioId: scenario.id,
    atMs: change.atMs,
    request: scenario.history.at(-1)!.request,
    opening: { ...opening, atMs: change.atMs, by: actor },
    opened: openedEntry(actor, change.atMs, opening),
    entry: {
      atMs: change.atMs,
      actor,
      kind: change.kind === 'start' ? 'scenario_started' : 'scenario_changed',
      payload: {
        substanceZh: substance.nameZh,
        substanceEn: substance.nameEn,
        zones: zoneSnapshots(scenario.assessment),
      },
    },
  });
}

/** The door-knocking tasks assigned in the scenario, on the active event's timeline. */
export async function recordDoorKnock(
  store: CommandRepository,
  actor: string,
  atMs: number,
  assignments: readonly DoorKnockAssignment[],
): Promise<void> {
  const taskList = assignments.map((assignment) => ({
    incidentId: assignment.incidentId,
    buildingId: assignment.buildingId,
    households: assignment.householdIds.length,
    dispatched: assignment.workerId !== null,
  }));
  await store.appendToActive({
    atMs,
    actor,
    kind: 'door_knock_assigned',
    payload: {
      tasks: taskList.length,
      households: taskList.reduce((sum, task) => sum + task.households, 0),
      dispatched: taskList.filter((task) => task.dispatched).length,
      taskList,
    },
  });
}

/** The active event's scenario, when it was still running as the server stopped. */
export async function restorableScenario(
  store: CommandRepository,
): Promise<{ scenarioId: string; history: ScenarioStep[] } | null> {
  const event = await store.activeEvent();
  if (event === null || event.scenarioId === null) return null;
  const lastScenarioEntry = (await store.timeline(event.id, 0))
    .filter((entry) => entry.kind.startsWith('scenario_'))
    .at(-1);
  if (lastScenarioEntry === undefined || lastScenarioEntry.kind === 'scenario_ended') return null;
  const history = await store.scenarioSteps(event.id, event.scenarioId);
  return history.length === 0 ? null : { scenarioId: event.scenarioId, history };
}

/** The opening entry of an event, opened by hand or for a scenario's start. */
export function openedEntry(
  actor: string,
  atMs: number,
  event: OpenEventRequest & { scenarioId: string | null },
): NewTimelineEntry<'event_opened'> {
  return {
    atMs,
    actor,
    kind: 'event_opened',
    payload: {
      title: event.title,
      incidentType: event.incidentType,
      level: event.level,
      fromScenario: event.scenarioId !== null,
    },
  };
}
