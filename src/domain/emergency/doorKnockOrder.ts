/**
 * The order in which households of a threat zone are knocked on: the worst zone first (AEGL-3
 * before AEGL-2 before AEGL-1), then those with people who cannot leave alone — bedridden,
 * disabled, elderly living alone, children, in that order of need — then the highest floor
 * first (the longest way down). Ties keep a stable order by household id, so two screens and a
 * printed list agree.
 */

/** Risk markers in the order they rank: a household with the first outranks any without it. */
export const DOOR_KNOCK_NEEDS = ['bedridden', 'disabled', 'elderly_alone', 'children'] as const;
export type DoorKnockNeed = (typeof DOOR_KNOCK_NEEDS)[number];

/** Under this age a resident counts as a child for door-knocking. */
export const CHILD_MAX_AGE_YEARS = 17;

export interface DoorKnockCandidate {
  householdId: number;
  /** Index of the worst zone the household's building lies in (higher: more severe tier). */
  worstZoneIndex: number;
  /** Residents with each need (0 when none). */
  needs: Readonly<Record<DoorKnockNeed, number>>;
  floor: number;
}

function compareCandidates(left: DoorKnockCandidate, right: DoorKnockCandidate): number {
  if (left.worstZoneIndex !== right.worstZoneIndex)
    return right.worstZoneIndex - left.worstZoneIndex;
  for (const need of DOOR_KNOCK_NEEDS) {
    const leftHas = left.needs[need] > 0 ? 1 : 0;
    const rightHas = right.needs[need] > 0 ? 1 : 0;
    if (leftHas !== rightHas) return rightHas - leftHas;
  }
  if (left.floor !== right.floor) return right.floor - left.floor;
  return left.householdId - right.householdId;
}

/** A new array in door-knocking order; the input is left as it is. */
export function orderForDoorKnocking<Candidate extends DoorKnockCandidate>(
  candidates: readonly Candidate[],
): Candidate[] {
  return [...candidates].sort(compareCandidates);
}
