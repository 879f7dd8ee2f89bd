/**
 * Test-only: the plain records the feed tests send through a fake socket — a worker, a position,
 * an incident and its feed event — so that each test states only what differs.
 */
import type { FramePosition } from '../../shared/positionFrame';
import type { IncidentFeedEvent } from '../../shared/incidents';
import type { WorkerDirectoryEntry } from '../../shared/trackingEvents';
import type { WallIncident } from '../incidents/incidentStore';
import { wallIncident } from '../incidents/wallIncidentFixture';

export const GRID = '350102001001001';
export const FIX_TIME_MS = 1_700_000_000_000;

export function worker(
  workerId: number,
  status: WorkerDirectoryEntry['status'] = 'online',
): WorkerDirectoryEntry {
  return { workerId, displayName: `陈*`, gridCodes: [GRID], status };
}

export function position(workerId: number, fixTimeMs = FIX_TIME_MS): FramePosition {
  return {
    workerId,
    fixTimeMs,
    lon: 119.3,
    lat: 26.08,
    headingDeg: 90,
    speedMps: 1.2,
    accuracyM: 5,
    status: 'online',
  };
}

export function incident(id: string, state: WallIncident['state'] = 'reported'): WallIncident {
  return wallIncident(id, { state, gridCode: GRID, description: `incident ${id}` });
}

export function feedEvent(sequence: number, id = `I${sequence}`): IncidentFeedEvent {
  return {
    sequence,
    incident: incident(id),
    transition: {
      action: 'report',
      fromState: null,
      toState: 'reported',
      actor: { username: 'dispatcher', role: 'dispatcher' },
      atMs: FIX_TIME_MS + sequence,
      note: '',
      attachments: [],
    },
    escalation: null,
  };
}
