/**
 * Dark command-hall palette of the 3D view, as CSS colours. Layers convert them to Cesium
 * colours once, at creation; nothing else in the globe spells a colour. Cesium-free, so the
 * floor view and the legend take their unit colours from here too.
 */
import type { UnitUse } from '../../domain/registry';

/** Behind the globe (space) and the globe's own base colour under the darkened imagery. */
export const SPACE_BACKGROUND_CSS = '#02040a';
export const GLOBE_BASE_CSS = '#050a14';

/**
 * Base imagery is dimmed and nearly greyed, so the district's own base map and buildings carry
 * the view and the surroundings recede instead of glowing olive around the city.
 */
export const IMAGERY_BRIGHTNESS = 0.25;
export const IMAGERY_SATURATION = 0.12;
export const IMAGERY_CONTRAST = 1.1;

/** District base map (streets, blocks, water, green) from the register's own geometry. */
export const BASEMAP_COLOURS_CSS = {
  block: '#0c1626',
  green: '#0d2a26',
  water: '#0a2a4a',
  roadPrimary: '#3a6ea5',
  roadSecondary: '#2a5079',
  roadLocal: '#1d3858',
} as const;

const RENTAL_CSS = '#f97316';

/** Unit colours: mixed into the tileset's own material colour. */
export const UNIT_COLOURS_CSS = {
  /** A unit without figures (not loaded yet, or outside the caller's scope): as built. */
  plain: '#ffffff',
  hovered: '#36e2ff',
  selected: '#ffc933',
  vacant: '#4b5563',
  /** A unit that has nothing to say under the current theme. */
  muted: '#5c7896',
  occupancyEmpty: '#64748b',
  occupancyLow: '#3b82f6',
  occupancyMedium: '#22c5a0',
  occupancyHigh: '#f59e0b',
  rental: RENTAL_CSS,
  elderlyAlone: '#ef4466',
  useResidential: '#3b82c4',
  /** Same as the rental theme's colour, so a let unit keeps its colour across the switch. */
  useRental: RENTAL_CSS,
  useCommercial: '#a78bfa',
} as const;
export type UnitColourName = keyof typeof UNIT_COLOURS_CSS;

/** Colour of each unit use with no theme; vacant matches the themed vacant colour. */
export const USE_COLOUR_NAMES: Record<UnitUse, UnitColourName> = {
  residential: 'useResidential',
  rental: 'useRental',
  commercial: 'useCommercial',
  vacant: 'vacant',
};

/** Boundary of the selected grid: a bright outline over a faint fill. */
export const GRID_BOUNDARY_OUTLINE_CSS = '#36e2ff';
export const GRID_BOUNDARY_FILL_CSS = '#36e2ff';
export const GRID_BOUNDARY_FILL_ALPHA = 0.12;

/**
 * Toxic threat zones by AEGL tier, as the usual emergency charts draw them: life-threatening
 * (AEGL-3) red, disabling (AEGL-2) orange, discomfort (AEGL-1) yellow. Translucent on the ground
 * and on the buildings they cover, so the model stays readable under them.
 */
export const PLUME_ZONE_CSS = {
  'AEGL-3': '#ff3b3b',
  'AEGL-2': '#ff8c1a',
  'AEGL-1': '#ffd23f',
} as const;
export const PLUME_ZONE_FILL_ALPHA = 0.32;
export const PLUME_SOURCE_CSS = '#ffffff';

/**
 * Evacuation on the globe: walking routes in a cool green that no threat tier uses, shelters in
 * the same green (their fill as a label), emergency resources in blue with their ETA.
 */
export const EVACUATION_ROUTE_CSS = '#3dff9a';
export const SHELTER_CSS = '#3dff9a';
export const SHELTER_FULL_CSS = '#b8c2cc';
export const RESOURCE_ETA_CSS = '#4da3ff';
