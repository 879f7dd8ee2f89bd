/**
 * How incidents look on the globe: colours from the incident palette (shared with the list and
 * the drawer) turned into Cesium colours once, the label font, and the wall scale every pixel
 * size is multiplied by. One per layer, shared by its markers, clusters and pulses.
 */
import { Color, type Scene } from 'cesium';
import {
  DEADLINE_PHASE_COLOURS_CSS,
  INCIDENT_CLUSTER_CSS,
  INCIDENT_LABEL_BACKGROUND_CSS,
  INCIDENT_LABEL_CSS,
  INCIDENT_OUTLINE_CSS,
  INCIDENT_SELECTED_OUTLINE_CSS,
  INCIDENT_STATE_COLOURS_CSS,
} from '../../theme/incidentPalette';
import { wallScale } from '../../globe/wallScale';

/** Markers float above the workers' dots (3 m) and the base map. */
export const INCIDENT_HEIGHT_M = 6;
/** Sizes at a 1920-pixel-wide view; wider canvases scale them up to the wall scale's maximum. */
export const MARKER_SIZE_PX = 14;
export const OUTLINE_WIDTH_PX = 2;
export const RING_MIN_SIZE_PX = 18;
export const RING_EXTRA_SIZE_PX = 22;

export interface IncidentStyle {
  /** Pixel sizes are multiplied by this (1 at 1920 px wide, more on a wall). */
  scale: number;
  stateColour(state: string): Color;
  phaseColour(phase: string): Color;
  outline: Color;
  selectedOutline: Color;
  cluster: Color;
  label: Color;
  labelBackground: Color;
  /** The labels' CSS font at a size given for a 1920-pixel-wide view. */
  font(sizePx: number): string;
}

function colourMap(cssByKey: Readonly<Record<string, string>>): Map<string, Color> {
  return new Map(
    Object.entries(cssByKey).map(([key, css]) => [key, Color.fromCssColorString(css)]),
  );
}

export function createIncidentStyle(scene: Scene): IncidentStyle {
  const scale = wallScale(scene);
  const stateColours = colourMap(INCIDENT_STATE_COLOURS_CSS);
  const phaseColours = colourMap(DEADLINE_PHASE_COLOURS_CSS);
  const cluster = Color.fromCssColorString(INCIDENT_CLUSTER_CSS);
  return {
    scale,
    stateColour: (state) => stateColours.get(state) ?? cluster,
    phaseColour: (phase) => phaseColours.get(phase) ?? cluster,
    outline: Color.fromCssColorString(INCIDENT_OUTLINE_CSS),
    selectedOutline: Color.fromCssColorString(INCIDENT_SELECTED_OUTLINE_CSS),
    cluster,
    label: Color.fromCssColorString(INCIDENT_LABEL_CSS),
    labelBackground: Color.fromCssColorString(INCIDENT_LABEL_BACKGROUND_CSS),
    font: (sizePx) =>
      `bold ${Math.round(sizePx * scale)}px 'Noto Sans Mono CJK SC', 'DejaVu Sans Mono', monospace`,
  };
}
