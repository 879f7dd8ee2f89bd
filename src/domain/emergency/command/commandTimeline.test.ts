import { describe, expect, it } from 'vitest';
import { describeTimelineEntry } from './commandTimeline';
import { defaultNotificationText } from './notificationText';

describe('timeline text', () => {
  it('writes each entry in both languages from its payload', () => {
    const text = describeTimelineEntry({
      id: 1,
      atMs: 0,
      actor: 'dispatcher',
      kind: 'level_changed',
      payload: { from: 'IV', to: 'III', direction: 'escalate', reason: '扩散范围扩大' },
    });
    expect(text.zh).toBe('响应级别提升：Ⅳ级（一般） → Ⅲ级（较大）；理由：扩散范围扩大');
    expect(text.en).toContain('raised');
    const sent = describeTimelineEntry({
      id: 2,
      atMs: 0,
      actor: 'dispatcher',
      kind: 'notifications_sent',
      payload: {
        tier: 'AEGL-2',
        channel: 'sms',
        households: 5,
        outbox: 4,
        sent: 0,
        failed: 0,
        withoutPhone: 1,
      },
    });
    expect(sent.zh).toContain('写入待发箱4');
    expect(sent.en).toContain('group SMS');
  });
});

describe('the default message to households', () => {
  it('names the event, what the zone means and how to confirm', () => {
    const text = defaultNotificationText('氯气泄漏', 'AEGL-3');
    expect(text).toContain('氯气泄漏');
    expect(text).toContain('生命危险区');
    expect(text).toContain('收到请回复1');
  });
});
