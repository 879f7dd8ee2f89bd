/**
 * A fixed key light over the district. The real sun would leave facades black during the
 * hall's evening shifts; a steady light from the south-east keeps every building readable.
 */
import { Cartesian3, DirectionalLight, Matrix4, Transforms, type Scene } from 'cesium';
import type { LonLat } from '../../domain/registry';

/** Direction the light travels in the district's east/north/up frame: north-west and down. */
const LIGHT_TRAVEL_EAST = -0.45;
const LIGHT_TRAVEL_NORTH = 0.55;
const LIGHT_TRAVEL_UP = -0.7;
const LIGHT_INTENSITY = 2.2;

export function applyDistrictLight(scene: Scene, center: LonLat): void {
  const frame = Transforms.eastNorthUpToFixedFrame(Cartesian3.fromDegrees(center.lon, center.lat));
  const local = new Cartesian3(LIGHT_TRAVEL_EAST, LIGHT_TRAVEL_NORTH, LIGHT_TRAVEL_UP);
  const direction = Cartesian3.normalize(
    Matrix4.multiplyByPointAsVector(frame, local, new Cartesian3()),
    new Cartesian3(),
  );
  scene.light = new DirectionalLight({ direction, intensity: LIGHT_INTENSITY });
  scene.requestRender();
}
