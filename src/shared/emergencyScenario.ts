/**
 * Wire types of the active emergency scenario: the one release the command hall is working on,
 * held by the server and pushed to every screen on /live (each screen gets the resident counts of
 * its own scope), its history of changes for the time slider, and the door-knocking list with the
 * tasks that went to the workers' phones.
 */
import type { AeglTier } from '../domain/emergency/chemicals';
import type { DoorKnockNeed } from '../domain/emergency/doorKnockOrder';
import type { EvacuationPlan } from '../domain/emergency/evacuation/evacuationPlan';
import {
  EMERGENCY_API_PATH,
  type PlumeAssessmentRequest,
  type PlumeAssessmentResponse,
} from './emergency';
import type { IncidentState } from './incidents';

/** GET (current or 404), PUT (start or change), DELETE (end). */
export const EMERGENCY_SCENARIO_PATH = `${EMERGENCY_API_PATH}/scenario`;
/** GET ?tier=AEGL-3: the households of the scope inside the zone, in door-knocking order. */
export const DOOR_KNOCK_PATH = `${EMERGENCY_SCENARIO_PATH}/door-knock`;
/** POST { householdIds }: tasks to the nearest available workers, one per building. */
export const DOOR_KNOCK_ASSIGN_PATH = `${DOOR_KNOCK_PATH}/assign`;

/** GET ?step=N: the evacuation plan of history step N for the caller's scope (the replay). */
export const EVACUATION_STEP_PATH = `${EMERGENCY_SCENARIO_PATH}/evacuation`;

/** /live event: the active scenario (on connect, on every change) or null once it ended. */
export const EMERGENCY_SCENARIO_EVENT = 'emergencyScenario';

/** One change of the release or the weather, kept with its time for the replay. */
export interface ScenarioStep {
  atMs: number;
  request: PlumeAssessmentRequest;
}

export interface ActiveScenario {
  id: string;
  /** Increases with every change; a screen ignores an older one. */
  version: number;
  startedAtMs: number;
  updatedAtMs: number;
  /** Oldest first; the last one is the current release. */
  history: ScenarioStep[];
  /** The current release assessed for the receiving screen's own scope. */
  assessment: PlumeAssessmentResponse;
  /**
   * The current step's evacuation plan: advice per building, routes to shelters, shelter fill
   * and resources' ETA; buildings of the receiving screen's scope only. Absent where the server
   * plans no evacuation.
   */
  evacuation?: EvacuationPlan;
}

export interface EvacuationStepResponse {
  step: number;
  atMs: number;
  evacuation: EvacuationPlan;
}

export interface EmergencyScenarioPush {
  scenario: ActiveScenario | null;
}

export type DoorKnockTaskState = IncidentState;

export interface DoorKnockTask {
  incidentId: string;
  state: DoorKnockTaskState;
  /** Masked like every worker name for roles that may not reveal; null until dispatched. */
  assigneeDisplayName: string | null;
}

export interface DoorKnockHousehold {
  householdId: number;
  buildingId: number;
  buildingName: string;
  buildingNameEn: string;
  gridCode: string;
  floor: number;
  roomLabel: string;
  /** The most severe zone the building lies in. */
  tier: AeglTier;
  residents: number;
  needs: Record<DoorKnockNeed, number>;
  /** The head of household: surname only for roles that may not reveal. */
  headName: string;
  /** Always masked (decision 0002). */
  headPhoneMasked: string | null;
  task: DoorKnockTask | null;
}

export interface DoorKnockListResponse {
  scenarioId: string;
  tier: AeglTier;
  households: DoorKnockHousehold[];
}

export interface DoorKnockAssignRequest {
  householdIds: number[];
}

export interface DoorKnockAssignment {
  buildingId: number;
  incidentId: string;
  householdIds: number[];
  /** Null when no worker of the building's street was available: the task waits in the queue. */
  workerId: number | null;
  state: DoorKnockTaskState;
}

export interface DoorKnockAssignResponse {
  assignments: DoorKnockAssignment[];
}
