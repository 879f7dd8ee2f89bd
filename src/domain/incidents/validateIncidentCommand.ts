/**
 * Checks of a command's payload and clock, after the state machine has found the step legal and
 * the actor allowed. Kept apart so the form on the map can run the same checks before sending.
 */
import type { Incident, IncidentAction, IncidentCommand } from './incident';
import { allowedHandlingMs } from './incidentCategories';
import { invalidCommandError, type IncidentError } from './incidentErrors';

export const MIN_EVALUATION_SCORE = 1;
export const MAX_EVALUATION_SCORE = 5;
/** A refusal or a rework without a reason cannot be audited or acted on. */
const ACTIONS_NEEDING_NOTE: readonly IncidentAction[] = [
  'reject',
  'decline',
  'return_for_rework',
  'transfer',
];

export function validateIncidentCommand(
  incident: Incident,
  command: IncidentCommand,
  nowMs: number,
): IncidentError | null {
  const lastAtMs = incident.history.at(-1)?.atMs ?? incident.reportedAtMs;
  if (!Number.isFinite(nowMs) || nowMs < lastAtMs) {
    return invalidCommandError('nowMs', {
      zh: '操作时间早于上一步',
      en: 'The action is dated before the previous step',
    });
  }
  if (ACTIONS_NEEDING_NOTE.includes(command.action) && (command.note ?? '').trim() === '') {
    return invalidCommandError('note', { zh: '请填写原因', en: 'A reason is required' });
  }
  switch (command.action) {
    case 'dispatch':
      if (command.assigneeUsername.trim() === '') {
        return invalidCommandError('assigneeUsername', {
          zh: '请选择处置人',
          en: 'Choose a worker',
        });
      }
      if ((command.department ?? incident.department ?? '').trim() === '') {
        return invalidCommandError('department', {
          zh: '请选择处置部门',
          en: 'Choose a department',
        });
      }
      if (allowedHandlingMs(incident.categoryCode, incident.priority) === null) {
        return invalidCommandError('categoryCode', {
          zh: '未知的事件类别',
          en: 'Unknown incident category',
        });
      }
      return null;
    case 'transfer':
      if (command.department.trim() === '' || command.department === incident.department) {
        return invalidCommandError('department', {
          zh: '请选择另一个部门',
          en: 'Choose a different department',
        });
      }
      return null;
    case 'evaluate': {
      const { score } = command;
      if (
        !Number.isInteger(score) ||
        score < MIN_EVALUATION_SCORE ||
        score > MAX_EVALUATION_SCORE
      ) {
        return invalidCommandError('score', {
          zh: `评分须为 ${MIN_EVALUATION_SCORE}–${MAX_EVALUATION_SCORE} 的整数`,
          en: `The score must be a whole number from ${MIN_EVALUATION_SCORE} to ${MAX_EVALUATION_SCORE}`,
        });
      }
      return null;
    }
    default:
      return null;
  }
}
