/**
 * What the hub holds of the active scenario and how one viewer sees it, apart from the turns the
 * hub takes to change it: a screen and a caller of the same scopes must be shown the same counts,
 * so both are answered here from the one held state, assessed once per set of scopes.
 */
import type { EvacuationPlan } from '../../domain/emergency/evacuation/evacuationPlan';
import type { PlumeAssessmentResponse } from '../../shared/emergency';
import type { ActiveScenario, ScenarioStep } from '../../shared/emergencyScenario';
import { planForScopes } from './evacuationPlanner';
import { assessPlume, type EmergencyRepository } from './plumeAssessment';

export interface ScenarioViewer {
  username: string;
  scopes: readonly string[];
}

/** What another process needs to show the scenario: all but the per-scope assessments. */
export interface ScenarioSnapshot {
  id: string;
  version: number;
  startedAtMs: number;
  updatedAtMs: number;
  history: ScenarioStep[];
}

export interface ScenarioState {
  id: string;
  version: number;
  startedAtMs: number;
  updatedAtMs: number;
  history: ScenarioStep[];
  /** Assessments of the current step by scope key, filled as screens and callers ask. */
  assessments: Map<string, Promise<PlumeAssessmentResponse>>;
  /** The current step's evacuation plan, district-wide (each screen gets its own buildings). */
  evacuation: EvacuationPlan | null;
}

export const scopeKeyOf = (scopes: readonly string[]) => [...scopes].sort().join(',');

/** The scenario as `caller` sees it, or null when none is held. */
export async function scenarioOf(
  repository: EmergencyRepository,
  state: ScenarioState | null,
  caller: ScenarioViewer,
): Promise<ActiveScenario | null> {
  if (state === null) return null;
  const assessment = await assessmentFor(repository, state, caller);
  return {
    id: state.id,
    version: state.version,
    startedAtMs: state.startedAtMs,
    updatedAtMs: state.updatedAtMs,
    history: state.history,
    assessment,
    ...(state.evacuation === null
      ? {}
      : { evacuation: planForScopes(state.evacuation, caller.scopes) }),
  };
}

function assessmentFor(
  repository: EmergencyRepository,
  state: ScenarioState,
  viewer: ScenarioViewer,
): Promise<PlumeAssessmentResponse> {
  const key = scopeKeyOf(viewer.scopes);
  let assessment = state.assessments.get(key);
  if (assessment === undefined) {
    const request = state.history.at(-1)!.request;
    // The role plays no part in the counts: the scopes decide whose residents are counted.
    assessment = assessPlume(
      repository,
      { username: viewer.username, role: 'viewer', scopes: viewer.scopes },
      request,
      new Date(state.updatedAtMs),
    );
    // Screens of one scope asking at once share one assessment; a failed one is asked again.
    state.assessments.set(key, assessment);
    assessment.catch(() => state.assessments.delete(key));
  }
  return assessment;
}

export function snapshotOf(state: ScenarioState): ScenarioSnapshot {
  const { id, version, startedAtMs, updatedAtMs, history } = state;
  return { id, version, startedAtMs, updatedAtMs, history };
}
