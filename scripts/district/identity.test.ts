import { describe, expect, it } from 'vitest';
import { isValidIdNumber } from '../../src/domain/idNumber';
import { createSeededRandom } from '../../src/domain/seededRandom';
import { GULOU_AREA_CODE, IdentityIssuer } from './identity';

const PHONE_PATTERN = /^1[3589]\d{9}$/;

describe('IdentityIssuer', () => {
  it('issues unique, well-formed mobile numbers without remembering them', () => {
    const issuer = new IdentityIssuer(createSeededRandom(1));
    const phones = Array.from({ length: 200_000 }, () => issuer.phone());
    expect(new Set(phones).size).toBe(phones.length);
    expect(phones.filter((phone) => !PHONE_PATTERN.test(phone))).toEqual([]);
    // Shuffled: neighbours in issue order are not neighbours in number.
    const gaps = phones
      .slice(1, 1000)
      .map((phone, index) => Math.abs(Number(phone.slice(3)) - Number(phones[index]!.slice(3))));
    expect(gaps.filter((gap) => gap < 1000).length).toBeLessThan(10);
  });

  it('issues every free sequence for one birth date and sex once, then refuses', () => {
    const issuer = new IdentityIssuer(createSeededRandom(2));
    const men = Array.from({ length: 499 }, () =>
      issuer.idNumber(GULOU_AREA_CODE, '1980-02-29', 'M'),
    );
    const women = Array.from({ length: 499 }, () =>
      issuer.idNumber(GULOU_AREA_CODE, '1980-02-29', 'F'),
    );
    for (const [ids, parity] of [
      [men, 1],
      [women, 0],
    ] as const) {
      expect(new Set(ids).size).toBe(ids.length);
      expect(
        ids.filter(
          (id) =>
            !isValidIdNumber(id) ||
            !id.startsWith('35010219800229') ||
            Number(id[16]) % 2 !== parity,
        ),
      ).toEqual([]);
      expect(ids.filter((id) => id.slice(14, 17) === '000')).toEqual([]);
    }
    expect(() => issuer.idNumber(GULOU_AREA_CODE, '1980-02-29', 'M')).toThrow();
    expect(() => issuer.idNumber('999999', '1980-02-29', 'M')).toThrow(RangeError);
  });

  it('draws area codes by origin', () => {
    const issuer = new IdentityIssuer(createSeededRandom(3));
    expect(issuer.areaCode('gulou')).toBe('350102');
    for (let draw = 0; draw < 50; draw++) {
      expect(issuer.areaCode('fuzhou')).toMatch(/^3501\d\d$/);
      expect(issuer.areaCode('elsewhere')).not.toBe('350102');
    }
  });
});
