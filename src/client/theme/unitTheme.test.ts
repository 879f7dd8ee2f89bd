import { describe, expect, it } from 'vitest';
import type { UnitThemeColumns } from '../../shared/api';
import { unitThemeColours } from './unitTheme';

const COLUMNS: UnitThemeColumns = {
  unitIds: [1, 2, 3, 4, 5],
  residentCounts: [0, 1, 3, 6, 2],
  rentalFlags: [0, 0, 1, 0, 1],
  elderlyAloneCounts: [0, 1, 0, 0, 0],
  vacantFlags: [1, 0, 0, 0, 0],
  useCodes: [3, 0, 1, 0, 2],
};

describe('unitThemeColours', () => {
  it('leaves every unit plain without data', () => {
    expect(unitThemeColours('none', null).size).toBe(0);
    expect(unitThemeColours('occupancy', null).size).toBe(0);
  });

  it('colours every unit by its use without a theme', () => {
    expect([...unitThemeColours('none', COLUMNS).entries()]).toEqual([
      [1, 'vacant'],
      [2, 'useResidential'],
      [3, 'useRental'],
      [4, 'useResidential'],
      [5, 'useCommercial'],
    ]);
  });

  it('leaves a unit with an unknown use code plain', () => {
    const colours = unitThemeColours('none', { ...COLUMNS, useCodes: [0, 9, 0, 0, 0] });
    expect(colours.has(2)).toBe(false);
    expect(colours.get(1)).toBe('useResidential');
  });

  it('grades occupancy by resident count and greys vacant units', () => {
    const colours = unitThemeColours('occupancy', COLUMNS);
    expect([...colours.entries()]).toEqual([
      [1, 'vacant'],
      [2, 'occupancyLow'],
      [3, 'occupancyMedium'],
      [4, 'occupancyHigh'],
      [5, 'occupancyLow'],
    ]);
  });

  it('marks let units under the rental theme', () => {
    const colours = unitThemeColours('rental', COLUMNS);
    expect(colours.get(3)).toBe('rental');
    expect(colours.get(4)).toBe('muted');
    expect(colours.get(1)).toBe('vacant');
  });

  it('marks units with an elderly person living alone', () => {
    const colours = unitThemeColours('elderlyAlone', COLUMNS);
    expect(colours.get(2)).toBe('elderlyAlone');
    expect(colours.get(5)).toBe('muted');
  });
});
