/**
 * A point on the canvas where the pointer lands on a known unit: the browser test hovers and
 * clicks there, and so checks the same picking a person uses. Units of the top floor are tried
 * first (nothing stands above them); the first whose centre is hit by its own ray wins.
 */
import { Box3, Vector2, Vector3, type Camera, type Mesh, type Raycaster } from 'three';

/** Enough tries to get past units hidden behind others, bounded so a frame stays cheap. */
const MAX_TRIES = 48;

export interface PickPoint {
  unitId: number;
  /** CSS pixels from the canvas's top-left corner, rounded. */
  pointPx: readonly [number, number];
}

export function findPickPoint(
  building: { units: readonly { id: number; floor: number }[] },
  unitMeshes: Mesh[],
  camera: Camera,
  raycaster: Raycaster,
  canvas: HTMLCanvasElement,
): PickPoint | null {
  const floorOf = new Map(building.units.map((unit) => [unit.id, unit.floor]));
  const candidates = [...unitMeshes]
    .sort(
      (upper, lower) =>
        (floorOf.get(lower.userData.unitId as number) ?? 0) -
        (floorOf.get(upper.userData.unitId as number) ?? 0),
    )
    .slice(0, MAX_TRIES);
  const box = new Box3();
  const centre = new Vector3();
  const ndc = new Vector2();
  for (const mesh of candidates) {
    box.setFromObject(mesh).getCenter(centre).project(camera);
    if (Math.abs(centre.x) > 1 || Math.abs(centre.y) > 1) continue;
    ndc.set(centre.x, centre.y);
    raycaster.setFromCamera(ndc, camera);
    const [hit] = raycaster.intersectObjects(unitMeshes, false);
    if (hit?.object !== mesh) continue;
    return {
      unitId: mesh.userData.unitId as number,
      pointPx: [
        Math.round(((centre.x + 1) / 2) * canvas.clientWidth),
        Math.round(((1 - centre.y) / 2) * canvas.clientHeight),
      ],
    };
  }
  return null;
}
