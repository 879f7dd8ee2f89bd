/**
 * The named regions of the wall. A panel docks into one of them and never floats: columns at
 * the sides, a strip along the bottom of the middle, and two slots in the middle (a banner
 * under the top bar and an overlay for dialogs). Whatever the regions leave free is where the
 * camera frames its targets.
 */
import type { MessageKey } from '../i18n';

export type WallRegionId =
  'left' | 'leftAside' | 'right' | 'bottom' | 'topCentre' | 'centreOverlay';

export interface WallRegionSpec {
  id: WallRegionId;
  /** The region's name in the collapse control's label; none: the region cannot collapse. */
  labelKey: MessageKey | null;
  /**
   * Drawn as one panel box around its panels (the side columns, whose sections read as one
   * panel); otherwise each panel draws its own box and the region itself is transparent.
   */
  framed: boolean;
}

/** In reading order: keyboard focus walks the regions in this order. */
export const WALL_REGIONS: readonly WallRegionSpec[] = [
  { id: 'left', labelKey: 'layout.region.left', framed: true },
  { id: 'leftAside', labelKey: 'layout.region.leftAside', framed: false },
  { id: 'topCentre', labelKey: null, framed: false },
  { id: 'centreOverlay', labelKey: null, framed: false },
  { id: 'bottom', labelKey: 'layout.region.bottom', framed: false },
  { id: 'right', labelKey: 'layout.region.right', framed: true },
];
