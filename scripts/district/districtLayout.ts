/**
 * The district's geography before any row is written: lattice, grids, roads and blocks, water
 * and parks, and every spot a building fits. The district's area follows the building count
 * (density stays the same for a city-scale set); if the spots fall short, it grows and retries.
 */
import type { SeededRandom } from '../../src/domain/seededRandom';
import { createDistrictLattice, type DistrictLattice } from './districtLattice';
import { planGridHierarchy, type GridHierarchy } from './gridHierarchy';
import { createRoadNetwork, type RoadNetwork } from './roadNetwork';
import { chooseParkCell, createWaterAndParks, type WaterAndParks } from './waterAndParks';
import { packDistrict, type PlacedBuilding } from './buildingPlacement';

export interface DistrictLayout {
  lattice: DistrictLattice;
  hierarchy: GridHierarchy;
  network: RoadNetwork;
  water: WaterAndParks;
  /** Every spot a building fits; more than asked for, thinned later. */
  candidates: PlacedBuilding[];
  districtAreaM2: number;
}

/** Tuned so that 1,500 buildings make a district of about 60 base grids. */
const AREA_PER_BUILDING_M2 = 4300;
const MIN_DISTRICT_AREA_M2 = 1_500_000;
const MAX_LAYOUT_ATTEMPTS = 6;
/** Grow a little more than the shortfall so the next attempt does not fall short again. */
const GROWTH_MARGIN = 1.08;

function layoutOnce(random: SeededRandom, districtAreaM2: number): DistrictLayout {
  const lattice = createDistrictLattice(random.fork('lattice'), districtAreaM2);
  const hierarchy = planGridHierarchy(lattice, random.fork('grids'));
  const parkCell = chooseParkCell(lattice);
  const network = createRoadNetwork(lattice, parkCell);
  const water = createWaterAndParks(lattice, network.blocks, parkCell, random.fork('water'));
  const candidates = packDistrict(network.blocks, lattice, water, random.fork('buildings'));
  return { lattice, hierarchy, network, water, candidates, districtAreaM2 };
}

export function createDistrictLayout(random: SeededRandom, buildingCount: number): DistrictLayout {
  let districtAreaM2 = Math.max(MIN_DISTRICT_AREA_M2, buildingCount * AREA_PER_BUILDING_M2);
  for (let attempt = 1; ; attempt++) {
    const layout = layoutOnce(random, districtAreaM2);
    if (layout.candidates.length >= buildingCount) return layout;
    if (attempt === MAX_LAYOUT_ATTEMPTS) {
      throw new Error(
        `could not fit ${buildingCount} buildings (room for ${layout.candidates.length})`,
      );
    }
    districtAreaM2 *= (buildingCount / Math.max(1, layout.candidates.length)) * GROWTH_MARGIN;
  }
}
