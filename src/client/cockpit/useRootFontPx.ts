/**
 * The root font size in pixels: the shell scales it with the wall (16 px at 1920×1080, 32 px at
 * 3840×2160), and charts that draw in pixels multiply their rem sizes by it.
 */
import { useSyncExternalStore } from 'react';

const FALLBACK_ROOT_FONT_PX = 16;

function readRootFontPx(): number {
  const size = Number.parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(size) && size > 0 ? size : FALLBACK_ROOT_FONT_PX;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('resize', onChange);
  return () => window.removeEventListener('resize', onChange);
}

export function useRootFontPx(): number {
  return useSyncExternalStore(subscribe, readRootFontPx, () => FALLBACK_ROOT_FONT_PX);
}
