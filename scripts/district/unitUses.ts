/**
 * What each unit is used for: commercial buildings and ground-floor shops are commercial; of
 * the rest some are vacant and some rented out (old courtyards most often). Uses are kept in one
 * byte per unit so a city-scale run (millions of units) stays small in memory.
 */
import { UNIT_USE_CODE, type BuildingKind } from '../../src/domain/registry';
import type { SeededRandom } from '../../src/domain/seededRandom';
import type { BuildingRecord } from './buildingRecords';

const VACANT_SHARE = 0.08;
const RENTAL_SHARE: Record<BuildingKind, number> = {
  slab: 0.22,
  tower: 0.15,
  l_shape: 0.18,
  courtyard: 0.35,
  commercial: 0,
};

export interface UnitUsePlan {
  /** One code per unit, buildings in id order, then floor, then unit number. */
  codes: Uint8Array;
  /** Index of each building's first unit in `codes` (length buildings + 1). */
  firstUnitIndex: Int32Array;
}

export function planUnitUses(
  buildings: readonly BuildingRecord[],
  random: SeededRandom,
): UnitUsePlan {
  const firstUnitIndex = new Int32Array(buildings.length + 1);
  buildings.forEach((building, index) => {
    firstUnitIndex[index + 1] = firstUnitIndex[index]! + building.floors * building.unitsPerFloor;
  });
  const codes = new Uint8Array(firstUnitIndex[buildings.length]!);
  buildings.forEach((building, index) => {
    let cursor = firstUnitIndex[index]!;
    for (let floor = 1; floor <= building.floors; floor++) {
      for (let unitNo = 1; unitNo <= building.unitsPerFloor; unitNo++) {
        let code: number;
        if (building.kind === 'commercial' || (building.hasShopfront && floor === 1))
          code = UNIT_USE_CODE.commercial;
        else if (random.chance(VACANT_SHARE)) code = UNIT_USE_CODE.vacant;
        else if (random.chance(RENTAL_SHARE[building.kind])) code = UNIT_USE_CODE.rental;
        else code = UNIT_USE_CODE.residential;
        codes[cursor++] = code;
      }
    }
  });
  return { codes, firstUnitIndex };
}

/** Units that households can live in. */
export function countHomes(codes: Uint8Array): number {
  let homes = 0;
  for (const code of codes)
    if (code === UNIT_USE_CODE.residential || code === UNIT_USE_CODE.rental) homes++;
  return homes;
}

/**
 * When far fewer residents are asked for than the homes could hold, some homes become vacant,
 * so households keep a believable size instead of shrinking below one person per flat.
 */
export function vacateSurplusHomes(
  codes: Uint8Array,
  keepShare: number,
  random: SeededRandom,
): void {
  if (keepShare >= 1) return;
  for (let index = 0; index < codes.length; index++) {
    const code = codes[index]!;
    if (
      (code === UNIT_USE_CODE.residential || code === UNIT_USE_CODE.rental) &&
      !random.chance(keepShare)
    )
      codes[index] = UNIT_USE_CODE.vacant;
  }
}
