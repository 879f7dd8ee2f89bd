import { describe, expect, it } from 'vitest';
import {
  appliesReceipt,
  countNotifications,
  needsSending,
  type NotificationState,
} from './notificationState';

describe('notification states', () => {
  it('never moves a message back and counts failed only while nothing better is known', () => {
    expect(appliesReceipt('sent', 'delivered')).toBe(true);
    expect(appliesReceipt('acknowledged', 'delivered')).toBe(false);
    expect(appliesReceipt('delivered', 'failed')).toBe(false);
    expect(appliesReceipt('sent', 'failed')).toBe(true);
    expect(appliesReceipt('delivered', 'acknowledged')).toBe(true);
  });

  it('sends again only to households without a message or whose message failed', () => {
    expect(needsSending(null)).toBe(true);
    expect(needsSending('failed')).toBe(true);
    expect(needsSending('outbox')).toBe(false);
    expect(needsSending('delivered')).toBe(false);
  });

  it('counts each household once, by its current state', () => {
    const states: Array<[string, NotificationState]> = [
      ['AEGL-3', 'outbox'],
      ['AEGL-3', 'sent'],
      ['AEGL-3', 'delivered'],
      ['AEGL-3', 'acknowledged'],
      ['AEGL-2', 'failed'],
    ];
    const counts = countNotifications(states.map(([key, state]) => ({ key, state })));
    expect(counts.get('AEGL-3')).toEqual({
      households: 4,
      outbox: 1,
      sent: 1,
      delivered: 1,
      acknowledged: 1,
      failed: 0,
    });
    expect(counts.get('AEGL-2')?.failed).toBe(1);
  });
});
