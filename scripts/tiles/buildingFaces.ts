/**
 * Turns one building's units into visible faces in a tile's frame. Every unit is one feature:
 * its slice of the footprint between its floor's base and top. Shared walls and slabs are left
 * out; alternating shades per floor and per unit keep floors and units apart on screen even
 * before the viewer colours features.
 */
import {
  unitFootprints,
  type LocalPoint,
  type UnitFootprint,
} from '../../src/domain/buildingLayout';
import { toLocalMetres } from '../../src/domain/geo/localFrame';
import type { LonLat } from '../../src/domain/registry';
import { exposedWalls, type WallSegment } from './exposedWalls';
import { appendPolygonUnitFaces } from './polygonUnitFaces';
import { roofOutline } from './roofOutline';
import type { BuildingSource, UnitKey } from './readBuildings';
import type { EnuPoint, TileMesh } from './tileMesh';

const FULL_SHADE = 255;
/** Every other floor a little darker: reads as floor bands, like slab lines on a facade. */
const ALTERNATE_FLOOR_DARKENING = 0.14;
/** Every other unit along a floor slightly darker, so unit boundaries show. */
const ALTERNATE_UNIT_DARKENING = 0.07;
/** Roofs a shade darker than walls, so the roof edge still reads when the sun is overhead. */
const ROOF_SHADE = 0.82;

/** Floors are stored as UINT8 in the property table. */
const MAX_FLOOR = 255;

const UP: EnuPoint = [0, 0, 1];
const DOWN: EnuPoint = [0, 0, -1];

function wallShade(floor: number, unitNo: number): number {
  const darkening =
    (floor % 2 === 0 ? ALTERNATE_FLOOR_DARKENING : 0) +
    (unitNo % 2 === 0 ? ALTERNATE_UNIT_DARKENING : 0);
  return Math.round(FULL_SHADE * (1 - darkening));
}

/** Walls per unit number for one set of units present on a floor (usually every floor alike). */
function wallsForFloor(footprints: UnitFootprint[], unitNos: number[]): Map<number, WallSegment[]> {
  const walls = new Map<number, WallSegment[]>();
  for (const unitNo of unitNos) {
    const neighbours = unitNos
      .filter((other) => other !== unitNo)
      .map((other) => footprints[other - 1]!);
    walls.set(unitNo, exposedWalls(footprints[unitNo - 1]!, neighbours));
  }
  return walls;
}

function checkUnit(building: BuildingSource, unit: UnitKey, footprintCount: number): void {
  if (unit.unitNo < 1 || unit.unitNo > footprintCount || unit.floor < 1 || unit.floor > MAX_FLOOR) {
    throw new Error(
      `unit ${unit.id} (floor ${unit.floor}, unit ${unit.unitNo}) lies outside the layout of building ${building.id} (${footprintCount} units per floor)`,
    );
  }
}

/**
 * Appends the building's faces to `mesh`, unit i of `building.units` getting feature ID
 * `firstFeatureId + i`. `tileOrigin` is where the tile's east-north-up frame sits.
 */
export function appendBuildingFaces(
  mesh: TileMesh,
  building: BuildingSource,
  tileOrigin: LonLat,
  firstFeatureId: number,
): void {
  const offset = toLocalMetres(tileOrigin, { lon: building.originLon, lat: building.originLat });
  if (building.units.some((unit) => unit.rings !== undefined)) {
    for (const unit of building.units) {
      if (!unit.rings || unit.floor < 1 || unit.floor > MAX_FLOOR) {
        throw new Error(
          `unit ${unit.id} of building ${building.id} has no footprint of its own or floor ${unit.floor} outside 1–${MAX_FLOOR} (a building's units are either all shaped or all wing slices)`,
        );
      }
    }
    appendPolygonUnitFaces(
      mesh,
      building.units,
      building.floorHeightM,
      building.baseHeightM ?? 0,
      ([eastM, northM], upM) => [offset.eastM + eastM, offset.northM + northM, upM],
      firstFeatureId,
      { wallShade, roofShade: Math.round(FULL_SHADE * ROOF_SHADE) },
    );
    return;
  }
  const footprints = unitFootprints(building.wings);
  const present = new Set<string>();
  const unitNosByFloor = new Map<number, number[]>();
  for (const unit of building.units) {
    checkUnit(building, unit, footprints.length);
    present.add(`${unit.floor}:${unit.unitNo}`);
    const unitNos = unitNosByFloor.get(unit.floor) ?? [];
    unitNos.push(unit.unitNo);
    unitNosByFloor.set(unit.floor, unitNos);
  }
  const wallsByLayout = new Map<string, Map<number, WallSegment[]>>();
  const roofOutlines = new Map<string, LocalPoint[]>();
  const toTile = ([eastM, northM]: readonly [number, number], upM: number): EnuPoint => [
    offset.eastM + eastM,
    offset.northM + northM,
    (building.baseHeightM ?? 0) + upM,
  ];

  building.units.forEach((unit, index) => {
    const featureId = firstFeatureId + index;
    const baseM = (unit.floor - 1) * building.floorHeightM;
    const topM = baseM + building.floorHeightM;
    const unitNos = unitNosByFloor.get(unit.floor)!;
    const layoutKey = unitNos.join(',');
    let walls = wallsByLayout.get(layoutKey);
    if (!walls) {
      walls = wallsForFloor(footprints, unitNos);
      wallsByLayout.set(layoutKey, walls);
    }
    const shade = wallShade(unit.floor, unit.unitNo);
    for (const wall of walls.get(unit.unitNo)!) {
      const corners = [
        toTile(wall.start, baseM),
        toTile(wall.end, baseM),
        toTile(wall.end, topM),
        toTile(wall.start, topM),
      ] as const;
      mesh.addQuad(corners, [wall.normalEast, wall.normalNorth, 0], shade, featureId);
    }
    const footprint = footprints[unit.unitNo - 1]!;
    if (!present.has(`${unit.floor + 1}:${unit.unitNo}`)) {
      const roofedNos = unitNos.filter((other) => !present.has(`${unit.floor + 1}:${other}`));
      const roofKey = `${unit.unitNo}|${roofedNos.join(',')}`;
      let outline = roofOutlines.get(roofKey);
      if (!outline) {
        const neighbours = roofedNos
          .filter((other) => other !== unit.unitNo)
          .map((other) => footprints[other - 1]!);
        outline = roofOutline(footprint, neighbours);
        roofOutlines.set(roofKey, outline);
      }
      mesh.addPolygon(
        outline.map((corner) => toTile(corner, topM)),
        UP,
        Math.round(FULL_SHADE * ROOF_SHADE),
        featureId,
      );
    }
    // Ground floors stand on the ground; only an overhang (no unit below) shows its underside.
    if (unit.floor > 1 && !present.has(`${unit.floor - 1}:${unit.unitNo}`)) {
      const [a, b, c, d] = footprint;
      mesh.addQuad(
        [toTile(a, baseM), toTile(d, baseM), toTile(c, baseM), toTile(b, baseM)],
        DOWN,
        shade,
        featureId,
      );
    }
  });
}
