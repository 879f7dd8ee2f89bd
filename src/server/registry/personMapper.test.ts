import { describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../domain/registry';
import { ageInYears, toHouseholdView, toPersonView } from './personMapper';

const PERSON: PersonRecord = {
  id: 7,
  householdId: 3,
  name: '林小明',
  sex: 'M',
  birthDate: '1990-06-15',
  idNumberMasked: '**************123X',
  phoneMasked: '*******8000',
  relation: 'head',
  tags: 'elderly_alone,unknown_tag',
  synthetic: true,
};
const TODAY = new Date('2026-06-14T12:00:00Z');

describe('personMapper', () => {
  it('masks the ID number and phone down to their last four characters', () => {
    const view = toPersonView(PERSON, TODAY);
    expect(view.idNumberMasked).toBe('**************123X');
    expect(view.phoneMasked).toBe('*******8000');
    expect(Object.keys(view)).not.toContain('idNumber');
    expect(Object.keys(view)).not.toContain('phone');
  });

  it('masks again whatever the store hands over, so a clear value never reaches the wire', () => {
    const view = toPersonView(
      { ...PERSON, idNumberMasked: '35010219900615123X', phoneMasked: '13800138000' },
      TODAY,
    );
    expect(view.idNumberMasked).toBe('**************123X');
    expect(view.phoneMasked).toBe('*******8000');
  });

  it('keeps a missing phone null and drops unknown tags', () => {
    const view = toPersonView({ ...PERSON, phoneMasked: null }, TODAY);
    expect(view.phoneMasked).toBeNull();
    expect(view.tags).toEqual(['elderly_alone']);
  });

  it('masks every member of a household', () => {
    const household = toHouseholdView(
      {
        id: 3,
        unitId: 1,
        type: 'rental',
        headPersonId: 7,
        members: [PERSON, { ...PERSON, id: 8 }],
      },
      TODAY,
    );
    expect(household.members.map((member) => member.idNumberMasked)).toEqual([
      '**************123X',
      '**************123X',
    ]);
  });

  it('shows no birth date, only the age reached in the district year', () => {
    const view = toPersonView(PERSON, TODAY);
    expect(Object.keys(view)).not.toContain('birthDate');
    expect(JSON.stringify(view)).not.toContain('06-15');
    expect(JSON.stringify(view)).not.toContain('0615');
    expect(view.ageYears).toBe(36);
  });

  it('gives everyone born in one year the same age all year, so no day gives a birthday away', () => {
    const ages = ['1990-01-01', '1990-06-15', '1990-12-31'].flatMap((birthDate) =>
      ['2026-01-01T00:00:00+08:00', '2026-06-14T12:00:00Z', '2026-12-31T23:59:00+08:00'].map((at) =>
        ageInYears(birthDate, new Date(at)),
      ),
    );
    expect(new Set(ages)).toEqual(new Set([36]));
    expect(ageInYears('not a date', TODAY)).toBe(0);
  });

  it("turns the year over at the district's midnight, not at UTC's", () => {
    // 16:00 UTC on 31 December is already 1 January in UTC+8.
    expect(ageInYears('1990-06-15', new Date('2026-12-31T15:59:00Z'))).toBe(36);
    expect(ageInYears('1990-06-15', new Date('2026-12-31T16:00:00Z'))).toBe(37);
  });
});
