import { describe, expect, it } from 'vitest';
import {
  HOME_HASH,
  deepLinkOf,
  formatDeepLink,
  formatLocationHash,
  isHomeHash,
  parseDeepLink,
  parseLocationHash,
  sameDeepLink,
} from './deepLink';

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

describe('wall modes in the hash', () => {
  it('reads a mode alone and a mode followed by a link', () => {
    expect(parseLocationHash('#/mode/wall')).toEqual({ mode: 'wall', link: null });
    expect(parseLocationHash('#/mode/tour/')).toEqual({ mode: 'tour', link: null });
    expect(parseLocationHash('#/mode/dispatch/building/7')).toEqual({
      mode: 'dispatch',
      link: { kind: 'building', buildingId: 7 },
    });
    expect(parseLocationHash('#/mode/wall/grid/350102001')).toEqual({
      mode: 'wall',
      link: { kind: 'grid', gridCode: '350102001' },
    });
  });

  it('names no mode for plain links, keeping them as they were', () => {
    expect(parseLocationHash('#/unit/42')).toEqual({
      mode: null,
      link: { kind: 'unit', unitId: 42 },
    });
    expect(parseLocationHash('')).toEqual({ mode: null, link: null });
  });

  it('opens the leader wall for an unknown mode and follows nothing behind it', () => {
    expect(parseLocationHash('#/mode/kiosk/unit/42')).toEqual({ mode: 'wall', link: null });
    expect(parseLocationHash('#/mode/')).toEqual({ mode: 'wall', link: null });
    expect(parseLocationHash('#/mode/WALL')).toEqual({ mode: 'wall', link: null });
  });

  it('knows the home hash of every mode', () => {
    for (const hash of ['', '#', '#/', '#/mode/wall', '#/mode/tour/', '#/mode/dispatch']) {
      expect(isHomeHash(hash), hash).toBe(true);
    }
    for (const hash of ['#/grid/350102', '#/mode/wall/grid/350102', '#/unit/x', '#/mode/kiosk']) {
      expect(isHomeHash(hash), hash).toBe(false);
    }
  });

  it('formats the canonical hash, leaving the desk mode out', () => {
    expect(formatLocationHash('wall', null)).toBe('#/mode/wall');
    expect(formatLocationHash('tour', { kind: 'grid', gridCode: '350102001' })).toBe(
      '#/mode/tour/grid/350102001',
    );
    expect(formatLocationHash('dispatch', { kind: 'unit', unitId: 3 })).toBe('#/unit/3');
    expect(formatLocationHash('dispatch', null)).toBe(HOME_HASH);
  });

  it('round-trips every mode with every kind of link', () => {
    const links = [
      null,
      { kind: 'unit', unitId: 9 },
      { kind: 'building', buildingId: 12 },
      { kind: 'grid', gridCode: '350102001002003' },
    ] as const;
    for (const mode of ['dispatch', 'wall', 'tour'] as const) {
      for (const link of links) {
        const parsed = parseLocationHash(formatLocationHash(mode, link));
        expect(parsed.link).toEqual(link);
        expect(parsed.mode ?? 'dispatch').toBe(mode);
      }
    }
  });
});
