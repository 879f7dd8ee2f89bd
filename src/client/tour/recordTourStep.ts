/**
 * The tour editor's recording: the wall's current selection, camera, theme and heat layer as
 * a step, and the recorded steps as a tour file. Pure; the result is checked with the same
 * schema a tour is loaded with, so a downloaded file always loads.
 */
import type { CameraView, Selection, UnitTheme } from '../shell/appStore';
import {
  TOUR_FORMAT_VERSION,
  parseTour,
  type Tour,
  type TourPanel,
  type TourStep,
  type TourTarget,
} from './tourSchema';

/** Recorded cameras keep this many decimals: about a centimetre, a hundredth of a degree. */
const DEGREE_DECIMALS = 7;
const METRE_DECIMALS = 2;
const ANGLE_DECIMALS = 2;

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export function targetOfSelection(selection: Selection): TourTarget {
  // A unit is never a tour target (its households are person-level): its building is.
  if (selection.buildingId !== null) return { kind: 'building', id: selection.buildingId };
  if (selection.gridCode !== null) return { kind: 'grid', code: selection.gridCode };
  return { kind: 'district' };
}

export interface StepRecording {
  selection: Selection;
  camera: CameraView | null;
  theme: UnitTheme;
  heat: boolean;
  panels: readonly TourPanel[];
  captionZh: string;
  captionEn: string;
  durationS: number;
}

export function recordTourStep(recording: StepRecording, stepNumber: number): TourStep {
  const { camera } = recording;
  return {
    id: `step-${stepNumber}`,
    target: targetOfSelection(recording.selection),
    ...(camera === null
      ? {}
      : {
          camera: {
            lon: round(camera.lon, DEGREE_DECIMALS),
            lat: round(camera.lat, DEGREE_DECIMALS),
            heightM: round(camera.heightM, METRE_DECIMALS),
            headingDeg: round(camera.headingDeg, ANGLE_DECIMALS),
            pitchDeg: round(camera.pitchDeg, ANGLE_DECIMALS),
          },
        }),
    show: { heat: recording.heat, theme: recording.theme, panels: [...recording.panels] },
    caption: { zh: recording.captionZh.trim(), en: recording.captionEn.trim() },
    durationS: recording.durationS,
  };
}

/** The steps as a tour file; TourFormatError (with every problem) when they do not make one. */
export function recordedTour(id: string, title: Tour['title'], steps: readonly TourStep[]): Tour {
  return parseTour({ version: TOUR_FORMAT_VERSION, id, title, steps }, `tours/${id}.json`);
}
