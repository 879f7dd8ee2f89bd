/**
 * Typed refusals of the state machine. Each carries a stable `code` for programs and a message
 * in both languages for people, so the server can answer without knowing the UI's locale.
 */
import type {
  Incident,
  IncidentAction,
  IncidentRole,
  IncidentState,
  LocalizedText,
} from './incident';

export type IncidentError =
  | {
      code: 'illegal_transition';
      from: IncidentState;
      action: IncidentAction;
      message: LocalizedText;
    }
  | {
      code: 'forbidden_role';
      role: IncidentRole;
      action: IncidentAction | 'report';
      message: LocalizedText;
    }
  | {
      code: 'not_assignee';
      action: IncidentAction;
      assigneeUsername: string | null;
      message: LocalizedText;
    }
  | { code: 'invalid_command'; field: string; message: LocalizedText }
  | {
      /** The named assignee lies outside the scope of the one assigning. */
      code: 'assignee_out_of_scope';
      assigneeUsername: string;
      message: LocalizedText;
    };

export type IncidentResult = { ok: true; incident: Incident } | { ok: false; error: IncidentError };

const STATE_NAMES: Record<IncidentState, LocalizedText> = {
  reported: { zh: '已上报', en: 'reported' },
  registered: { zh: '已立案', en: 'registered' },
  rejected: { zh: '不予立案', en: 'rejected' },
  dispatched: { zh: '已派遣', en: 'dispatched' },
  handling: { zh: '处置中', en: 'handling' },
  feedback: { zh: '已反馈待核查', en: 'handled, awaiting verification' },
  closed: { zh: '已核查结案', en: 'verified and closed' },
  evaluated: { zh: '已评价', en: 'evaluated' },
  archived: { zh: '已归档', en: 'archived' },
};

const ACTION_NAMES: Record<IncidentAction | 'report', LocalizedText> = {
  report: { zh: '上报', en: 'report' },
  register: { zh: '立案', en: 'register' },
  reject: { zh: '不予立案', en: 'reject' },
  dispatch: { zh: '派遣', en: 'dispatch' },
  accept: { zh: '接单处置', en: 'accept' },
  decline: { zh: '拒收退回', en: 'decline' },
  feed_back: { zh: '处置反馈', en: 'feed back' },
  verify: { zh: '核查结案', en: 'verify and close' },
  return_for_rework: { zh: '退回返工', en: 'return for rework' },
  evaluate: { zh: '考核评价', en: 'evaluate' },
  archive: { zh: '归档', en: 'archive' },
  transfer: { zh: '转办', en: 'transfer' },
};

export function stateName(state: IncidentState): LocalizedText {
  return STATE_NAMES[state];
}

export function actionName(action: IncidentAction | 'report'): LocalizedText {
  return ACTION_NAMES[action];
}

export function illegalTransitionError(from: IncidentState, action: IncidentAction): IncidentError {
  return {
    code: 'illegal_transition',
    from,
    action,
    message: {
      zh: `事件处于“${STATE_NAMES[from].zh}”状态，不能执行“${ACTION_NAMES[action].zh}”`,
      en: `An incident that is ${STATE_NAMES[from].en} cannot be given the action "${ACTION_NAMES[action].en}"`,
    },
  };
}

export function forbiddenRoleError(
  role: IncidentRole,
  action: IncidentAction | 'report',
): IncidentError {
  return {
    code: 'forbidden_role',
    role,
    action,
    message: {
      zh: `角色 ${role} 无权执行“${ACTION_NAMES[action].zh}”`,
      en: `The role ${role} may not ${ACTION_NAMES[action].en}`,
    },
  };
}

export function notAssigneeError(
  action: IncidentAction,
  assigneeUsername: string | null,
): IncidentError {
  return {
    code: 'not_assignee',
    action,
    assigneeUsername,
    message: {
      zh: `只有被派遣的网格员才能执行“${ACTION_NAMES[action].zh}”`,
      en: `Only the assigned worker may ${ACTION_NAMES[action].en}`,
    },
  };
}

export function invalidCommandError(field: string, message: LocalizedText): IncidentError {
  return { code: 'invalid_command', field, message };
}

export function assigneeOutOfScopeError(assigneeUsername: string): IncidentError {
  return {
    code: 'assignee_out_of_scope',
    assigneeUsername,
    message: {
      zh: `指派对象 ${assigneeUsername} 不在您的管辖范围内`,
      en: `The assignee ${assigneeUsername} is outside your scope`,
    },
  };
}
