/**
 * Ground distance for district-scale questions (duplicates within metres, workers within a few
 * km). The local frame is accurate to centimetres there; it is not a geodesic for long ranges.
 */
import { toLocalMetres } from '../localFrame';
import type { LonLat } from '../registry';

export function straightLineDistanceM(from: LonLat, to: LonLat): number {
  // Measured around the midpoint so the result is the same in both directions.
  const midpoint = { lon: (from.lon + to.lon) / 2, lat: (from.lat + to.lat) / 2 };
  const start = toLocalMetres(midpoint, from);
  const end = toLocalMetres(midpoint, to);
  return Math.hypot(end.eastM - start.eastM, end.northM - start.northM);
}
