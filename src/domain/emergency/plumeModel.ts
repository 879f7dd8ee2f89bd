/**
 * A release in given weather as a function of downwind distance: the ground-level
 * concentration on the plume axis and the crosswind spread. A continuous release gives the
 * steady plume; an instantaneous one gives the peak a receptor sees as the puff passes over,
 * with σx = σy and the same Briggs coefficients (the along-wind spread of a puff is taken equal
 * to the crosswind one, as Turner 1970 does). Off the axis both fall off as exp(−y²/2σy²),
 * which is what lets a zone's edge be solved in closed form per distance.
 */
import {
  briggsSigmas,
  type DispersionSigmas,
  type StabilityClass,
  type Terrain,
} from './dispersionCoefficients';
import { plumeConcentration, puffConcentration } from './gaussianDispersion';

const MG_PER_G = 1000;
const MG_PER_KG = 1_000_000;

export type Release =
  /** A steady leak of `rateGPerS`; `durationS` (if known) bounds how long a point is exposed. */
  | { kind: 'continuous'; rateGPerS: number; durationS?: number }
  | { kind: 'instantaneous'; massKg: number };

export interface DispersionConditions {
  windMs: number;
  stability: StabilityClass;
  terrain: Terrain;
  releaseHeightM: number;
}

export interface PlumeModel {
  /** Ground-level concentration on the axis, mg/m³, `downwindM` from the source. */
  axisConcentrationMgM3(downwindM: number): number;
  sigmaYM(downwindM: number): number;
}

const ON_AXIS_AT_GROUND = { crosswindM: 0, receptorHeightM: 0 };

function axisConcentration(
  release: Release,
  conditions: DispersionConditions,
  sigmas: DispersionSigmas,
): number {
  if (release.kind === 'continuous') {
    return plumeConcentration(
      release.rateGPerS * MG_PER_G,
      conditions.windMs,
      conditions.releaseHeightM,
      sigmas,
      ON_AXIS_AT_GROUND,
    );
  }
  return puffConcentration(release.massKg * MG_PER_KG, conditions.releaseHeightM, sigmas, {
    ...ON_AXIS_AT_GROUND,
    alongWindM: 0,
  });
}

export function createPlumeModel(release: Release, conditions: DispersionConditions): PlumeModel {
  const sigmasAt = (downwindM: number) =>
    briggsSigmas(conditions.stability, conditions.terrain, downwindM);
  return {
    axisConcentrationMgM3: (downwindM) =>
      downwindM <= 0 ? 0 : axisConcentration(release, conditions, sigmasAt(downwindM)),
    sigmaYM: (downwindM) => sigmasAt(downwindM).sigmaYM,
  };
}

/** Ground-level concentration (mg/m³) at a point of the plume frame. */
export function groundConcentrationMgM3(
  model: PlumeModel,
  downwindM: number,
  crosswindM: number,
): number {
  const axis = model.axisConcentrationMgM3(downwindM);
  if (axis === 0) return 0;
  const sigmaYM = model.sigmaYM(downwindM);
  return axis * Math.exp(-(crosswindM * crosswindM) / (2 * sigmaYM * sigmaYM));
}

/**
 * Half-width of the zone where the ground-level concentration reaches `thresholdMgM3` at a
 * downwind distance: solving C_axis·exp(−y²/2σy²) = L gives y = σy·√(2 ln(C_axis/L)).
 */
export function zoneHalfWidthM(
  model: PlumeModel,
  downwindM: number,
  thresholdMgM3: number,
): number {
  const axis = model.axisConcentrationMgM3(downwindM);
  if (!(axis > thresholdMgM3)) return 0;
  return model.sigmaYM(downwindM) * Math.sqrt(2 * Math.log(axis / thresholdMgM3));
}
