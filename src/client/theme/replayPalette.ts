/**
 * Colours of replayed tracks: one per chosen worker, in the order chosen, none of them a live
 * status colour (green, amber, grey, red), so a replay never reads as the live wall. Cesium-free:
 * the replay panel's worker chips and slider marks use the same colours as the 3D view.
 */
export const REPLAY_TRACK_COLOURS_CSS = [
  '#4fc3ff',
  '#ff6bd6',
  '#b79cff',
  '#ff9f6b',
  '#f4f7ff',
  '#5eead4',
  '#d9f99d',
  '#fda4af',
] as const;

export function replayTrackColourCss(trackIndex: number): string {
  return REPLAY_TRACK_COLOURS_CSS[trackIndex % REPLAY_TRACK_COLOURS_CSS.length]!;
}

/** The whole track is drawn faint; the moving point carries the colour at full strength. */
export const REPLAY_TRACK_ALPHA = 0.7;
export const REPLAY_POINT_OUTLINE_CSS = '#02060d';
export const REPLAY_STOP_OUTLINE_CSS = '#ffffff';
export const REPLAY_LABEL_CSS = '#ffffff';
export const REPLAY_LABEL_BACKGROUND_CSS = 'rgba(40, 12, 60, 0.9)';
