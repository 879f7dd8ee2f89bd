/**
 * What one step of the loop commits: the incident with its one feed event, and, when the step
 * closes an incident whose reporter waits outside (hotline call, partner, citizen), the answer
 * owed to that reporter, so that it is written in the same transaction as the step.
 */
import type { Incident } from '../../domain/incidents/incident';
import { closesForReporter } from '../../domain/incidents/reporterAnswer';
import { reporterChannelOf } from './incidentActors';
import type { IncidentChange, ReporterAnswer } from './incidentRepository';
import { toIncidentSnapshot } from './incidentViews';

/** A change of one step: the incident and its one feed event, with the step's extras. */
export function stepChange(
  incident: Incident,
  isNew: boolean,
  extras: Pick<IncidentChange, 'reporter' | 'deviceReport' | 'open311' | 'reporterAnswer'>,
): IncidentChange {
  return {
    incident,
    isNew,
    events: [
      {
        incident: toIncidentSnapshot(incident),
        transition: incident.history.at(-1) ?? null,
        escalation: null,
      },
    ],
    ...extras,
  };
}

/** The answer a closing step owes the incident's reporter; null when nobody waits for one. */
export function reporterAnswerOf(incident: Incident): ReporterAnswer | null {
  const step = incident.history.at(-1);
  if (step === undefined || !closesForReporter(step)) return null;
  const reporter = reporterChannelOf(incident);
  if (reporter === null) return null;
  return {
    incidentId: incident.id,
    ...reporter,
    closedState: step.toState,
    closingNote: step.note,
    closedAtMs: step.atMs,
    gridCode: incident.gridCode,
    doneAtMs: null,
  };
}
