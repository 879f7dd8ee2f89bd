import { describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../idNumber';
import { checkIdNumber } from './idNumberCheck';

const TODAY = new Date('2026-01-01T00:00:00Z');
function withCheck(body: string): string {
  return body + idCheckCharacter(body);
}

describe('checkIdNumber (GB 11643)', () => {
  it('reads a valid number: birth date, sex from the sequence, region', () => {
    const id = withCheck('35010219900307001');
    expect(checkIdNumber(id, TODAY)).toEqual({
      idNumber: id,
      birthDate: '1990-03-07',
      sex: 'M',
      regionCode: '350102',
    });
  });

  it('accepts full-width digits, spaces and a lower-case x', () => {
    // 11010519491231002X is the standard's own example.
    expect(checkIdNumber('１１０１０５ 19491231002x', TODAY)).toMatchObject({
      idNumber: '11010519491231002X',
      sex: 'F',
    });
  });

  it('names each failure', () => {
    expect(checkIdNumber('', TODAY)).toBe('id-empty');
    expect(checkIdNumber('350102900307001', TODAY)).toBe('id-old-15');
    expect(checkIdNumber('3501021990030700', TODAY)).toBe('id-format');
    expect(checkIdNumber(withCheck('99010219900307001'), TODAY)).toBe('id-region');
    expect(checkIdNumber(withCheck('35000019900307001'), TODAY)).toBe('id-region');
    expect(checkIdNumber(withCheck('35010219900230001'), TODAY)).toBe('id-date');
    expect(checkIdNumber(withCheck('35010220300101001'), TODAY)).toBe('id-date');
    const good = withCheck('35010219900307001');
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(checkIdNumber(wrong, TODAY)).toBe('id-check-digit');
  });
});
