/**
 * Which colour each unit gets under a theme (with no theme: by its use): a pure function of the
 * theme columns from the API, kept free of Cesium so it is tested in Node. The buildings layer
 * turns names into colours.
 */
import { UNIT_USES } from '../../domain/registry';
import type { UnitThemeColumns } from '../../shared/api';
import type { UnitTheme } from '../shell/appStore';
import { USE_COLOUR_NAMES, type UnitColourName } from './globePalette';

/** Resident counts at which a unit moves up one occupancy colour. */
export const OCCUPANCY_MEDIUM_MIN_RESIDENTS = 3;
export const OCCUPANCY_HIGH_MIN_RESIDENTS = 5;

function occupancyColour(residentCount: number): UnitColourName {
  if (residentCount >= OCCUPANCY_HIGH_MIN_RESIDENTS) return 'occupancyHigh';
  if (residentCount >= OCCUPANCY_MEDIUM_MIN_RESIDENTS) return 'occupancyMedium';
  if (residentCount > 0) return 'occupancyLow';
  return 'occupancyEmpty';
}

/** Colour name per unit id; units absent from the map keep the plain colour. */
export function unitThemeColours(
  theme: UnitTheme,
  columns: UnitThemeColumns | null,
): Map<number, UnitColourName> {
  const colours = new Map<number, UnitColourName>();
  if (columns === null) return colours;
  columns.unitIds.forEach((unitId, index) => {
    if (theme === 'none') {
      const use = UNIT_USES[columns.useCodes[index] ?? -1];
      if (use !== undefined) colours.set(unitId, USE_COLOUR_NAMES[use]);
      return;
    }
    if (columns.vacantFlags[index] === 1) {
      colours.set(unitId, 'vacant');
      return;
    }
    switch (theme) {
      case 'occupancy':
        colours.set(unitId, occupancyColour(columns.residentCounts[index] ?? 0));
        break;
      case 'rental':
        colours.set(unitId, columns.rentalFlags[index] === 1 ? 'rental' : 'muted');
        break;
      case 'elderlyAlone':
        colours.set(
          unitId,
          (columns.elderlyAloneCounts[index] ?? 0) > 0 ? 'elderlyAlone' : 'muted',
        );
        break;
    }
  });
  return colours;
}
