/**
 * The audit rows of the active scenario's start, changes and end. Other processes take a relayed
 * change without a row of their own, so only the hub that made the change writes these; the
 * target type is shared with the door-knocking rows that name the scenario.
 */
import type { PlumeAssessmentRequest } from '../../shared/emergency';
import type { AuditRepository } from '../audit/auditRepository';
import type { Caller } from '../registry/accessErrors';

export const SCENARIO_TARGET_TYPE = 'emergency_scenario';
export const SCENARIO_ACTIONS = {
  start: 'emergency_scenario_start',
  change: 'emergency_scenario_change',
  end: 'emergency_scenario_end',
} as const;

type ScenarioAudit = Pick<AuditRepository, 'recordAudit'>;

/** A start or change: the release, its source and the wind, as the caller sent them. */
export async function auditScenarioStep(
  audit: ScenarioAudit,
  caller: Caller,
  action: string,
  request: PlumeAssessmentRequest,
  now: Date,
  scenarioId: string,
): Promise<void> {
  const release =
    request.release.kind === 'continuous'
      ? `${request.release.rateGPerS} g/s`
      : `${request.release.massKg} kg`;
  await audit.recordAudit({
    at: now.toISOString(),
    username: caller.username,
    action,
    targetType: SCENARIO_TARGET_TYPE,
    targetId: scenarioId,
    fields: '',
    reason:
      `${request.substance} ${release} at ${request.source.lon.toFixed(5)},` +
      `${request.source.lat.toFixed(5)}; wind ${request.windMs} m/s from ${request.windFromDeg ?? 0}°`,
  });
}

/** An end, with how many steps the scenario kept. */
export async function auditScenarioEnd(
  audit: ScenarioAudit,
  caller: Caller,
  now: Date,
  scenarioId: string,
  steps: number,
): Promise<void> {
  await audit.recordAudit({
    at: now.toISOString(),
    username: caller.username,
    action: SCENARIO_ACTIONS.end,
    targetType: SCENARIO_TARGET_TYPE,
    targetId: scenarioId,
    fields: '',
    reason: `${steps} steps`,
  });
}
