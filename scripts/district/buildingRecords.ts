/**
 * From placed buildings to stored rows: ids, estate and building names, addresses, wings turned
 * from the lattice frame into east/north metres, and the lon/lat footprint (one polygon per wing).
 */
import { unitAreaM2, wingOutlines, type Wing } from '../../src/domain/buildingLayout';
import { toLonLat } from '../../src/domain/geo/localFrame';
import type { BuildingRecord as RegisterBuilding } from '../../src/domain/registry';
import type { SeededRandom } from '../../src/domain/seededRandom';
import type { MultiPolygon } from 'geojson';
import { roundDegrees, type LatticeFrame } from './districtFrame';
import type { BlockStyle, PlacedBuilding } from './buildingPlacement';
import { roundMetres } from './buildingShapes';
import type { CityBlock } from './roadNetwork';
import type { PlaceName } from './placeNames';

/** The register's building as the generator writes it: origin as columns, plus what it plans. */
export interface BuildingRecord extends Omit<RegisterBuilding, 'origin'> {
  originLon: number;
  originLat: number;
  footprint: MultiPolygon;
  /** Ground-floor shops along a main road. */
  hasShopfront: boolean;
  /** Floor area of unit number i + 1 on every floor. */
  unitAreasM2: number[];
}

const ESTATE_SUFFIXES: Record<BlockStyle, readonly PlaceName[]> = {
  old_town: [
    { name: '里', nameEn: 'Lane' },
    { name: '坊', nameEn: 'Quarter' },
    { name: '新村', nameEn: 'New Village' },
  ],
  estate: [
    { name: '花园', nameEn: 'Garden' },
    { name: '小区', nameEn: 'Estate' },
    { name: '新苑', nameEn: 'New Court' },
    { name: '公寓', nameEn: 'Apartments' },
  ],
  towers: [
    { name: '华庭', nameEn: 'Court' },
    { name: '公馆', nameEn: 'Residence' },
    { name: '国际', nameEn: 'International' },
  ],
  commercial: [
    { name: '广场', nameEn: 'Plaza' },
    { name: '商厦', nameEn: 'Commercial Building' },
    { name: '商城', nameEn: 'Mall' },
  ],
};
const PHASE_NAMES = ['', '二期', '三期', '四期', '五期', '六期', '七期', '八期', '九期'];
/** Share of slabs on a primary road with shops on the ground floor. */
const SHOPFRONT_SHARE = 0.5;

function rotateWing(wing: Wing, frame: LatticeFrame): Wing {
  const [eastM, northM] = frame.toEastNorth([wing.centerEastM, wing.centerNorthM]);
  const rotationDeg = (((wing.rotationDeg + frame.rotationDeg) % 360) + 360) % 360;
  return {
    ...wing,
    centerEastM: roundMetres(eastM),
    centerNorthM: roundMetres(northM),
    rotationDeg: Math.round(rotationDeg * 1e6) / 1e6,
  };
}

function footprintOf(wings: readonly Wing[], originLon: number, originLat: number): MultiPolygon {
  const origin = { lon: originLon, lat: originLat };
  return {
    type: 'MultiPolygon',
    coordinates: wingOutlines(wings).map((outline) => {
      const ring = outline.map(([eastM, northM]) => {
        const position = toLonLat(origin, eastM, northM);
        return [roundDegrees(position.lon), roundDegrees(position.lat)];
      });
      return [[...ring, ring[0]!]];
    }),
  };
}

export interface BuildingNaming {
  gridCodeOf(block: CityBlock): string;
  streetNameOf(block: CityBlock): string;
}

export function createBuildingRecords(
  placed: readonly PlacedBuilding[],
  frame: LatticeFrame,
  naming: BuildingNaming,
  random: SeededRandom,
): BuildingRecord[] {
  const estateNames = new Map<CityBlock, PlaceName>();
  const estateCounts = new Map<string, number>();
  const buildingsInBlock = new Map<CityBlock, number>();
  return placed.map((building, index) => {
    const { block, shape } = building;
    let estate = estateNames.get(block);
    if (!estate) {
      const suffix = random.pick(ESTATE_SUFFIXES[building.style]);
      const base = `${block.frontRoad.stem}${suffix.name}`;
      const phase = estateCounts.get(base) ?? 0;
      estateCounts.set(base, phase + 1);
      const phaseName = PHASE_NAMES[phase] ?? `${phase + 1}期`;
      estate = {
        name: base + phaseName,
        nameEn: `${block.frontRoad.stemEn} ${suffix.nameEn}${phase > 0 ? ` Phase ${phase + 1}` : ''}`,
      };
      estateNames.set(block, estate);
    }
    const number = (buildingsInBlock.get(block) ?? 0) + 1;
    buildingsInBlock.set(block, number);
    const [originLon, originLat] = frame.toPosition([building.centreUM, building.centreVM]);
    const wings = shape.wings.map((wing) => rotateWing(wing, frame));
    const unitAreasM2 = wings.flatMap((wing) =>
      Array.from({ length: wing.unitCount }, () => Math.round(unitAreaM2(wing) * 100) / 100),
    );
    return {
      id: index + 1,
      gridCode: naming.gridCodeOf(block),
      name: `${estate.name}${number}号楼`,
      nameEn: `${estate.nameEn} Building ${number}`,
      address: `${naming.streetNameOf(block)}${block.frontRoad.name}${block.doorNumber}号${number}座`,
      kind: shape.kind,
      floors: shape.floors,
      unitsPerFloor: unitAreasM2.length,
      floorHeightM: shape.floorHeightM,
      originLon,
      originLat,
      wings,
      footprint: footprintOf(wings, originLon, originLat),
      builtYear: shape.builtYear,
      hasShopfront:
        shape.kind === 'slab' &&
        block.frontRoadClass === 'primary' &&
        random.chance(SHOPFRONT_SHARE),
      unitAreasM2,
    };
  });
}
