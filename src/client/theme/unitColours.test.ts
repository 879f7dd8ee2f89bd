import { describe, expect, it } from 'vitest';
import type { UnitSummary, UnitThemeColumns } from '../../shared/api';
import { UNIT_COLOURS_CSS } from './globePalette';
import { unitThemeColours } from './unitTheme';
import { LEGENDS, PENDING_COLOUR_CSS, unitColourCss } from './unitColours';
import { DICTIONARIES } from '../shell/i18n';

const UNIT: UnitSummary = {
  id: 7,
  floor: 3,
  unitNo: 1,
  roomLabel: '301',
  use: 'rental',
  areaM2: 60,
  householdCount: 1,
  residentCount: 5,
  tagCounts: {},
};

const COLUMNS: UnitThemeColumns = {
  unitIds: [7],
  residentCounts: [5],
  rentalFlags: [1],
  elderlyAloneCounts: [0],
  vacantFlags: [0],
  useCodes: [1],
};

describe('unitColourCss', () => {
  it('colours by use without a theme', () => {
    expect(unitColourCss('none', null, UNIT)).toBe(UNIT_COLOURS_CSS.useRental);
    expect(unitColourCss('none', null, { ...UNIT, use: 'commercial' })).toBe(
      UNIT_COLOURS_CSS.useCommercial,
    );
  });

  it('uses the globe palette under a theme, so 3D, floor view and legend agree', () => {
    expect(unitColourCss('occupancy', COLUMNS, UNIT)).toBe(UNIT_COLOURS_CSS.occupancyHigh);
    expect(unitColourCss('rental', COLUMNS, UNIT)).toBe(UNIT_COLOURS_CSS.rental);
    expect(unitColourCss('elderlyAlone', COLUMNS, UNIT)).toBe(UNIT_COLOURS_CSS.muted);
  });

  it('shows a neutral colour until the figures arrive, or for a unit outside them', () => {
    expect(unitColourCss('occupancy', null, UNIT)).toBe(PENDING_COLOUR_CSS);
    expect(unitColourCss('occupancy', COLUMNS, { ...UNIT, id: 8 })).toBe(PENDING_COLOUR_CSS);
  });
});

describe('LEGENDS', () => {
  it('has a legend entry for every use colour, and the 3D view uses the same ones', () => {
    const legendColours = LEGENDS.none.map((entry) => entry.colourCss);
    const uses = ['residential', 'rental', 'commercial', 'vacant'] as const;
    expect(uses.map((use) => unitColourCss('none', null, { ...UNIT, use }))).toEqual(legendColours);
    const columns = { ...COLUMNS, unitIds: [1, 2, 3, 4], useCodes: [0, 1, 2, 3] };
    const names = [...unitThemeColours('none', columns).values()];
    expect(names.map((name) => UNIT_COLOURS_CSS[name])).toEqual(legendColours);
  });

  it('has a legend entry for every colour a themed unit can take', () => {
    for (const theme of ['occupancy', 'rental', 'elderlyAlone'] as const) {
      const legendColours = new Set(LEGENDS[theme].map((entry) => entry.colourCss));
      for (const residents of [0, 1, 3, 5]) {
        for (const flags of [0, 1]) {
          const columns = {
            ...COLUMNS,
            residentCounts: [residents],
            rentalFlags: [flags],
            elderlyAloneCounts: [flags],
            vacantFlags: [residents === 0 ? flags : 0],
          };
          expect(legendColours.has(unitColourCss(theme, columns, UNIT)), theme).toBe(true);
        }
      }
    }
  });

  it('labels every entry in both languages', () => {
    for (const entries of Object.values(LEGENDS)) {
      for (const entry of entries) {
        expect(DICTIONARIES.zh[entry.labelKey]).toBeTruthy();
        expect(DICTIONARIES.en[entry.labelKey]).toBeTruthy();
      }
    }
  });
});
