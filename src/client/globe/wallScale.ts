/**
 * Sizing shared by the globe's point layers: pixel sizes are chosen for a 1920-pixel-wide view,
 * and a wall's wider canvas scales them up (to WALL_SCALE_MAX) so markers stay legible.
 */
import type { Scene } from 'cesium';

const REFERENCE_WIDTH_PX = 1920;
const WALL_SCALE_MAX = 2;

/** Passed as disableDepthTestDistance: points and labels stay visible in front of buildings. */
export const ALWAYS_ON_TOP = Number.POSITIVE_INFINITY;

/** How much to scale pixel sizes for this canvas: 1 at up to 1920 px wide, at most 2. */
export function wallScale(scene: Scene): number {
  return Math.min(WALL_SCALE_MAX, Math.max(1, scene.canvas.clientWidth / REFERENCE_WIDTH_PX));
}
