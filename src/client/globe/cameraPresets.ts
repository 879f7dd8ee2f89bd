/**
 * Camera presets: how each level of the drill-down is framed. Angles in degrees (heading from
 * north, clockwise; pitch below the horizon is negative), ranges as multiples of the target's
 * bounding radius with a floor in metres so small targets are not looked at from inches away.
 */
export interface CameraPreset {
  headingDeg: number;
  pitchDeg: number;
  rangeFactor: number;
  minRangeM: number;
  flightDurationS: number;
}

export type CameraPresetName = 'district' | 'grid' | 'building' | 'unit';

/** A gentle north-north-east look across the city, as the hall's operators are used to. */
const VIEW_HEADING_DEG = 15;

export const CAMERA_PRESETS: Record<CameraPresetName, CameraPreset> = {
  district: {
    headingDeg: VIEW_HEADING_DEG,
    pitchDeg: -55,
    rangeFactor: 2.1,
    minRangeM: 1500,
    flightDurationS: 2,
  },
  grid: {
    headingDeg: VIEW_HEADING_DEG,
    pitchDeg: -50,
    rangeFactor: 2.2,
    minRangeM: 400,
    flightDurationS: 1.8,
  },
  building: {
    headingDeg: VIEW_HEADING_DEG,
    pitchDeg: -38,
    rangeFactor: 5.2,
    minRangeM: 180,
    flightDurationS: 1.6,
  },
  unit: {
    headingDeg: VIEW_HEADING_DEG,
    pitchDeg: -30,
    rangeFactor: 4.2,
    minRangeM: 140,
    flightDurationS: 1.4,
  },
};

/** Where the camera starts before the district is known: high above the district centre. */
export const INITIAL_VIEW_HEIGHT_M = 20_000_000;
