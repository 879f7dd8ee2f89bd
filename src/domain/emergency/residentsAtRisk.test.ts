import { describe, expect, it } from 'vitest';
import { ageBandOf, tallyZoneResidents } from './residentsAtRisk';

describe('residents at risk', () => {
  it('puts ages into bands at their upper bounds', () => {
    expect([0, 6, 7, 17, 18, 59, 60, 79, 80, 104].map(ageBandOf)).toEqual([
      '0-6',
      '0-6',
      '7-17',
      '7-17',
      '18-59',
      '18-59',
      '60-79',
      '60-79',
      '80+',
      '80+',
    ]);
  });

  it('counts a building’s residents in every zone that holds it, by band and vulnerability tag', () => {
    // Building 1 lies in zones 0 and 1 (mask 0b011), building 2 only in zone 0, building 3 in none.
    const masks = new Map([
      [1, 0b011],
      [2, 0b001],
      [3, 0],
    ]);
    const tallies = tallyZoneResidents(3, masks, [
      { buildingId: 1, ageYears: 84, tags: ['elderly_alone', 'disabled'], count: 2 },
      { buildingId: 1, ageYears: 5, tags: [], count: 3 },
      { buildingId: 1, ageYears: 91, tags: ['bedridden'], count: 1 },
      { buildingId: 2, ageYears: 40, tags: ['renter', 'key_care'], count: 4 },
      { buildingId: 3, ageYears: 40, tags: ['disabled'], count: 9 },
      { buildingId: 4, ageYears: 40, tags: [], count: 9 },
    ]);
    expect(tallies[0]).toEqual({
      buildings: 2,
      residents: 10,
      byAgeBand: { '0-6': 3, '7-17': 0, '18-59': 4, '60-79': 0, '80+': 3 },
      byTag: { elderly_alone: 2, disabled: 2, key_care: 4, bedridden: 1 },
    });
    expect(tallies[1]).toMatchObject({
      buildings: 1,
      residents: 6,
      byTag: { key_care: 0, bedridden: 1 },
    });
    expect(tallies[2]).toMatchObject({ buildings: 0, residents: 0 });
  });
});
