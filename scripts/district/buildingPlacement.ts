/**
 * Puts buildings into blocks: each block gets a style (old town, estate, towers, commercial),
 * and buildings of that style are packed in rows from the north edge, with setbacks from the
 * roads, the district edge and the river, and sun spacing between rows. Buildings never leave
 * their block, so they never sit on a road or overlap each other.
 */
import type { BuildingKind } from '../../src/domain/registry';
import type { SeededRandom } from '../../src/domain/seededRandom';
import { insetDistanceInConvexM, type PlanarPoint } from '../../src/domain/geo/planarGeometry';
import type { DistrictLattice } from './districtLattice';
import type { CityBlock } from './roadNetwork';
import { riverClearanceM, type WaterAndParks } from './waterAndParks';
import { createBuildingShape, type BuildingShape } from './buildingShapes';

export type BlockStyle = 'old_town' | 'estate' | 'towers' | 'commercial';

export interface PlacedBuilding {
  block: CityBlock;
  style: BlockStyle;
  shape: BuildingShape;
  /** Centre of the bounding box, lattice metres. */
  centreUM: number;
  centreVM: number;
}

const ROAD_SETBACK_M = 6;
const DISTRICT_EDGE_SETBACK_M = 8;
const RIVER_SETBACK_M = 10;
const SIDE_GAP_M = { min: 8, max: 16 } as const;
/** Rows are spaced by a share of the building height so lower floors still get sun. */
const SUN_SPACING_SHARE = 0.5;
const ROW_GAP_M = { min: 10, max: 36 } as const;

const KIND_MIX: Record<BlockStyle, { kinds: BuildingKind[]; weights: number[] }> = {
  old_town: { kinds: ['courtyard', 'slab'], weights: [0.8, 0.2] },
  estate: { kinds: ['slab', 'l_shape', 'tower'], weights: [0.72, 0.23, 0.05] },
  towers: { kinds: ['tower', 'slab', 'l_shape'], weights: [0.6, 0.25, 0.15] },
  commercial: { kinds: ['commercial', 'tower', 'slab'], weights: [0.6, 0.3, 0.1] },
};
const STYLES: BlockStyle[] = ['old_town', 'estate', 'towers', 'commercial'];
/** The old town (around the real 三坊七巷) lies south of centre; courtyards cluster there. */
const OLD_TOWN_SHARE = { u: 0.05, v: -0.2 } as const;
const OLD_TOWN_RADIUS_M = 900;

function chooseStyle(block: CityBlock, oldTownDistanceM: number, random: SeededRandom): BlockStyle {
  const oldTownWeight = 0.8 + 4 * Math.exp(-oldTownDistanceM / OLD_TOWN_RADIUS_M);
  const commercialWeight = block.frontRoadClass === 'primary' ? 0.8 : 0.2;
  return random.pickWeighted(STYLES, [oldTownWeight, 3, 0.5, commercialWeight]);
}

function corners(centreU: number, centreV: number, shape: BuildingShape): PlanarPoint[] {
  const halfU = shape.sizeUM / 2;
  const halfV = shape.sizeVM / 2;
  return [
    [centreU - halfU, centreV - halfV],
    [centreU + halfU, centreV - halfV],
    [centreU + halfU, centreV + halfV],
    [centreU - halfU, centreV + halfV],
  ];
}

function packBlock(
  block: CityBlock,
  style: BlockStyle,
  lattice: DistrictLattice,
  water: WaterAndParks,
  random: SeededRandom,
): PlacedBuilding[] {
  const placed: PlacedBuilding[] = [];
  const mix = KIND_MIX[style];
  const westM = block.minUM + ROAD_SETBACK_M;
  const eastM = block.maxUM - ROAD_SETBACK_M;
  const southM = block.minVM + ROAD_SETBACK_M;
  let rowTopM = block.maxVM - ROAD_SETBACK_M;
  while (rowTopM > southM) {
    let cursorM = westM + random.between(0, SIDE_GAP_M.max);
    let rowDepthM = 0;
    let tallestM = 0;
    for (;;) {
      const shape = createBuildingShape(random.pickWeighted(mix.kinds, mix.weights), random);
      if (cursorM + shape.sizeUM > eastM || rowTopM - shape.sizeVM < southM) break;
      const centreU = cursorM + shape.sizeUM / 2;
      const centreV = rowTopM - shape.sizeVM / 2;
      cursorM += shape.sizeUM + random.between(SIDE_GAP_M.min, SIDE_GAP_M.max);
      rowDepthM = Math.max(rowDepthM, shape.sizeVM);
      tallestM = Math.max(tallestM, shape.floors * shape.floorHeightM);
      const outline = corners(centreU, centreV, shape);
      const insideDistrict = outline.every(
        (point) => insetDistanceInConvexM(point, lattice.outline) >= DISTRICT_EDGE_SETBACK_M,
      );
      if (!insideDistrict || riverClearanceM(water.river, outline) < RIVER_SETBACK_M) continue;
      placed.push({ block, style, shape, centreUM: centreU, centreVM: centreV });
    }
    if (rowDepthM === 0) break;
    const sunGapM = Math.min(ROW_GAP_M.max, Math.max(ROW_GAP_M.min, tallestM * SUN_SPACING_SHARE));
    rowTopM -= rowDepthM + sunGapM;
  }
  return placed;
}

/** Every spot where a building fits, block by block, in a deterministic order. */
export function packDistrict(
  blocks: readonly CityBlock[],
  lattice: DistrictLattice,
  water: WaterAndParks,
  random: SeededRandom,
): PlacedBuilding[] {
  const us = lattice.outline.map((point) => point[0]);
  const vs = lattice.outline.map((point) => point[1]);
  const oldTownU =
    (Math.min(...us) + Math.max(...us)) / 2 +
    OLD_TOWN_SHARE.u * (Math.max(...us) - Math.min(...us));
  const oldTownV =
    (Math.min(...vs) + Math.max(...vs)) / 2 +
    OLD_TOWN_SHARE.v * (Math.max(...vs) - Math.min(...vs));
  const candidates: PlacedBuilding[] = [];
  blocks.forEach((block, index) => {
    if (water.parkBlocks.has(block)) return;
    const blockRandom = random.fork(index);
    const distanceM = Math.hypot(
      (block.minUM + block.maxUM) / 2 - oldTownU,
      (block.minVM + block.maxVM) / 2 - oldTownV,
    );
    candidates.push(
      ...packBlock(block, chooseStyle(block, distanceM, blockRandom), lattice, water, blockRandom),
    );
  });
  return candidates;
}

/** Exactly `count` of the candidates, spread evenly over them (a Bresenham-style thinning). */
export function thinEvenly<T>(candidates: readonly T[], count: number): T[] {
  if (count > candidates.length)
    throw new RangeError(`only ${candidates.length} spots for ${count} buildings`);
  return candidates.filter(
    (_, index) =>
      Math.floor(((index + 1) * count) / candidates.length) >
      Math.floor((index * count) / candidates.length),
  );
}
