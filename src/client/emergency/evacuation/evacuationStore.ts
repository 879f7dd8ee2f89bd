/**
 * The evacuation plan the wall shows: the scenario's current plan arrives inside the pushed
 * scenario (emergencyStore); while the time slider replays an earlier step, that step's plan is
 * asked of the server once and kept here. Plain data only.
 */
import { create } from 'zustand';
import type { EvacuationPlan } from '../../../domain/emergency/evacuation/evacuationPlan';
import type { EmergencyState } from '../emergencyStore';

export interface ReplayedPlan {
  scenarioId: string;
  step: number;
  plan: EvacuationPlan;
}

export interface EvacuationState {
  replayed: ReplayedPlan | null;
  setReplayed(replayed: ReplayedPlan | null): void;
}

export const useEvacuationStore = create<EvacuationState>()((set) => ({
  replayed: null,
  setReplayed: (replayed) => set({ replayed }),
}));

/**
 * The plan of the step on screen: the replayed step's once it has come, else the current one;
 * null without a scenario, without a plan, or while a replayed step's plan is on its way.
 */
export function displayedEvacuationOf(
  emergency: Pick<EmergencyState, 'scenario' | 'replayStep'>,
  evacuation: Pick<EvacuationState, 'replayed'>,
): EvacuationPlan | null {
  const { scenario, replayStep } = emergency;
  if (scenario === null) return null;
  if (replayStep === null || replayStep === scenario.history.length - 1) {
    return scenario.evacuation ?? null;
  }
  const { replayed } = evacuation;
  return replayed !== null && replayed.scenarioId === scenario.id && replayed.step === replayStep
    ? replayed.plan
    : null;
}
