/**
 * Colours of units in the floor view and the legend. They come from the globe's own
 * classification and palette (globe/unitTheme.ts, globe/globePalette.ts — both Cesium-free), so
 * the 3D view, the floor view and the legend always agree. With no theme every view colours
 * units by use: the floor view from the building detail, the 3D view from the theme columns.
 */
import type { UnitSummary, UnitThemeColumns } from '../../shared/api';
import type { UnitTheme } from '../shell/appStore';
import { UNIT_COLOURS_CSS, USE_COLOUR_NAMES, type UnitColourName } from './globePalette';
import {
  OCCUPANCY_HIGH_MIN_RESIDENTS,
  OCCUPANCY_MEDIUM_MIN_RESIDENTS,
  unitThemeColours,
} from './unitTheme';
import type { MessageKey, MessageParams } from '../shell/i18n';

export const UNIT_THEMES: readonly UnitTheme[] = ['none', 'occupancy', 'rental', 'elderlyAlone'];

/** Colour of a unit whose theme figures have not arrived yet. */
export const PENDING_COLOUR_CSS = '#1e2b3d';

export interface LegendEntry {
  colourCss: string;
  labelKey: MessageKey;
  params?: MessageParams;
}

const OCCUPANCY_LOW_MAX = OCCUPANCY_MEDIUM_MIN_RESIDENTS - 1;
const OCCUPANCY_MEDIUM_MAX = OCCUPANCY_HIGH_MIN_RESIDENTS - 1;

const themed = (name: UnitColourName, labelKey: MessageKey, params?: MessageParams) => ({
  colourCss: UNIT_COLOURS_CSS[name],
  labelKey,
  ...(params ? { params } : {}),
});

/** Legend entries per theme, in display order. */
export const LEGENDS: Record<UnitTheme, readonly LegendEntry[]> = {
  none: (['residential', 'rental', 'commercial', 'vacant'] as const).map((use) =>
    themed(USE_COLOUR_NAMES[use], `use.${use}`),
  ),
  occupancy: [
    themed('occupancyHigh', 'category.occupancyHigh', { min: OCCUPANCY_HIGH_MIN_RESIDENTS }),
    themed('occupancyMedium', 'category.occupancyMedium', {
      min: OCCUPANCY_MEDIUM_MIN_RESIDENTS,
      max: OCCUPANCY_MEDIUM_MAX,
    }),
    themed('occupancyLow', 'category.occupancyLow', { max: OCCUPANCY_LOW_MAX }),
    themed('occupancyEmpty', 'category.occupancyEmpty'),
    themed('vacant', 'category.vacant'),
  ],
  rental: [
    themed('rental', 'category.rental'),
    themed('muted', 'category.ownerOccupied'),
    themed('vacant', 'category.vacant'),
  ],
  elderlyAlone: [
    themed('elderlyAlone', 'category.elderlyAlone'),
    themed('muted', 'category.noElderlyAlone'),
    themed('vacant', 'category.vacant'),
  ],
};

const coloursCache = new WeakMap<UnitThemeColumns, Map<UnitTheme, Map<number, UnitColourName>>>();

function themeColours(theme: UnitTheme, columns: UnitThemeColumns): Map<number, UnitColourName> {
  let byTheme = coloursCache.get(columns);
  if (!byTheme) {
    byTheme = new Map();
    coloursCache.set(columns, byTheme);
  }
  let colours = byTheme.get(theme);
  if (!colours) {
    colours = unitThemeColours(theme, columns);
    byTheme.set(theme, colours);
  }
  return colours;
}

/** CSS colour of one unit in the floor view under the current theme. */
export function unitColourCss(
  theme: UnitTheme,
  columns: UnitThemeColumns | null,
  unit: UnitSummary,
): string {
  // The unit's own use is at hand, so no theme needs no figures.
  if (theme === 'none') return UNIT_COLOURS_CSS[USE_COLOUR_NAMES[unit.use]];
  if (columns === null) return PENDING_COLOUR_CSS;
  const name = themeColours(theme, columns).get(unit.id);
  // A unit outside the columns (outside the caller's scope) keeps a neutral colour.
  return name ? UNIT_COLOURS_CSS[name] : PENDING_COLOUR_CSS;
}
