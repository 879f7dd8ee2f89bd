/**
 * Which threat zones hold which points (buildings, residents), for many points at once: each
 * point goes to the plume frame (an affine map), is dropped by the zone's box in that frame,
 * and otherwise answered by the zone profile in O(1) — the same answer as a point-in-polygon
 * test on the zone's polygon, without walking its edges.
 */
import type { LonLat } from '../registry';
import { toPlumeFrame, type PlumeFrame } from './plumeFrame';
import type { ThreatZone } from './plumeScenario';
import { isInsideZoneProfile, maxHalfWidthM, type ZoneProfile } from './zoneProfile';

interface ZoneBox {
  profile: ZoneProfile;
  halfWidthM: number;
}

/**
 * One bit per zone (bit i for `zones[i]`) for each point given as parallel lon/lat arrays.
 * Up to 8 zones; a zone without a profile (NR, or never reached) holds nothing.
 */
export function zoneMaskOfPoints(
  zones: readonly ThreatZone[],
  frame: PlumeFrame,
  lons: ArrayLike<number>,
  lats: ArrayLike<number>,
): Uint8Array {
  const boxes: (ZoneBox | null)[] = zones.map((zone) =>
    zone.profile === null
      ? null
      : { profile: zone.profile, halfWidthM: maxHalfWidthM(zone.profile) },
  );
  const masks = new Uint8Array(lons.length);
  for (let index = 0; index < lons.length; index++) {
    const { downwindM, crosswindM } = toPlumeFrame(frame, { lon: lons[index]!, lat: lats[index]! });
    let mask = 0;
    for (let zone = 0; zone < boxes.length; zone++) {
      const box = boxes[zone];
      if (
        box === null ||
        box === undefined ||
        downwindM < box.profile.nearestM ||
        downwindM > box.profile.farthestM ||
        Math.abs(crosswindM) > box.halfWidthM
      ) {
        continue;
      }
      if (isInsideZoneProfile(box.profile, downwindM, crosswindM)) mask |= 1 << zone;
    }
    masks[index] = mask;
  }
  return masks;
}

/** The zones (by index in `zones`) that hold one point. */
export function zonesHoldingPoint(
  zones: readonly ThreatZone[],
  frame: PlumeFrame,
  point: LonLat,
): number[] {
  const mask = zoneMaskOfPoints(zones, frame, [point.lon], [point.lat])[0]!;
  return zones.flatMap((_, index) => ((mask >> index) & 1 ? [index] : []));
}
