/**
 * Units as volumes: each floor unit's footprint (its wing slice, or its own polygon for
 * imported buildings) between the floor's base and top. A third-party model (photogrammetry, a
 * vendor's city mesh) has no feature ids, so a click on its surface is resolved here — by
 * footprint, then by height — to the same unit key the district's own tiles carry. The same
 * volumes drive the highlight and the theme colours drawn onto the model.
 */
import { unitFootprints, type Wing } from '../buildingLayout';
import type { LonLat } from '../registry';
import { toLocalMetres, toLonLat } from './localFrame';
import { isPointInRing, pointSegmentDistanceM, type PlanarPoint } from './planarGeometry';

export interface VolumeUnit {
  id: number;
  floor: number;
  unitNo: number;
  /** Own footprint in local metres around the building origin (outer ring, then holes). */
  rings?: readonly (readonly (readonly [number, number])[])[];
}

export interface VolumeBuilding {
  id: number;
  origin: LonLat;
  floorHeightM: number;
  /** Height of the ground floor's base above the ellipsoid-based model height datum. */
  baseHeightM: number;
  wings: readonly Wing[];
  units: readonly VolumeUnit[];
}

export interface UnitVolume {
  unitId: number;
  buildingId: number;
  floor: number;
  unitNo: number;
  /** Outer ring then holes, [lon, lat] degrees, not closed. */
  rings: [number, number][][];
  bottomM: number;
  topM: number;
}

/** A point on a model's surface: lon/lat degrees and height in metres (same datum as volumes). */
export interface SurfacePoint extends LonLat {
  heightM: number;
}

export interface ResolveOptions {
  /** How far outside a footprint (walls of a mesh rarely sit on the line) still counts, metres. */
  horizontalToleranceM?: number;
  /** How far above the top or below the base still counts (roof parapets, ground), metres. */
  verticalToleranceM?: number;
}

const DEFAULT_HORIZONTAL_TOLERANCE_M = 1.5;
const DEFAULT_VERTICAL_TOLERANCE_M = 3;

/** Every unit's volume; units outside the wing layout (no footprint) are left out. */
export function unitVolumesOf(building: VolumeBuilding): UnitVolume[] {
  const slices = building.units.some((unit) => !unit.rings) ? unitFootprints(building.wings) : [];
  const volumes: UnitVolume[] = [];
  for (const unit of building.units) {
    const local = unit.rings ?? (slices[unit.unitNo - 1] ? [slices[unit.unitNo - 1]!] : null);
    if (!local || local.length === 0) continue;
    const bottomM = building.baseHeightM + (unit.floor - 1) * building.floorHeightM;
    volumes.push({
      unitId: unit.id,
      buildingId: building.id,
      floor: unit.floor,
      unitNo: unit.unitNo,
      rings: local.map((ring) =>
        ring.map(([eastM, northM]) => {
          const point = toLonLat(building.origin, eastM, northM);
          return [point.lon, point.lat] as [number, number];
        }),
      ),
      bottomM,
      topM: bottomM + building.floorHeightM,
    });
  }
  return volumes;
}

function insideFootprint(point: PlanarPoint, rings: readonly (readonly PlanarPoint[])[]): boolean {
  const [outer, ...holes] = rings;
  return (
    !!outer && isPointInRing(point, outer) && !holes.some((hole) => isPointInRing(point, hole))
  );
}

function distanceToFootprintM(
  point: PlanarPoint,
  rings: readonly (readonly PlanarPoint[])[],
): number {
  if (insideFootprint(point, rings)) return 0;
  let smallest = Infinity;
  for (const ring of rings) {
    for (let index = 0; index < ring.length; index++) {
      smallest = Math.min(
        smallest,
        pointSegmentDistanceM(point, ring[index]!, ring[(index + 1) % ring.length]!),
      );
    }
  }
  return smallest;
}

function verticalGapM(heightM: number, volume: UnitVolume): number {
  if (heightM < volume.bottomM) return volume.bottomM - heightM;
  if (heightM >= volume.topM) return heightM - volume.topM;
  return 0;
}

/**
 * The unit whose volume holds the point: inside a footprint first, else the nearest footprint
 * within the horizontal tolerance; then the floor whose height range holds it, else the nearest
 * floor within the vertical tolerance (a click on the roof lands on the top floor). Null when
 * the point is near no unit.
 */
export function resolveUnitAt(
  point: SurfacePoint,
  volumes: readonly UnitVolume[],
  options: ResolveOptions = {},
): UnitVolume | null {
  const horizontalToleranceM = options.horizontalToleranceM ?? DEFAULT_HORIZONTAL_TOLERANCE_M;
  const verticalToleranceM = options.verticalToleranceM ?? DEFAULT_VERTICAL_TOLERANCE_M;
  let best: { volume: UnitVolume; score: number } | null = null;
  for (const volume of volumes) {
    const vertical = verticalGapM(point.heightM, volume);
    if (vertical > verticalToleranceM) continue;
    const local = volume.rings.map((ring) =>
      ring.map(([lon, lat]) => {
        const { eastM, northM } = toLocalMetres(point, { lon, lat });
        return [eastM, northM] as PlanarPoint;
      }),
    );
    const horizontal = distanceToFootprintM([0, 0], local);
    if (horizontal > horizontalToleranceM) continue;
    // Inside beats near, and within a column the floor that holds the height wins.
    const score = horizontal * 1000 + vertical;
    if (!best || score < best.score) best = { volume, score };
  }
  return best?.volume ?? null;
}

/** The volumes of one floor of one building (the floor highlight). */
export function floorVolumes(
  volumes: readonly UnitVolume[],
  buildingId: number,
  floor: number,
): UnitVolume[] {
  return volumes.filter((volume) => volume.buildingId === buildingId && volume.floor === floor);
}

/**
 * The rings grown outward by `metres` (mitred corners, mitres capped at 4× the distance): a
 * model's facade rarely sits exactly on the footprint line, and classification only paints
 * surfaces inside a volume. Outer rings are counter-clockwise and holes clockwise, so "outward"
 * is to the right of every edge for both.
 */
export function grownRings(
  rings: readonly (readonly (readonly [number, number])[])[],
  metres: number,
): [number, number][][] {
  const MITRE_LIMIT = 4;
  const first = rings[0]?.[0];
  if (!first) return [];
  const origin = { lon: first[0], lat: first[1] };
  return rings.map((ring) => {
    const local = ring.map(([lon, lat]) => {
      const { eastM, northM } = toLocalMetres(origin, { lon, lat });
      return [eastM, northM] as const;
    });
    return local.map((point, index) => {
      const previous = local[(index + local.length - 1) % local.length]!;
      const next = local[(index + 1) % local.length]!;
      const normal = (from: readonly number[], to: readonly number[]) => {
        const dx = to[0]! - from[0]!;
        const dy = to[1]! - from[1]!;
        const length = Math.hypot(dx, dy) || 1;
        return [dy / length, -dx / length] as const;
      };
      const [ax, ay] = normal(previous, point);
      const [bx, by] = normal(point, next);
      let mx = ax + bx;
      let my = ay + by;
      const mLength = Math.hypot(mx, my);
      if (mLength < 1e-9) {
        mx = ax;
        my = ay;
      } else {
        mx /= mLength;
        my /= mLength;
      }
      const cosHalf = mx * ax + my * ay;
      const scale = Math.min(MITRE_LIMIT, 1 / Math.max(cosHalf, 1 / MITRE_LIMIT)) * metres;
      const grown = toLonLat(origin, point[0] + mx * scale, point[1] + my * scale);
      return [grown.lon, grown.lat] as [number, number];
    });
  });
}
