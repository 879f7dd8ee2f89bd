import { describe, expect, it } from 'vitest';
import {
  recordTourStep,
  recordedTour,
  targetOfSelection,
  type StepRecording,
} from './recordTourStep';
import { TourFormatError } from './tourSchema';

const RECORDING: StepRecording = {
  selection: { gridCode: '350102001001001', buildingId: 42, unitId: 7 },
  camera: {
    lon: 119.296512345678,
    lat: 26.0812,
    heightM: 812.3456,
    headingDeg: 15.0049,
    pitchDeg: -38.5,
  },
  theme: 'occupancy',
  heat: false,
  panels: ['selection'],
  captionZh: ' 一栋楼 ',
  captionEn: 'A building',
  durationS: 8,
};

describe('recording tour steps', () => {
  it('targets the deepest selection but never a unit', () => {
    expect(targetOfSelection(RECORDING.selection)).toEqual({ kind: 'building', id: 42 });
    expect(targetOfSelection({ gridCode: '350102001', buildingId: null, unitId: null })).toEqual({
      kind: 'grid',
      code: '350102001',
    });
    expect(targetOfSelection({ gridCode: null, buildingId: null, unitId: null })).toEqual({
      kind: 'district',
    });
  });

  it('records the camera rounded, the layers and the trimmed captions', () => {
    const step = recordTourStep(RECORDING, 3);
    expect(step).toEqual({
      id: 'step-3',
      target: { kind: 'building', id: 42 },
      camera: { lon: 119.2965123, lat: 26.0812, heightM: 812.35, headingDeg: 15, pitchDeg: -38.5 },
      show: { heat: false, theme: 'occupancy', panels: ['selection'] },
      caption: { zh: '一栋楼', en: 'A building' },
      durationS: 8,
    });
    expect(recordTourStep({ ...RECORDING, camera: null }, 1)).not.toHaveProperty('camera');
  });

  it('makes a tour file that loads, or names what is missing', () => {
    const title = { zh: '试录', en: 'Trial' };
    const tour = recordedTour('trial', title, [recordTourStep(RECORDING, 1)]);
    expect(tour.steps).toHaveLength(1);
    const empty = recordTourStep({ ...RECORDING, captionEn: '  ' }, 2);
    expect(() => recordedTour('trial', title, [empty])).toThrow(TourFormatError);
    expect(() => recordedTour('trial', title, [])).toThrow(/\/steps/);
  });
});
