/**
 * The audit rows of the emergency command: the service, the residents' messages and the report's
 * export all write them, so each row names its event the same way.
 */
import type { AuditRepository } from '../../audit/auditRepository';
import type { Caller } from '../../registry/accessErrors';

export const COMMAND_TARGET_TYPE = 'emergency_event';
export const COMMAND_ACTIONS = {
  open: 'emergency_command_open',
  plan: 'emergency_command_plan',
  step: 'emergency_command_step',
  level: 'emergency_command_level',
  terminate: 'emergency_command_terminate',
  notify: 'emergency_command_notify',
  acknowledge: 'emergency_command_acknowledge',
  export: 'emergency_command_report_export',
} as const;

export async function recordCommandAudit(
  audit: Pick<AuditRepository, 'recordAudit'>,
  now: Date,
  caller: Caller,
  action: string,
  eventId: number,
  reason: string,
): Promise<void> {
  await audit.recordAudit({
    at: now.toISOString(),
    username: caller.username,
    action,
    targetType: COMMAND_TARGET_TYPE,
    targetId: String(eventId),
    fields: '',
    reason,
  });
}
