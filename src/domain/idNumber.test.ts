import { describe, expect, it } from 'vitest';
import {
  ID_NUMBER_LENGTH,
  MASK_VISIBLE_TAIL,
  idCheckCharacter,
  isValidIdNumber,
  maskIdentifier,
} from './idNumber';

describe('GB 11643 check character', () => {
  it('accepts the standard example and known-good numbers', () => {
    // The example printed in GB 11643-1999 itself.
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    // Worked by hand: weighted sum 196, 196 mod 11 = 9, and position 9 of '10X98765432' is '3'.
    expect(idCheckCharacter('44052419800101001')).toBe('3');
    expect(isValidIdNumber('440524198001010013')).toBe(true);
  });

  it('rejects a wrong check character, a lowercase x, and malformed input', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491231002x')).toBe(false);
    expect(isValidIdNumber('1101051949123100')).toBe(false);
    expect(isValidIdNumber('11010519491231002XX')).toBe(false);
    expect(isValidIdNumber('A1010519491231002X')).toBe(false);
    expect(() => idCheckCharacter('1234')).toThrow();
  });

  it('detects any single changed digit', () => {
    const valid = '11010519491231002X';
    for (let position = 0; position < 17; position++) {
      const digit = Number(valid[position]);
      const changed =
        valid.slice(0, position) + String((digit + 1) % 10) + valid.slice(position + 1);
      expect(isValidIdNumber(changed)).toBe(false);
    }
    expect(valid).toHaveLength(ID_NUMBER_LENGTH);
  });
});

describe('maskIdentifier', () => {
  it('keeps only the last four characters and the length', () => {
    expect(maskIdentifier('11010519491231002X')).toBe('**************002X');
    expect(maskIdentifier('13812345678')).toBe('*******5678');
  });

  it('reveals at most four characters, and nothing of a short value', () => {
    for (const value of ['', '1', '1234', '12345', '11010519491231002X']) {
      const masked = maskIdentifier(value);
      expect(masked).toHaveLength(value.length);
      const revealed = [...masked].filter((character) => character !== '*').length;
      expect(revealed).toBeLessThanOrEqual(MASK_VISIBLE_TAIL);
      if (value.length <= MASK_VISIBLE_TAIL) expect(revealed).toBe(0);
    }
  });
});
