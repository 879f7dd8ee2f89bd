/**
 * A plan record as the commander is offered it for an event. Plan records are free-form
 * attributes entered by hand, so one without a valid response level is not offered at all.
 */
import { isResponseLevel } from '../../../domain/emergency/command/responseLevel';
import type { PlanCandidate } from '../../../shared/emergencyCommand';
import type { StoredEmergencyRecord } from '../records/emergencyRecordRepository';
import type { StoredCommandEvent } from './commandRepository';

export function planCandidate(
  record: StoredEmergencyRecord,
  event: StoredCommandEvent,
): PlanCandidate | null {
  const { incidentType, responseLevel, steps, responsibleUnits } = record.attributes;
  if (typeof responseLevel !== 'string' || !isResponseLevel(responseLevel)) return null;
  const type = typeof incidentType === 'string' ? incidentType : '';
  return {
    recordId: record.id,
    name: record.name,
    incidentType: type,
    level: responseLevel,
    steps: Array.isArray(steps) ? steps : [],
    units: Array.isArray(responsibleUnits) ? responsibleUnits : [],
    matchesType:
      type !== '' && (type.includes(event.incidentType) || event.incidentType.includes(type)),
    matchesLevel: responseLevel === event.level,
  };
}
