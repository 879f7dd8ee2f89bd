/**
 * A building's shape as wings: oriented rectangles in local metres (east, north) around the
 * building's origin. Units of a floor are laid out wing by wing, each wing cut into equal slices
 * along its length. Shared by the tileset builder (3D) and the floor view (2D), so both agree.
 */

export interface Wing {
  /** Centre of the wing, metres east of the building origin. */
  centerEastM: number;
  /** Centre of the wing, metres north of the building origin. */
  centerNorthM: number;
  /** Along the wing's long axis. */
  lengthM: number;
  /** Across the wing. */
  depthM: number;
  /** Rotation of the long axis from east, counter-clockwise, degrees. */
  rotationDeg: number;
  /** Units per floor in this wing, in order along the long axis. */
  unitCount: number;
}

/** A point in local metres east/north of the building origin. */
export type LocalPoint = readonly [eastM: number, northM: number];

/** A counter-clockwise rectangle, four corners, not closed. */
export type UnitFootprint = readonly [LocalPoint, LocalPoint, LocalPoint, LocalPoint];

export function unitsPerFloor(wings: readonly Wing[]): number {
  return wings.reduce((sum, wing) => sum + wing.unitCount, 0);
}

function wingPoint(wing: Wing, alongM: number, acrossM: number): LocalPoint {
  const angleRad = (wing.rotationDeg * Math.PI) / 180;
  const cos = Math.cos(angleRad);
  const sin = Math.sin(angleRad);
  return [
    wing.centerEastM + alongM * cos - acrossM * sin,
    wing.centerNorthM + alongM * sin + acrossM * cos,
  ];
}

/** Footprint of every unit on a floor; index i is unit number i + 1. */
export function unitFootprints(wings: readonly Wing[]): UnitFootprint[] {
  const footprints: UnitFootprint[] = [];
  for (const wing of wings) {
    const sliceM = wing.lengthM / wing.unitCount;
    const halfDepthM = wing.depthM / 2;
    for (let slice = 0; slice < wing.unitCount; slice++) {
      const startM = -wing.lengthM / 2 + slice * sliceM;
      const endM = startM + sliceM;
      footprints.push([
        wingPoint(wing, startM, -halfDepthM),
        wingPoint(wing, endM, -halfDepthM),
        wingPoint(wing, endM, halfDepthM),
        wingPoint(wing, startM, halfDepthM),
      ]);
    }
  }
  return footprints;
}

/** Outline of each wing (counter-clockwise, not closed), for footprints and 2D drawing. */
export function wingOutlines(wings: readonly Wing[]): UnitFootprint[] {
  return wings.map((wing) => {
    const halfLengthM = wing.lengthM / 2;
    const halfDepthM = wing.depthM / 2;
    return [
      wingPoint(wing, -halfLengthM, -halfDepthM),
      wingPoint(wing, halfLengthM, -halfDepthM),
      wingPoint(wing, halfLengthM, halfDepthM),
      wingPoint(wing, -halfLengthM, halfDepthM),
    ];
  });
}

/** Floor area of one unit, square metres. */
export function unitAreaM2(wing: Wing): number {
  return (wing.lengthM / wing.unitCount) * wing.depthM;
}

/** Room label as residents write it: floor then two-digit unit number, e.g. 1203. */
export function roomLabel(floor: number, unitNo: number): string {
  return `${floor}${String(unitNo).padStart(2, '0')}`;
}
