/**
 * Water and green: the Baima River (白马河) as a narrow meandering band through the west of the
 * district, West Lake (西湖) inside West Lake Park (西湖公园) filling one whole cell in the
 * north-west, and pocket parks on a few blocks. Buildings keep clear of all of them.
 */
import type { SeededRandom } from '../../src/domain/seededRandom';
import {
  clipRingToConvex,
  segmentRingDistanceM,
  type PlanarPoint,
  type PlanarRing,
} from '../../src/domain/geo/planarGeometry';
import type { DistrictLattice, LatticeCell } from './districtLattice';
import type { CityBlock } from './roadNetwork';

export interface AreaFeature {
  kind: 'water' | 'green';
  name: string;
  nameEn: string;
  ring: PlanarRing;
}

export interface River {
  centreline: PlanarPoint[];
  /** v of the first centreline point; points are RIVER_SAMPLE_M apart in v. */
  startVM: number;
  widthM: number;
}

const RIVER_WIDTH_M = { min: 28, max: 40 } as const;
const RIVER_SAMPLE_M = 40;
const RIVER_MEANDER_M = { min: 50, max: 110 } as const;
const RIVER_WAVELENGTH_M = { min: 900, max: 1600 } as const;
/** The river runs about this far across the district from its west edge. */
const RIVER_POSITION_SHARE = 0.3;
/** Where West Lake Park sits, as shares of the district's extent from its centre. */
const PARK_TARGET_SHARE = { u: -0.3, v: 0.3 } as const;
/** Lake radius as a share of the park's size; with the wobble it stays inside the park. */
const LAKE_SIZE_SHARE = 0.3;
const LAKE_VERTEX_COUNT = 24;
const POCKET_PARK_SHARE = 0.04;

function extent(lattice: DistrictLattice): {
  minU: number;
  maxU: number;
  minV: number;
  maxV: number;
} {
  const us = lattice.outline.map((point) => point[0]);
  const vs = lattice.outline.map((point) => point[1]);
  return {
    minU: Math.min(...us),
    maxU: Math.max(...us),
    minV: Math.min(...vs),
    maxV: Math.max(...vs),
  };
}

/** The whole (unclipped) cell nearest the park's target spot. */
export function chooseParkCell(lattice: DistrictLattice): LatticeCell | null {
  const box = extent(lattice);
  const targetU = (box.minU + box.maxU) / 2 + PARK_TARGET_SHARE.u * (box.maxU - box.minU);
  const targetV = (box.minV + box.maxV) / 2 + PARK_TARGET_SHARE.v * (box.maxV - box.minV);
  const whole = lattice.cells.filter(
    (cell) => Math.abs(cell.areaM2 - (cell.maxUM - cell.minUM) * (cell.maxVM - cell.minVM)) < 1,
  );
  const distance = (cell: LatticeCell): number =>
    Math.hypot((cell.minUM + cell.maxUM) / 2 - targetU, (cell.minVM + cell.maxVM) / 2 - targetV);
  return whole.sort((first, second) => distance(first) - distance(second))[0] ?? null;
}

export function createRiver(lattice: DistrictLattice, random: SeededRandom): River {
  const box = extent(lattice);
  const baseU = box.minU + RIVER_POSITION_SHARE * (box.maxU - box.minU);
  const meanderM = random.between(RIVER_MEANDER_M.min, RIVER_MEANDER_M.max);
  const wavelengthM = random.between(RIVER_WAVELENGTH_M.min, RIVER_WAVELENGTH_M.max);
  const phaseRad = random.between(0, 2 * Math.PI);
  const startVM = box.minV - RIVER_SAMPLE_M;
  const centreline: PlanarPoint[] = [];
  for (let vM = startVM; vM <= box.maxV + RIVER_SAMPLE_M; vM += RIVER_SAMPLE_M) {
    centreline.push([baseU + meanderM * Math.sin((2 * Math.PI * vM) / wavelengthM + phaseRad), vM]);
  }
  return { centreline, startVM, widthM: random.between(RIVER_WIDTH_M.min, RIVER_WIDTH_M.max) };
}

/** Clearance from a convex ring (a building's outline) to the river's bank, metres. */
export function riverClearanceM(river: River, ring: readonly PlanarPoint[]): number {
  const vs = ring.map((point) => point[1]);
  const reachM = river.widthM + RIVER_SAMPLE_M;
  const first = Math.max(
    0,
    Math.floor((Math.min(...vs) - reachM - river.startVM) / RIVER_SAMPLE_M),
  );
  const last = Math.min(
    river.centreline.length - 1,
    Math.ceil((Math.max(...vs) + reachM - river.startVM) / RIVER_SAMPLE_M),
  );
  let clearanceM = Infinity;
  for (let index = first; index < last; index++) {
    const distanceM = segmentRingDistanceM(
      river.centreline[index]!,
      river.centreline[index + 1]!,
      ring,
    );
    clearanceM = Math.min(clearanceM, distanceM - river.widthM / 2);
  }
  return clearanceM;
}

function riverRing(river: River, lattice: DistrictLattice): PlanarRing {
  const halfWidthM = river.widthM / 2;
  const eastBankNorthward = river.centreline.map(([uM, vM]): PlanarPoint => [uM + halfWidthM, vM]);
  const westBankSouthward = river.centreline
    .map(([uM, vM]): PlanarPoint => [uM - halfWidthM, vM])
    .reverse();
  // Counter-clockwise: north up the east bank, then south down the west bank.
  return clipRingToConvex([...eastBankNorthward, ...westBankSouthward], lattice.outline);
}

function lakeRing(park: CityBlock, random: SeededRandom): PlanarRing {
  const centreU = (park.minUM + park.maxUM) / 2;
  const centreV = (park.minVM + park.maxVM) / 2;
  const radiusU = (park.maxUM - park.minUM) * LAKE_SIZE_SHARE;
  const radiusV = (park.maxVM - park.minVM) * LAKE_SIZE_SHARE;
  return Array.from({ length: LAKE_VERTEX_COUNT }, (_, vertex): PlanarPoint => {
    const angleRad = (vertex / LAKE_VERTEX_COUNT) * 2 * Math.PI;
    const wobble = random.between(0.85, 1.1);
    return [
      centreU + Math.cos(angleRad) * radiusU * wobble,
      centreV + Math.sin(angleRad) * radiusV * wobble,
    ];
  });
}

export interface WaterAndParks {
  river: River;
  features: AreaFeature[];
  /** Blocks that are parks: no buildings there. */
  parkBlocks: Set<CityBlock>;
}

export function createWaterAndParks(
  lattice: DistrictLattice,
  blocks: readonly CityBlock[],
  parkCell: LatticeCell | null,
  random: SeededRandom,
): WaterAndParks {
  const river = createRiver(lattice, random.fork('river'));
  const features: AreaFeature[] = [
    { kind: 'water', name: '白马河', nameEn: 'Baima River', ring: riverRing(river, lattice) },
  ];
  const parkBlocks = new Set<CityBlock>();
  const westLakePark = blocks.find((block) => block.cell === parkCell);
  if (westLakePark) {
    parkBlocks.add(westLakePark);
    features.push({
      kind: 'green',
      name: '西湖公园',
      nameEn: 'West Lake Park',
      ring: westLakePark.ring,
    });
    features.push({
      kind: 'water',
      name: '西湖',
      nameEn: 'West Lake',
      ring: lakeRing(westLakePark, random.fork('lake')),
    });
  }
  const pocketRandom = random.fork('pocket-parks');
  for (const block of blocks) {
    if (parkBlocks.has(block) || !pocketRandom.chance(POCKET_PARK_SHARE)) continue;
    parkBlocks.add(block);
    features.push({
      kind: 'green',
      name: `${block.frontRoad.stem}街心公园`,
      nameEn: `${block.frontRoad.stemEn} Pocket Park`,
      ring: block.ring,
    });
  }
  return { river, features, parkBlocks };
}
