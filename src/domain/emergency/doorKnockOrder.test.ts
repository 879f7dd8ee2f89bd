import { describe, expect, it } from 'vitest';
import {
  orderForDoorKnocking,
  type DoorKnockCandidate,
  type DoorKnockNeed,
} from './doorKnockOrder';

function household(
  householdId: number,
  worstZoneIndex: number,
  floor: number,
  needs: Partial<Record<DoorKnockNeed, number>> = {},
): DoorKnockCandidate {
  return {
    householdId,
    worstZoneIndex,
    floor,
    needs: { bedridden: 0, disabled: 0, elderly_alone: 0, children: 0, ...needs },
  };
}

const ids = (list: DoorKnockCandidate[]) => list.map((entry) => entry.householdId);

describe('orderForDoorKnocking', () => {
  it('puts the worst zone first whatever the needs or the floor', () => {
    const ordered = orderForDoorKnocking([
      household(1, 0, 20, { bedridden: 1 }),
      household(2, 2, 1),
      household(3, 1, 9, { disabled: 2 }),
    ]);
    expect(ids(ordered)).toEqual([2, 3, 1]);
  });

  it('ranks bedridden, then disabled, then elderly alone, then children within a zone', () => {
    const ordered = orderForDoorKnocking([
      household(1, 2, 5, { children: 2 }),
      household(2, 2, 1, { elderly_alone: 1 }),
      household(3, 2, 1, { disabled: 1, children: 1 }),
      household(4, 2, 1, { bedridden: 1 }),
      household(5, 2, 30),
    ]);
    expect(ids(ordered)).toEqual([4, 3, 2, 1, 5]);
  });

  it('takes the higher floor first between equal needs, then the lower household id', () => {
    const ordered = orderForDoorKnocking([
      household(7, 1, 2, { elderly_alone: 1 }),
      household(3, 1, 6, { elderly_alone: 1 }),
      household(5, 1, 6, { elderly_alone: 2 }),
    ]);
    expect(ids(ordered)).toEqual([3, 5, 7]);
  });

  it('leaves its input untouched', () => {
    const input = [household(2, 0, 1), household(1, 2, 1)];
    orderForDoorKnocking(input);
    expect(ids(input)).toEqual([2, 1]);
  });
});
