import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from './searchResidents';

describe('parseSearchQuery', () => {
  it('reads four digits as an ID tail and a phone tail', () => {
    expect(parseSearchQuery(' 0018 ')).toEqual({ kind: 'tail', idTail: '0018', phoneTail: '0018' });
  });

  it('reads three digits and an X (any case) as an ID tail only', () => {
    expect(parseSearchQuery('123x')).toEqual({ kind: 'tail', idTail: '123X', phoneTail: null });
  });

  it('reads anything else as text', () => {
    expect(parseSearchQuery('五四路')).toEqual({ kind: 'text', text: '五四路' });
    expect(parseSearchQuery('12345')).toEqual({ kind: 'text', text: '12345' });
    expect(parseSearchQuery('50%_')).toEqual({ kind: 'text', text: '50%_' });
  });
});
