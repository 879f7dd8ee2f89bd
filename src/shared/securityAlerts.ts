/**
 * Security alerts pushed to administrators' screens on `/live` (and kept in the audit log as
 * `alert` rows). Types and constants only.
 */
export const SECURITY_ALERT_EVENT = 'securityAlert';

export type SecurityAlertKind = 'reveal_rate_limit';

export interface SecurityAlert {
  kind: SecurityAlertKind;
  /** Who went past the limit. */
  username: string;
  atMs: number;
  /** Reveals counted in the last hour when the refused one came. */
  revealsInWindow: number;
  limitPerHour: number;
  /** The audit row of the alert. */
  auditId: number;
}
