import { describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../idNumber';
import {
  checkChange,
  conflictOf,
  householdVersionText,
  needsReview,
  personVersionText,
  targetOf,
  type PersonVersionInput,
} from './householdChange';

const TODAY = new Date('2026-06-01T00:00:00Z');
const BODY = '35010219800101123';
const VALID_ID = BODY + idCheckCharacter(BODY);

const PERSON: PersonVersionInput = {
  personId: 7,
  householdId: 3,
  name: '张三',
  phone: '13800001234',
  tags: ['elderly_alone', 'disabled'],
  relation: 'head',
};

describe('checkChange', () => {
  it('accepts a well-formed move-in and names every bad field of a broken one', () => {
    const good = {
      kind: 'move_in' as const,
      name: '李四',
      idNumber: VALID_ID,
      relation: 'spouse' as const,
      phone: '138-0000-5678',
      tags: [],
    };
    expect(checkChange(good, TODAY)).toEqual([]);
    const bad = checkChange(
      {
        ...good,
        name: ' ',
        idNumber: `${BODY}0`.replace(/.$/, idCheckCharacter(BODY) === '0' ? '1' : '0'),
        phone: '12345',
      },
      TODAY,
    );
    expect(bad.map((problem) => problem.field)).toEqual(['name', 'idNumber', 'phone']);
    expect(bad[1]?.en).toMatch(/check/i);
  });

  it('refuses an empty visit note, a bad phone, an unknown tag and a lease that ends before it starts', () => {
    expect(checkChange({ kind: 'visit', note: '  ' }, TODAY)[0]?.field).toBe('note');
    expect(checkChange({ kind: 'visit', note: '独居老人身体状况良好' }, TODAY)).toEqual([]);
    expect(checkChange({ kind: 'phone', personId: 1, phone: 'call me' }, TODAY)[0]?.field).toBe(
      'phone',
    );
    expect(checkChange({ kind: 'phone', personId: 1, phone: '0591-8765432' }, TODAY)).toEqual([]);
    expect(
      checkChange({ kind: 'tags', personId: 1, tags: ['vip' as 'disabled'] }, TODAY)[0]?.field,
    ).toBe('tags');
    const lease = {
      kind: 'rental' as const,
      landlordName: '王五',
      tenants: '赵六',
      startDate: '2026-05-01',
      endDate: '2027-04-30',
    };
    expect(checkChange(lease, TODAY)).toEqual([]);
    expect(checkChange({ ...lease, endDate: '2026-04-01' }, TODAY)[0]?.field).toBe('endDate');
    expect(checkChange({ ...lease, startDate: '2026-02-30' }, TODAY)[0]?.field).toBe('startDate');
  });
});

describe('versions and conflicts', () => {
  it('a person version changes with the phone, the tags or a move, not with the tag order', () => {
    const base = personVersionText(PERSON);
    expect(personVersionText({ ...PERSON, tags: ['disabled', 'elderly_alone'] })).toBe(base);
    expect(personVersionText({ ...PERSON, phone: '13800009999' })).not.toBe(base);
    expect(personVersionText({ ...PERSON, tags: ['disabled'] })).not.toBe(base);
    expect(personVersionText({ ...PERSON, householdId: 4 })).not.toBe(base);
    expect(personVersionText(null)).not.toBe(base);
  });

  it('a household version changes when someone moves in or out or a lease is added', () => {
    const base = householdVersionText([2, 1], [5]);
    expect(householdVersionText([1, 2], [5])).toBe(base);
    expect(householdVersionText([1, 2, 3], [5])).not.toBe(base);
    expect(householdVersionText([1], [5])).not.toBe(base);
    expect(householdVersionText([1, 2], [5, 6])).not.toBe(base);
  });

  it('shows what the phone saw beside what the register holds only when the versions differ', () => {
    const seen = { version: 'a', view: { phone: '*******1234' } };
    expect(conflictOf(seen, { version: 'a', view: { phone: '*******1234' } })).toBeNull();
    expect(conflictOf(seen, { version: 'b', view: { phone: '*******9999' } })).toEqual({
      seen: { phone: '*******1234' },
      now: { phone: '*******9999' },
    });
  });

  it('visit logs are recorded without review and have no target; register changes are reviewed', () => {
    expect(needsReview('visit')).toBe(false);
    expect(targetOf('visit')).toBe('none');
    expect(needsReview('phone')).toBe(true);
    expect(targetOf('phone')).toBe('person');
    expect(targetOf('rental')).toBe('household');
  });
});
