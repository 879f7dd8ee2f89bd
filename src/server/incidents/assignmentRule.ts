/**
 * The one rule for giving work to someone. Every path that assigns (the transitions route's
 * dispatch, the dispatch confirmation, anything added later) goes through IncidentService's
 * transition, which asks this rule before the state machine runs, so no route can skip it.
 *
 * An assignee is either a grid worker's device identity `worker:<id>` (a row of `workers`) or an
 * app user. It must exist, be enabled, hold a role that takes work (grid_worker,
 * department_handler), lie in the incident's street (its grids or scopes overlap the street:
 * a district-wide department covers every street) and in the assigning user's scope, so a
 * dispatcher can neither send a task to another street's phone nor strand an incident on an
 * admin or on a name nobody answers to.
 */
import { gridCodeLength, touchesScope } from '../../domain/gridCode';
import type { Incident } from '../../domain/incidents/incident';
import {
  assigneeOutOfScopeError,
  invalidCommandError,
  type IncidentError,
} from '../../domain/incidents/incidentErrors';
import { GRID_LEVELS } from '../../domain/registry';
import type { Role } from '../../shared/api';
import { ASSIGNABLE_ROLES } from '../auth/roles';
import { workerIdOfUsername } from './incidentActors';

const ASSIGNEE_FIELD = 'assigneeUsername';

/**
 * Who can be looked up as an assignee: the users' and the workers' repositories (adapters:
 * store/sqliteAssigneeDirectory.ts, store/pg/postgresAssigneeDirectory.ts; contract suite
 * assigneeDirectory.contract.test.ts).
 */
export interface AssigneeDirectory {
  findUser(
    username: string,
  ): Promise<{ username: string; role: Role; scopes: string[]; disabled?: boolean } | null>;
  workerById(workerId: number): Promise<{ workerId: number; gridCodes: string[] } | null>;
}

/** The street (level 2) an incident's base grid lies in. */
export function streetOf(gridCode: string): string {
  return gridCode.slice(0, gridCodeLength(GRID_LEVELS.street));
}

/**
 * Null when `assigneeUsername` may be given `incident`'s work by a caller with `callerScopes`
 * (null: a server job with no scope of its own); otherwise the refusal, in both languages. The
 * assignee is read before the step is committed: a disabling that lands in between is as if it
 * came right after the dispatch (it does not take back work already given either).
 */
export async function checkAssignment(
  directory: AssigneeDirectory,
  incident: Pick<Incident, 'gridCode'>,
  assigneeUsername: string,
  callerScopes: readonly string[] | null,
): Promise<IncidentError | null> {
  const workerId = workerIdOfUsername(assigneeUsername);
  let codes: string[];
  if (workerId !== null) {
    const worker = await directory.workerById(workerId);
    if (worker === null) return unknownAssignee(assigneeUsername);
    codes = worker.gridCodes;
  } else {
    const user = await directory.findUser(assigneeUsername);
    if (user === null) return unknownAssignee(assigneeUsername);
    if (user.disabled === true) {
      return invalidCommandError(ASSIGNEE_FIELD, {
        zh: `用户 ${assigneeUsername} 已停用，不能派遣`,
        en: `The user ${assigneeUsername} is disabled and cannot be assigned`,
      });
    }
    if (!ASSIGNABLE_ROLES.includes(user.role)) {
      return invalidCommandError(ASSIGNEE_FIELD, {
        zh: `用户 ${assigneeUsername} 的角色不能接受派遣（仅网格员、部门处置人）`,
        en: `The user ${assigneeUsername} may not take work (only grid workers and department handlers)`,
      });
    }
    codes = user.scopes;
  }
  const street = streetOf(incident.gridCode);
  if (!codes.some((code) => touchesScope(code, [street]))) {
    return invalidCommandError(ASSIGNEE_FIELD, {
      zh: `指派对象 ${assigneeUsername} 不在事件所在街道`,
      en: `The assignee ${assigneeUsername} does not work in the incident's street`,
    });
  }
  if (callerScopes !== null && !codes.some((code) => touchesScope(code, callerScopes))) {
    return assigneeOutOfScopeError(assigneeUsername);
  }
  return null;
}

function unknownAssignee(assigneeUsername: string): IncidentError {
  return invalidCommandError(ASSIGNEE_FIELD, {
    zh: `指派对象 ${assigneeUsername} 不存在`,
    en: `There is no assignee ${assigneeUsername}`,
  });
}
