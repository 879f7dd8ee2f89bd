import { describe, expect, it } from 'vitest';
import {
  ancestorGridCodes,
  childGridCode,
  gridCodeLength,
  gridLevelOf,
  isGridCode,
  isInScope,
  isWithinGrid,
  parentGridCode,
  subtreesInScope,
  touchesScope,
} from './gridCode';

const DISTRICT = '350102';
const STREET = '350102001';
const COMMUNITY = '350102001002';
const GRID = '350102001002003';

describe('grid codes', () => {
  it('knows the level of each code length and rejects malformed codes', () => {
    expect([DISTRICT, STREET, COMMUNITY, GRID].map(gridLevelOf)).toEqual([1, 2, 3, 4]);
    expect([1, 2, 3, 4].map((level) => gridCodeLength(level as 1 | 2 | 3 | 4))).toEqual([
      6, 9, 12, 15,
    ]);
    for (const bad of [
      '',
      '35010',
      '3501020',
      '35010200100200300',
      '35010a',
      ' 350102',
      '350102001002003 ',
    ]) {
      expect(gridLevelOf(bad)).toBeNull();
      expect(isGridCode(bad)).toBe(false);
    }
  });

  it('builds child codes with three zero-padded digits and rejects out-of-range indexes', () => {
    expect(childGridCode(DISTRICT, 1)).toBe(STREET);
    expect(childGridCode(STREET, 2)).toBe(COMMUNITY);
    expect(childGridCode(COMMUNITY, 999)).toBe('350102001002999');
    for (const bad of [0, 1000, -1, 1.5, Number.NaN])
      expect(() => childGridCode(STREET, bad)).toThrow(RangeError);
  });

  it('walks up to the parent and lists ancestors from the district down', () => {
    expect(parentGridCode(GRID)).toBe(COMMUNITY);
    expect(parentGridCode(STREET)).toBe(DISTRICT);
    expect(parentGridCode(DISTRICT)).toBeNull();
    expect(parentGridCode('bad')).toBeNull();
    expect(ancestorGridCodes(GRID)).toEqual([DISTRICT, STREET, COMMUNITY, GRID]);
    expect(ancestorGridCodes(DISTRICT)).toEqual([DISTRICT]);
  });

  it('counts a code as within itself and its ancestors, never within a child or a sibling', () => {
    expect(isWithinGrid(GRID, GRID)).toBe(true);
    expect(isWithinGrid(GRID, COMMUNITY)).toBe(true);
    expect(isWithinGrid(GRID, DISTRICT)).toBe(true);
    expect(isWithinGrid(COMMUNITY, GRID)).toBe(false);
    expect(isWithinGrid(GRID, '350102001001')).toBe(false);
    expect(isWithinGrid('350102002002003', STREET)).toBe(false);
  });

  it('checks scope by prefix: a street scope covers its grids but not a neighbour street', () => {
    expect(isInScope(GRID, [STREET])).toBe(true);
    expect(isInScope(GRID, [DISTRICT])).toBe(true);
    expect(isInScope(GRID, ['350102002'])).toBe(false);
    expect(isInScope(STREET, [GRID])).toBe(false);
    expect(isInScope(GRID, [])).toBe(false);
  });

  it('lets a scoped user open ancestors of the scope but not siblings', () => {
    expect(touchesScope(DISTRICT, [COMMUNITY])).toBe(true);
    expect(touchesScope(STREET, [COMMUNITY])).toBe(true);
    expect(touchesScope(GRID, [COMMUNITY])).toBe(true);
    expect(touchesScope('350102002', [COMMUNITY])).toBe(false);
    expect(touchesScope('350102001001', [COMMUNITY])).toBe(false);
  });

  it('cuts a subtree to the scopes as disjoint roots', () => {
    const otherStreet = '350102002';
    expect(subtreesInScope(null, [COMMUNITY, STREET])).toEqual([STREET]);
    expect(subtreesInScope(DISTRICT, [STREET, otherStreet])).toEqual([STREET, otherStreet]);
    expect(subtreesInScope(COMMUNITY, [STREET, otherStreet])).toEqual([COMMUNITY]);
    expect(subtreesInScope(STREET, [GRID, GRID])).toEqual([GRID]);
    expect(subtreesInScope(otherStreet, [COMMUNITY])).toEqual([]);
    expect(subtreesInScope(STREET, [])).toEqual([]);
  });
});
