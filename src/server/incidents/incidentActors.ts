/**
 * Who acts in the closed loop. The domain knows incident roles and usernames; the server knows
 * app users (src/shared/api.ts Role) and grid workers (numeric `workers.id`). The mapping is
 * fixed here so every entry point (REST, device, Open311, jobs) names actors the same way:
 *
 * - an app user acts under their username: a dispatcher as `dispatcher`, an admin as
 *   `dispatcher` and, for the evaluation a leader gives, as `leader`; a leader evaluates and
 *   archives; a grid worker or department handler signed in to the app reports (workers only)
 *   and handles the work assigned to their username; viewers and auditors only read;
 * - a grid worker acts as `worker:<id>` with the role `grid_worker` (the assignee of a dispatch);
 * - citizens through Open311 act as `citizen:open311`, a partner platform (the 12345 hotline)
 *   through Open311 as `partner:<name>` with the role `citizen` (it speaks for a caller), server
 *   jobs as `system:<job>`.
 */
import type {
  Incident,
  IncidentAction,
  IncidentActor,
  IncidentRole,
} from '../../domain/incidents/incident';
import type { ReporterChannel } from '../../domain/incidents/reporterAnswer';
import type { Role } from '../../shared/api';
import { WORKER_ASSIGNEE_PREFIX } from '../../shared/incidents';

export const CITIZEN_ACTOR: IncidentActor = { username: 'citizen:open311', role: 'citizen' };
export const ESCALATION_ACTOR: IncidentActor = { username: 'system:escalation', role: 'system' };

const PARTNER_USERNAME_PREFIX = 'partner:';

export function partnerActor(partnerName: string): IncidentActor {
  return { username: PARTNER_USERNAME_PREFIX + partnerName, role: 'citizen' };
}

const WORKER_USERNAME_PATTERN = /^worker:([1-9]\d{0,15})$/;

export function workerUsername(workerId: number): string {
  return WORKER_ASSIGNEE_PREFIX + String(workerId);
}

/** The worker id in `worker:<id>`, or null for any other username. */
export function workerIdOfUsername(username: string | null): number | null {
  if (username === null) return null;
  const match = WORKER_USERNAME_PATTERN.exec(username);
  return match?.[1] === undefined ? null : Number(match[1]);
}

export function workerActor(workerId: number): IncidentActor {
  return { username: workerUsername(workerId), role: 'grid_worker' };
}

/** What the assignee of a dispatch does with it: take it, decline it, report back. */
const HANDLER_ACTIONS: readonly (IncidentAction | 'report')[] = ['accept', 'decline', 'feed_back'];

/** The incident role an app user takes for an action; null when the user may not take it. */
export function incidentRoleOf(role: Role, action: IncidentAction | 'report'): IncidentRole | null {
  switch (role) {
    case 'admin':
      return action === 'evaluate' ? 'leader' : 'dispatcher';
    case 'dispatcher':
      return 'dispatcher';
    case 'leader':
      // A leader judges the outcome and may close the file; running the loop is the dispatcher's.
      return action === 'evaluate' || action === 'archive' ? 'leader' : null;
    case 'grid_worker':
      // A worker signed in to the app acts as on their phone: reports, and handles their own work.
      return action === 'report' || HANDLER_ACTIONS.includes(action) ? 'grid_worker' : null;
    case 'department_handler':
      return HANDLER_ACTIONS.includes(action) ? 'department_handler' : null;
    case 'hotline_operator':
      // The operator speaks for a caller, as a partner platform does: a citizen's report only.
      return action === 'report' ? 'citizen' : null;
    case 'viewer':
    case 'auditor':
      return null;
  }
}

export function userActor(
  user: { username: string; role: Role },
  action: IncidentAction | 'report',
): IncidentActor | null {
  const role = incidentRoleOf(user.role, action);
  return role === null ? null : { username: user.username, role };
}

/**
 * How the reporter of an incident is answered when it closes (decision 0026), from who reported
 * it: a partner platform through its callback, a citizen through Open311 (the resident page), a
 * hotline case taken in the app through the desk's call-back list; null: nobody waits outside.
 */
export function reporterChannelOf(
  incident: Pick<Incident, 'source' | 'history'>,
): { channel: ReporterChannel; partner: string | null } | null {
  const reporter = incident.history[0]?.actor.username ?? '';
  if (reporter.startsWith(PARTNER_USERNAME_PREFIX)) {
    return { channel: 'partner', partner: reporter.slice(PARTNER_USERNAME_PREFIX.length) };
  }
  if (reporter === CITIZEN_ACTOR.username) return { channel: 'citizen', partner: null };
  // A call taken at the desk: the operator reported as the caller's voice (role citizen). A
  // dispatcher's map report marked "hotline" has no caller to call back.
  if (incident.source === 'hotline' && incident.history[0]?.actor.role === 'citizen') {
    return { channel: 'hotline', partner: null };
  }
  return null;
}
