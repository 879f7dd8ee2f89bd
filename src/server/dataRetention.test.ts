import { describe, expect, it } from 'vitest';
import { retentionSettingsFrom } from './dataRetention';

// The purges themselves: dataRetention.contract.test.ts, on both engines.
describe('data retention settings', () => {
  it('reads INCIDENT_EVENT_RETENTION_DAYS and AUDIT_RETENTION_DAYS, refusing audit under 180 days', () => {
    expect(retentionSettingsFrom({})).toEqual({
      incidentEventDays: 90,
      auditDays: 180,
      unattachedPhotoDays: 7,
      messageOutboxDays: 30,
      doorKnockTaskDays: 30,
    });
    expect(
      retentionSettingsFrom({
        INCIDENT_EVENT_RETENTION_DAYS: '30',
        AUDIT_RETENTION_DAYS: '365',
        UNATTACHED_PHOTO_RETENTION_DAYS: '2',
        MESSAGE_OUTBOX_RETENTION_DAYS: '14',
        DOOR_KNOCK_TASK_RETENTION_DAYS: '10',
      }),
    ).toEqual({
      incidentEventDays: 30,
      auditDays: 365,
      unattachedPhotoDays: 2,
      messageOutboxDays: 14,
      doorKnockTaskDays: 10,
    });
    expect(() => retentionSettingsFrom({ DOOR_KNOCK_TASK_RETENTION_DAYS: '0' })).toThrow(
      RangeError,
    );
    expect(() => retentionSettingsFrom({ MESSAGE_OUTBOX_RETENTION_DAYS: '-1' })).toThrow(
      RangeError,
    );
    expect(() => retentionSettingsFrom({ UNATTACHED_PHOTO_RETENTION_DAYS: '0' })).toThrow(
      RangeError,
    );
    expect(() => retentionSettingsFrom({ AUDIT_RETENTION_DAYS: '90' })).toThrow(/at least 180/);
    expect(() => retentionSettingsFrom({ INCIDENT_EVENT_RETENTION_DAYS: 'x' })).toThrow(RangeError);
  });
});
