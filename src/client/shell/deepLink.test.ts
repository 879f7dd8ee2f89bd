import { describe, expect, it } from 'vitest';
import { HOME_HASH, deepLinkOf, formatDeepLink, parseDeepLink, sameDeepLink } from './deepLink';

const EMPTY = { gridCode: null, buildingId: null, unitId: null };

describe('parseDeepLink', () => {
  it('reads units, buildings and grids', () => {
    expect(parseDeepLink('#/unit/42')).toEqual({ kind: 'unit', unitId: 42 });
    expect(parseDeepLink('#/building/7')).toEqual({ kind: 'building', buildingId: 7 });
    expect(parseDeepLink('#/grid/350102001002003')).toEqual({
      kind: 'grid',
      gridCode: '350102001002003',
    });
    expect(parseDeepLink('#/grid/350102')).toEqual({ kind: 'grid', gridCode: '350102' });
  });

  it('tolerates a missing leading slash and a trailing slash', () => {
    expect(parseDeepLink('#unit/42/')).toEqual({ kind: 'unit', unitId: 42 });
  });

  it('rejects malformed links instead of guessing', () => {
    for (const hash of [
      '',
      '#',
      HOME_HASH,
      '#/unit/',
      '#/unit/0',
      '#/unit/-1',
      '#/unit/1.5',
      '#/unit/abc',
      '#/unit/42/extra',
      '#/unit/99999999999999999999',
      '#/grid/3501',
      '#/grid/35010200100',
      '#/grid/abcdef',
      '#/person/1',
    ]) {
      expect(parseDeepLink(hash), hash).toBeNull();
    }
  });
});

describe('formatDeepLink and deepLinkOf', () => {
  it('links the deepest selected level', () => {
    expect(deepLinkOf({ gridCode: '350102001', buildingId: 5, unitId: 9 })).toEqual({
      kind: 'unit',
      unitId: 9,
    });
    expect(deepLinkOf({ ...EMPTY, gridCode: '350102001', buildingId: 5 })).toEqual({
      kind: 'building',
      buildingId: 5,
    });
    expect(deepLinkOf({ ...EMPTY, gridCode: '350102001' })).toEqual({
      kind: 'grid',
      gridCode: '350102001',
    });
    expect(deepLinkOf(EMPTY)).toBeNull();
  });

  it('round-trips through the hash', () => {
    for (const hash of ['#/unit/42', '#/building/7', '#/grid/350102001002']) {
      expect(formatDeepLink(parseDeepLink(hash))).toBe(hash);
    }
    expect(formatDeepLink(null)).toBe(HOME_HASH);
  });

  it('compares links by value', () => {
    expect(sameDeepLink({ kind: 'unit', unitId: 1 }, { kind: 'unit', unitId: 1 })).toBe(true);
    expect(sameDeepLink({ kind: 'unit', unitId: 1 }, { kind: 'building', buildingId: 1 })).toBe(
      false,
    );
    expect(sameDeepLink(null, null)).toBe(true);
  });
});
