/**
 * Buildings to shelters with capacity respected: greedy by route distance, most urgent first.
 * A building goes whole to one shelter (a household, a stairwell and its door-knocking team stay
 * together); the buildings of the worst zone go first, then those the gas reaches soonest, each
 * to the nearest open shelter (by walking route) that still has room for all its residents. A
 * building no shelter can take is reported with its reason, never dropped.
 */

export interface Evacuee {
  buildingId: number;
  persons: number;
  /** Index of the most severe zone holding it (higher is worse). */
  worstZone: number;
  arrivalS: number;
}

export type UnplacedReason = 'no_route' | 'no_capacity';

export interface ShelterChoice {
  buildingId: number;
  /** Index into the shelters given, or null with a reason. */
  shelter: number | null;
  unplaced: UnplacedReason | null;
}

/**
 * `routeM(evacuee, shelter)`: walking metres by a way that avoids the zones (Infinity: none).
 * Returns one choice per evacuee in the order they were placed, and the persons per shelter.
 */
export function assignShelters(
  evacuees: readonly Evacuee[],
  capacities: readonly number[],
  routeM: (evacuee: number, shelter: number) => number,
): { choices: ShelterChoice[]; assignedPersons: number[] } {
  const assignedPersons = capacities.map(() => 0);
  const order = evacuees
    .map((_, index) => index)
    .sort((left, right) => {
      const a = evacuees[left]!;
      const b = evacuees[right]!;
      return b.worstZone - a.worstZone || a.arrivalS - b.arrivalS || a.buildingId - b.buildingId;
    });
  const choices = order.map((index): ShelterChoice => {
    const evacuee = evacuees[index]!;
    const reachable = capacities
      .map((_, shelter) => ({ shelter, metres: routeM(index, shelter) }))
      .filter((option) => Number.isFinite(option.metres))
      .sort((left, right) => left.metres - right.metres || left.shelter - right.shelter);
    const roomy = reachable.find(
      (option) => assignedPersons[option.shelter]! + evacuee.persons <= capacities[option.shelter]!,
    );
    if (roomy === undefined) {
      return {
        buildingId: evacuee.buildingId,
        shelter: null,
        unplaced: reachable.length === 0 ? 'no_route' : 'no_capacity',
      };
    }
    assignedPersons[roomy.shelter]! += evacuee.persons;
    return { buildingId: evacuee.buildingId, shelter: roomy.shelter, unplaced: null };
  });
  return { choices, assignedPersons };
}
