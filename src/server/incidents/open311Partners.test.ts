import { describe, expect, it } from 'vitest';
import { Open311Partners, parseOpen311Partners } from './open311Partners';

const KEY = 'k'.repeat(24);

describe('Open311 partners', () => {
  it('reads name:key pairs and refuses short keys and bad names', () => {
    expect(parseOpen311Partners(` 12345:${KEY} , env_line:${KEY}x`)).toEqual([
      { name: '12345', apiKey: KEY },
      { name: 'env_line', apiKey: `${KEY}x` },
    ]);
    expect(parseOpen311Partners(undefined)).toEqual([]);
    expect(() => parseOpen311Partners('12345:short')).toThrow(/at least 16/);
    expect(() => parseOpen311Partners(`no key ${KEY}`)).toThrow(/name:key/);
    expect(() => parseOpen311Partners(`bad name:${KEY}`)).toThrow(/"bad name"/);
  });

  it('takes a caller without a key as a citizen, a known key as its partner, refuses others', () => {
    const partners = new Open311Partners([{ name: '12345', apiKey: KEY }]);
    expect(partners.check(undefined)).toEqual({ ok: true, partner: null });
    expect(partners.check('')).toEqual({ ok: true, partner: null });
    expect(partners.check(KEY)).toEqual({ ok: true, partner: '12345' });
    expect(partners.check(`${KEY}x`)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('refuses a caller without a key when keys are required', () => {
    const partners = new Open311Partners([{ name: '12345', apiKey: KEY }], true);
    expect(partners.check(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(partners.check(KEY)).toEqual({ ok: true, partner: '12345' });
  });
});
