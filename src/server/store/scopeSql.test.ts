import { describe, expect, it } from 'vitest';
import { prefixFilter, subtreeInScopeFilter } from './scopeSql';

describe('scopeSql', () => {
  it('turns each prefix into an index-friendly range', () => {
    expect(prefixFilter('b.grid_code', ['350102001'])).toEqual({
      sql: '((b.grid_code >= ? AND b.grid_code < ?))',
      params: ['350102001', '350102001:'],
    });
  });

  it('matches nothing for an empty scope list', () => {
    expect(prefixFilter('b.grid_code', []).sql).toBe('0');
  });

  it('refuses anything that is not a grid code', () => {
    expect(() => prefixFilter('b.grid_code', ["350102' OR 1=1 --"])).toThrow(/not a grid code/);
    expect(() => prefixFilter('b.grid_code', ['3501'])).toThrow(/not a grid code/);
  });

  it('combines a subtree with the scopes', () => {
    const filter = subtreeInScopeFilter('b.grid_code', '350102', ['350102001', '350102003']);
    expect(filter.params).toEqual([
      '350102',
      '350102:',
      '350102001',
      '350102001:',
      '350102003',
      '350102003:',
    ]);
  });
});
