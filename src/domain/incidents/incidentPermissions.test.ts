import { describe, expect, it } from 'vitest';
import {
  INCIDENT_ACTIONS,
  INCIDENT_ROLES,
  type IncidentAction,
  type IncidentRole,
} from './incident';
import { listPermittedActions, mayPerformAction, mayReportIncident } from './incidentPermissions';

/** Written out by hand from the brief: worker reports/handles/feeds back, dispatcher runs the loop, leader evaluates. */
const EXPECTED: Record<IncidentRole, IncidentAction[]> = {
  grid_worker: ['accept', 'decline', 'feed_back'],
  department_handler: ['accept', 'decline', 'feed_back'],
  dispatcher: [
    'register',
    'reject',
    'dispatch',
    'verify',
    'return_for_rework',
    'archive',
    'transfer',
  ],
  leader: ['evaluate', 'archive'],
  citizen: [],
  system: [],
};

describe('incident permissions', () => {
  it.each(INCIDENT_ROLES.flatMap((role) => INCIDENT_ACTIONS.map((action) => ({ role, action }))))(
    '$role may $action only when the table says so',
    ({ role, action }) => {
      expect(mayPerformAction(role, action)).toBe(EXPECTED[role].includes(action));
    },
  );

  it('lists the permitted actions per role', () => {
    for (const role of INCIDENT_ROLES) {
      expect(listPermittedActions(role).sort()).toEqual([...EXPECTED[role]].sort());
    }
  });

  it('lets workers, dispatchers, citizens and sensors report, but not leaders', () => {
    expect(INCIDENT_ROLES.filter(mayReportIncident)).toEqual([
      'grid_worker',
      'dispatcher',
      'citizen',
      'system',
    ]);
  });
});
