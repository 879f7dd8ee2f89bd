/**
 * Where the camera starts on a stack: from the south-east, a little above, looking at the
 * stack's middle, far enough back that the whole stack fits whatever the canvas's shape.
 */
import { Spherical, Vector3, type PerspectiveCamera } from 'three';
import type { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { StackBounds } from './explodedStack';

export const STACK_CAMERA_FOV_DEG = 32;
/** Looking down at the stack: enough to see floor tops through the gaps, not a plan view. */
const START_ELEVATION_DEG = 24;
/** From the south-east, so the default view shows two facades of a wing-shaped building. */
const START_AZIMUTH_DEG = 35;
/** Room around the stack, as a share of the distance that would just fit it. */
const FRAME_MARGIN = 1.08;
/** How far in and out an operator may orbit, as shares of the starting distance. */
const MIN_ZOOM_SHARE = 0.25;
const MAX_ZOOM_SHARE = 3;
/** Never under the ground: the stack stands on it. */
const MAX_POLAR_DEG = 88;

const DEG = Math.PI / 180;

export function frameStack(
  camera: PerspectiveCamera,
  controls: OrbitControls,
  bounds: StackBounds,
): void {
  // Scene axes: x east, y up, z south (north is −z).
  const centre = new Vector3(
    (bounds.minEastM + bounds.maxEastM) / 2,
    bounds.topM / 2,
    -(bounds.minNorthM + bounds.maxNorthM) / 2,
  );
  // Fit the stack's silhouette as seen from the start elevation: its footprint's radius across,
  // its height (foreshortened) plus the footprint's depth (seen from above) up the screen.
  const footprintRadiusM = Math.max(
    1,
    Math.hypot(bounds.maxEastM - bounds.minEastM, bounds.maxNorthM - bounds.minNorthM) / 2,
  );
  const elevationRad = START_ELEVATION_DEG * DEG;
  const halfHeightOnScreenM =
    (bounds.topM / 2) * Math.cos(elevationRad) + footprintRadiusM * Math.sin(elevationRad);
  const verticalHalfRad = (camera.fov * DEG) / 2;
  const horizontalHalfRad = Math.atan(Math.tan(verticalHalfRad) * camera.aspect);
  const distanceM =
    Math.max(
      halfHeightOnScreenM / Math.tan(verticalHalfRad),
      footprintRadiusM / Math.tan(horizontalHalfRad),
    ) *
      FRAME_MARGIN +
    footprintRadiusM;
  const offset = new Vector3().setFromSpherical(
    new Spherical(distanceM, Math.PI / 2 - elevationRad, START_AZIMUTH_DEG * DEG),
  );
  camera.position.copy(centre).add(offset);
  camera.near = Math.max(0.1, distanceM / 100);
  camera.far = distanceM * 10;
  camera.updateProjectionMatrix();
  controls.target.copy(centre);
  controls.minDistance = distanceM * MIN_ZOOM_SHARE;
  controls.maxDistance = distanceM * MAX_ZOOM_SHARE;
  controls.maxPolarAngle = MAX_POLAR_DEG * DEG;
  controls.update();
}
