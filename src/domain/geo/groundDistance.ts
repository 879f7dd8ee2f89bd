/**
 * Ground distance for district-scale questions: between fixes a few metres to a few kilometres
 * apart, duplicates within metres, workers within a few km. An equirectangular step on the
 * WGS84 ellipsoid (radii of curvature at the mid latitude) is within millimetres of the geodesic
 * at these ranges and costs no trigonometry beyond one sine, which matters for day-long tracks.
 */
import type { LonLat } from '../registry';
import { metresPerDegree } from './localFrame';

export function groundDistanceM(from: LonLat, to: LonLat): number {
  const scale = metresPerDegree((from.lat + to.lat) / 2);
  const eastM = (to.lon - from.lon) * scale.eastM;
  const northM = (to.lat - from.lat) * scale.northM;
  return Math.hypot(eastM, northM);
}
