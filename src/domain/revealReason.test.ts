import { describe, expect, it } from 'vitest';
import {
  auditReasonOf,
  MAX_REASON_CHARS,
  parseRevealReason,
  REVEAL_PURPOSE_LABELS,
  REVEAL_PURPOSES,
} from './revealReason';

describe('parseRevealReason', () => {
  it('accepts a listed purpose with a reason of ten visible characters', () => {
    expect(parseRevealReason('home_visit', '  入户核查独居老人情况  ')).toEqual({
      ok: true,
      value: { purpose: 'home_visit', reason: '入户核查独居老人情况' },
    });
    expect(parseRevealReason('case_handling', 'ticket 1024 hotline')).toMatchObject({ ok: true });
  });

  it('refuses a purpose that is not on the list, or none', () => {
    expect(parseRevealReason('curiosity', '入户核查独居老人情况')).toEqual({
      ok: false,
      error: 'unknown_purpose',
    });
    expect(parseRevealReason(undefined, '入户核查独居老人情况')).toMatchObject({ ok: false });
  });

  it('refuses fewer than ten visible characters', () => {
    expect(parseRevealReason('home_visit', '入户核查')).toEqual({
      ok: false,
      error: 'reason_too_short',
    });
    expect(parseRevealReason('home_visit', 'aaaa')).toMatchObject({ error: 'reason_too_short' });
  });

  it('does not count zero-width characters, blanks or a BOM as visible', () => {
    const zeroWidth = '\u200b\u200c\u200d\u2060\ufeff'.repeat(4);
    expect(parseRevealReason('home_visit', zeroWidth)).toMatchObject({
      error: 'reason_too_short',
    });
    expect(parseRevealReason('home_visit', `核\u200b查\u200b${'\u3000'.repeat(20)}`)).toMatchObject(
      { error: 'reason_too_short' },
    );
    expect(parseRevealReason('home_visit', ' \t\n'.repeat(10))).toMatchObject({
      error: 'reason_too_short',
    });
  });

  it('refuses one character repeated, or two alternating', () => {
    expect(parseRevealReason('home_visit', 'aaaaaaaaaa')).toMatchObject({
      error: 'reason_repetitive',
    });
    expect(parseRevealReason('home_visit', 'AaAaAaAaAaAa')).toMatchObject({
      error: 'reason_repetitive',
    });
    expect(parseRevealReason('home_visit', '1212121212')).toMatchObject({
      error: 'reason_repetitive',
    });
    expect(parseRevealReason('home_visit', '。。。。。。。。。。。')).toMatchObject({
      error: 'reason_repetitive',
    });
  });

  it('refuses a reason longer than the limit and a reason that is not text', () => {
    expect(parseRevealReason('home_visit', 'x'.repeat(MAX_REASON_CHARS) + 'yz')).toMatchObject({
      error: 'reason_too_long',
    });
    expect(parseRevealReason('home_visit', 1234567890)).toMatchObject({ ok: false });
  });

  it('drops invisible characters from the reason it keeps', () => {
    const result = parseRevealReason('identity_check', '核实\u200b身份 来电  人声称是本人');
    expect(result).toEqual({
      ok: true,
      value: { purpose: 'identity_check', reason: '核实身份 来电 人声称是本人' },
    });
  });

  it('labels every purpose in both languages and writes the purpose into the audit reason', () => {
    for (const purpose of REVEAL_PURPOSES) {
      expect(REVEAL_PURPOSE_LABELS[purpose].zh).not.toBe('');
      expect(REVEAL_PURPOSE_LABELS[purpose].en).not.toBe('');
    }
    expect(auditReasonOf({ purpose: 'emergency_rescue', reason: '火警现场核实被困人员' })).toBe(
      '[emergency_rescue] 火警现场核实被困人员',
    );
  });
});
