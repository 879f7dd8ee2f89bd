import { afterEach, describe, expect, it, vi } from 'vitest';
import { DataRetention, retentionSettingsFrom, type RetentionRows } from './dataRetention';

const HOUR_MS = 60 * 60 * 1000;

afterEach(() => {
  vi.useRealTimers();
});

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

describe('data retention job', () => {
  /** Rows whose first delete waits until the test lets it go; each call is logged. */
  function heldRows() {
    const calls: string[] = [];
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const rows: RetentionRows = {
      purgeIncidentEventsBefore: async () => {
        calls.push('incident events');
        await released;
        return 0;
      },
      purgeAuditBefore: async () => (calls.push('audit'), 0),
      purgeMessageOutboxBefore: async () => (calls.push('outbox'), 0),
      purgeDoorKnockTasksBefore: async () => (calls.push('door knocks'), 0),
    };
    return { rows, calls, release };
  }

  it('stops only after the pass run at start has ended, and starts none after', async () => {
    vi.useFakeTimers();
    const { rows, calls, release } = heldRows();
    const errors = vi.fn();
    const retention = new DataRetention(
      rows,
      retentionSettingsFrom({}),
      () => new Date(),
      null,
      errors,
    );
    retention.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['incident events']);

    let stopped = false;
    const stopping = (async () => {
      await retention.stop();
      stopped = true;
    })();
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release();
    await stopping;
    // The pass went to its end before stop settled.
    expect(calls).toEqual(['incident events', 'audit', 'outbox', 'door knocks']);
    await vi.advanceTimersByTimeAsync(2 * HOUR_MS);
    expect(calls).toHaveLength(4);
    expect(errors).not.toHaveBeenCalled();
  });
});
