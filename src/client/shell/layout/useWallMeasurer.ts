/**
 * Creates the command center's measurer once its root is in the DOM, and publishes what it
 * finds: the free rectangle in the layout store (the camera reads it) and as `data-free-rect`
 * on the root (the browser tests read it).
 */
import { useCallback, useState } from 'react';
import { formatRect } from './screenRect';
import { createWallMeasurer, type WallMeasurer } from './wallMeasurer';
import { useWallLayoutStore } from './wallLayoutStore';

export const FREE_RECT_ATTRIBUTE = 'data-free-rect';

export function useWallMeasurer(): {
  measurer: WallMeasurer | null;
  rootRef: (element: HTMLElement | null) => (() => void) | undefined;
} {
  const [measurer, setMeasurer] = useState<WallMeasurer | null>(null);
  const rootRef = useCallback((root: HTMLElement | null) => {
    if (!root) return undefined;
    const created = createWallMeasurer(root, (rect) => {
      root.setAttribute(FREE_RECT_ATTRIBUTE, formatRect(rect));
      useWallLayoutStore.getState().setFreeRect(rect);
    });
    setMeasurer(created);
    return () => {
      created.destroy();
      setMeasurer(null);
      useWallLayoutStore.getState().setFreeRect(null);
    };
  }, []);
  return { measurer, rootRef };
}
