/**
 * Colours of units in the floor view and the legend. Under a theme they come from the globe's own
 * classification and palette (globe/unitTheme.ts, globe/globePalette.ts — both Cesium-free), so
 * the 3D view, the floor view and the legend always agree. With no theme the floor view colours
 * units by use, which the 3D view leaves as built.
 */
import type { UnitSummary, UnitThemeColumns } from '../../shared/api';
import type { UnitUse } from '../../domain/registry';
import type { UnitTheme } from '../state/appStore';
import { UNIT_COLOURS_CSS, type UnitColourName } from '../globe/globePalette';
import {
  OCCUPANCY_HIGH_MIN_RESIDENTS,
  OCCUPANCY_MEDIUM_MIN_RESIDENTS,
  unitThemeColours,
} from '../globe/unitTheme';
import type { MessageKey, MessageParams } from './i18n';

export const UNIT_THEMES: readonly UnitTheme[] = ['none', 'occupancy', 'rental', 'elderlyAlone'];

/** Floor-view colours by use (no theme); rental and vacant match the themed colours. */
export const USE_COLOURS_CSS: Record<UnitUse, string> = {
  residential: '#3b82c4',
  rental: UNIT_COLOURS_CSS.rental,
  commercial: '#a78bfa',
  vacant: UNIT_COLOURS_CSS.vacant,
};

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
  none: (['residential', 'rental', 'commercial', 'vacant'] as const).map((use) => ({
    colourCss: USE_COLOURS_CSS[use],
    labelKey: `use.${use}` as const,
  })),
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
  if (theme === 'none') return USE_COLOURS_CSS[unit.use];
  if (columns === null) return PENDING_COLOUR_CSS;
  const name = themeColours(theme, columns).get(unit.id);
  // A unit outside the columns (outside the caller's scope) keeps a neutral colour.
  return name ? UNIT_COLOURS_CSS[name] : PENDING_COLOUR_CSS;
}
