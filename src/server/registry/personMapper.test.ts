import { describe, expect, it } from 'vitest';
import type { PersonRecord } from './registryRecords';
import { ageInYears, toHouseholdView, toPersonView } from './personMapper';

const PERSON: PersonRecord = {
  id: 7,
  householdId: 3,
  name: '林小明',
  sex: 'M',
  birthDate: '1990-06-15',
  idNumber: '35010219900615123X',
  phone: '13800138000',
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
    expect(JSON.stringify(view)).not.toContain(PERSON.idNumber);
    expect(JSON.stringify(view)).not.toContain(PERSON.phone);
    expect(Object.keys(view)).not.toContain('idNumber');
    expect(Object.keys(view)).not.toContain('phone');
  });

  it('keeps a missing phone null and drops unknown tags', () => {
    const view = toPersonView({ ...PERSON, phone: null }, TODAY);
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

  it('counts completed years only', () => {
    expect(ageInYears('1990-06-15', TODAY)).toBe(35);
    expect(ageInYears('1990-06-14', TODAY)).toBe(36);
    expect(ageInYears('not a date', TODAY)).toBe(0);
  });
});
