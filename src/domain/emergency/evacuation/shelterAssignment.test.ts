import { describe, expect, it } from 'vitest';
import { assignShelters, type Evacuee } from './shelterAssignment';

const evacuee = (
  buildingId: number,
  persons: number,
  worstZone: number,
  arrivalS: number,
): Evacuee => ({
  buildingId,
  persons,
  worstZone,
  arrivalS,
});

describe('assignShelters', () => {
  it('places the worst zone first, then the soonest reached, each at the nearest shelter with room', () => {
    // Shelter 0 is nearest to everyone and holds 60; shelter 1 holds 100.
    const evacuees = [evacuee(1, 40, 1, 600), evacuee(2, 40, 2, 900), evacuee(3, 20, 1, 300)];
    const { choices, assignedPersons } = assignShelters(evacuees, [60, 100], (_, shelter) =>
      shelter === 0 ? 100 : 500,
    );
    // Building 2 (AEGL-3) first to shelter 0 (40 of 60); building 3 (arrives at 300 s) fits there
    // (60 of 60); building 1 goes on to shelter 1.
    expect(choices.map((choice) => [choice.buildingId, choice.shelter])).toEqual([
      [2, 0],
      [3, 0],
      [1, 1],
    ]);
    expect(assignedPersons).toEqual([60, 40]);
  });

  it('reports a building that fits nowhere, and one no route reaches, instead of dropping them', () => {
    const { choices } = assignShelters(
      [evacuee(1, 80, 1, 600), evacuee(2, 10, 1, 700)],
      [50],
      (index) => (index === 0 ? 100 : Infinity),
    );
    expect(choices).toEqual([
      { buildingId: 1, shelter: null, unplaced: 'no_capacity' },
      { buildingId: 2, shelter: null, unplaced: 'no_route' },
    ]);
  });
});
