import { describe, expect, it } from 'vitest';
import { checklistOf, checklistProgress, checkTick } from './planChecklist';
import {
  checkLevelChange,
  compareLevels,
  levelAbove,
  levelBelow,
  responseLevelName,
} from './responseLevel';
import {
  appliesReceipt,
  countNotifications,
  needsSending,
  type NotificationState,
} from './notificationState';
import { describeTimelineEntry } from './commandTimeline';

describe('the response level scale', () => {
  it('runs from Ⅳ (lowest) to Ⅰ (highest)', () => {
    expect(levelAbove('IV')).toBe('III');
    expect(levelAbove('II')).toBe('I');
    expect(levelAbove('I')).toBeNull();
    expect(levelBelow('III')).toBe('IV');
    expect(levelBelow('IV')).toBeNull();
    expect(compareLevels('I', 'IV')).toBeGreaterThan(0);
    expect(responseLevelName('II').zh).toBe('Ⅱ级（重大）');
  });

  it('needs a reason and a different level, and names the direction', () => {
    expect(checkLevelChange('IV', 'II', '下风向住户增多')).toEqual({
      ok: true,
      direction: 'escalate',
    });
    expect(checkLevelChange('II', 'III', '泄漏已控制')).toEqual({
      ok: true,
      direction: 'deescalate',
    });
    expect(checkLevelChange('III', 'III', '同级')).toEqual({ ok: false, problem: 'same_level' });
    expect(checkLevelChange('IV', 'III', '  ')).toEqual({ ok: false, problem: 'reason_required' });
  });
});

describe('the plan checklist', () => {
  const steps = checklistOf(['接警核实', '划定警戒区']);

  it('ticks a step once, only while the event is active', () => {
    expect(checkTick(steps, 0, true, '')).toBeNull();
    expect(checkTick(steps, 0, false, '')).toBe('event_ended');
    expect(checkTick(null, 0, true, '')).toBe('no_plan');
    expect(checkTick(steps, 2, true, '')).toBe('unknown_step');
    const done = steps.map((step) =>
      step.index === 0 ? { ...step, doneAtMs: 1, doneBy: 'dispatcher', note: null } : step,
    );
    expect(checkTick(done, 0, true, '')).toBe('already_done');
    expect(checkTick(done, 1, true, 'x'.repeat(501))).toBe('note_too_long');
    expect(checklistProgress(done)).toEqual({ done: 1, total: 2 });
  });
});

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

  it('counts per zone cumulatively: delivered includes acknowledged, outbox is not sent', () => {
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
      sent: 3,
      delivered: 2,
      acknowledged: 1,
      failed: 0,
    });
    expect(counts.get('AEGL-2')?.failed).toBe(1);
  });
});

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
