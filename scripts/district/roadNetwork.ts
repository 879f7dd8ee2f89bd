/**
 * Roads and blocks. Lattice lines are the arterial (primary) and secondary roads; a local lane
 * runs through the middle of each cell that is large enough, cutting it into blocks. Blocks are
 * the land between road edges (clipped to the outline), where buildings and parks go.
 */
import {
  clipRingToConvex,
  clipSegmentToConvex,
  signedRingAreaM2,
  type PlanarPoint,
  type PlanarRing,
} from '../../src/domain/geo/planarGeometry';
import type { DistrictLattice, LatticeCell, MajorRoadClass } from './districtLattice';
import {
  EAST_WEST_ROADS,
  LANE_NAMES,
  NORTH_SOUTH_ROADS,
  cycledName,
  cycledRoadName,
  type PlaceName,
  type RoadName,
} from './placeNames';

export type RoadClass = MajorRoadClass | 'local';

export const ROAD_WIDTH_M: Record<RoadClass, number> = { primary: 32, secondary: 20, local: 9 };
/** A cell side longer than this gets a local lane through its middle. */
const LANE_SPLIT_MIN_M = 280;
const MIN_BLOCK_AREA_M2 = 1500;
/** Door numbers step this far along a road, odd on one side and even on the other. */
const DOOR_SPACING_M = 12;

export interface RoadFeature {
  roadClass: RoadClass;
  name: string;
  nameEn: string;
  widthM: number;
  points: PlanarPoint[];
}

export interface CityBlock {
  cell: LatticeCell;
  /** The block's rectangle between road edges, lattice metres. */
  minUM: number;
  maxUM: number;
  minVM: number;
  maxVM: number;
  /** The rectangle clipped to the outline. */
  ring: PlanarRing;
  areaM2: number;
  /** The nearest arterial or secondary road, which gives the block its address. */
  frontRoad: RoadName;
  frontRoadClass: MajorRoadClass;
  doorNumber: number;
}

export interface RoadNetwork {
  roads: RoadFeature[];
  blocks: CityBlock[];
}

interface MajorLine {
  road: RoadName;
  roadClass: MajorRoadClass;
  /** Whether the line crosses the district, i.e. there is a road to address buildings on. */
  exists: boolean;
}

function nameMajorLines(
  classes: readonly MajorRoadClass[],
  names: readonly RoadName[],
): MajorLine[] {
  const primaryCount = classes.filter((roadClass) => roadClass === 'primary').length;
  let primaries = 0;
  let secondaries = 0;
  return classes.map((roadClass) => ({
    roadClass,
    exists: false,
    road: cycledRoadName(
      names,
      roadClass === 'primary' ? primaries++ : primaryCount + secondaries++,
    ),
  }));
}

/** Splits [min, max] at a lane when it is long enough; returns the pieces and the lane positions. */
function laneSplit(
  minM: number,
  maxM: number,
  withLane: boolean,
): { bounds: number[]; lanes: number[] } {
  if (!withLane || maxM - minM < LANE_SPLIT_MIN_M) return { bounds: [minM, maxM], lanes: [] };
  const middleM = (minM + maxM) / 2;
  return { bounds: [minM, middleM, maxM], lanes: [middleM] };
}

export function createRoadNetwork(
  lattice: DistrictLattice,
  parkCell: LatticeCell | null,
): RoadNetwork {
  const { outline, columnEdgesM, rowEdgesM } = lattice;
  const columnLines = nameMajorLines(lattice.columnRoadClasses, NORTH_SOUTH_ROADS);
  const rowLines = nameMajorLines(lattice.rowRoadClasses, EAST_WEST_ROADS);
  const roads: RoadFeature[] = [];
  const addRoad = (
    roadClass: RoadClass,
    name: PlaceName,
    start: PlanarPoint,
    end: PlanarPoint,
  ): boolean => {
    const clipped = clipSegmentToConvex(start, end, outline);
    if (!clipped) return false;
    roads.push({
      roadClass,
      name: name.name,
      nameEn: name.nameEn,
      widthM: ROAD_WIDTH_M[roadClass],
      points: clipped,
    });
    return true;
  };
  const minVM = rowEdgesM[0]!;
  const maxVM = rowEdgesM[rowEdgesM.length - 1]!;
  const minUM = columnEdgesM[0]!;
  const maxUM = columnEdgesM[columnEdgesM.length - 1]!;
  columnEdgesM.forEach((uM, index) => {
    const line = columnLines[index]!;
    line.exists = addRoad(line.roadClass, line.road, [uM, minVM], [uM, maxVM]);
  });
  rowEdgesM.forEach((vM, index) => {
    const line = rowLines[index]!;
    line.exists = addRoad(line.roadClass, line.road, [minUM, vM], [maxUM, vM]);
  });

  const blocks: CityBlock[] = [];
  for (const cell of lattice.cells) {
    const withLanes = cell !== parkCell;
    const across = laneSplit(cell.minUM, cell.maxUM, withLanes);
    const along = laneSplit(cell.minVM, cell.maxVM, withLanes);
    for (const laneU of across.lanes)
      addRoad(
        'local',
        cycledName(LANE_NAMES, cell.column),
        [laneU, cell.minVM],
        [laneU, cell.maxVM],
      );
    for (const laneV of along.lanes)
      addRoad(
        'local',
        cycledName(LANE_NAMES, cell.row + 3),
        [cell.minUM, laneV],
        [cell.maxUM, laneV],
      );
    const halfWidthAt = (
      positionM: number,
      edges: readonly number[],
      lines: readonly MajorLine[],
    ): number => {
      const index = edges.indexOf(positionM);
      return (index >= 0 ? ROAD_WIDTH_M[lines[index]!.roadClass] : ROAD_WIDTH_M.local) / 2;
    };
    for (let uPart = 0; uPart + 1 < across.bounds.length; uPart++) {
      for (let vPart = 0; vPart + 1 < along.bounds.length; vPart++) {
        const westM = across.bounds[uPart]!;
        const eastM = across.bounds[uPart + 1]!;
        const southM = along.bounds[vPart]!;
        const northM = along.bounds[vPart + 1]!;
        const block = {
          minUM: westM + halfWidthAt(westM, columnEdgesM, columnLines),
          maxUM: eastM - halfWidthAt(eastM, columnEdgesM, columnLines),
          minVM: southM + halfWidthAt(southM, rowEdgesM, rowLines),
          maxVM: northM - halfWidthAt(northM, rowEdgesM, rowLines),
        };
        const rectangle: PlanarRing = [
          [block.minUM, block.minVM],
          [block.maxUM, block.minVM],
          [block.maxUM, block.maxVM],
          [block.minUM, block.maxVM],
        ];
        const ring = clipRingToConvex(rectangle, outline);
        const areaM2 = ring.length > 0 ? signedRingAreaM2(ring) : 0;
        if (areaM2 < MIN_BLOCK_AREA_M2) continue;
        const centreU = (block.minUM + block.maxUM) / 2;
        const centreV = (block.minVM + block.maxVM) / 2;
        const front = frontRoad(
          cell,
          centreU,
          centreV,
          columnLines,
          rowLines,
          westM === cell.minUM,
          southM === cell.minVM,
        );
        const alongM = front.isColumn ? centreV - minVM : centreU - minUM;
        const doorNumber =
          2 * Math.floor(alongM / DOOR_SPACING_M / 2) + (front.onHigherSide ? 2 : 1);
        blocks.push({
          cell,
          ...block,
          ring,
          areaM2,
          frontRoad: front.line.road,
          frontRoadClass: front.line.roadClass,
          doorNumber,
        });
      }
    }
  }
  return { roads, blocks };
}

/** The block faces the cell side it touches; a primary road wins over a secondary one. */
function frontRoad(
  cell: LatticeCell,
  centreU: number,
  centreV: number,
  columnLines: readonly MajorLine[],
  rowLines: readonly MajorLine[],
  touchesWest: boolean,
  touchesSouth: boolean,
): { line: MajorLine; isColumn: boolean; onHigherSide: boolean } {
  const columnIndex = touchesWest ? cell.column : cell.column + 1;
  const rowIndex = touchesSouth ? cell.row : cell.row + 1;
  const columnLine = columnLines[columnIndex]!;
  const rowLine = rowLines[rowIndex]!;
  const columnFirst = ((): boolean => {
    // A lattice line wholly outside the district has no road to give an address.
    if (!rowLine.exists) return true;
    if (!columnLine.exists) return false;
    if (columnLine.roadClass !== rowLine.roadClass) return columnLine.roadClass === 'primary';
    const columnDistanceM = Math.abs(centreU - (touchesWest ? cell.minUM : cell.maxUM));
    return columnDistanceM <= Math.abs(centreV - (touchesSouth ? cell.minVM : cell.maxVM));
  })();
  return columnFirst
    ? { line: columnLine, isColumn: true, onHigherSide: touchesWest }
    : { line: rowLine, isColumn: false, onHigherSide: touchesSouth };
}
