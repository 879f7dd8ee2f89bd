/**
 * Gaussian plume (continuous point source) and Gaussian puff (instantaneous point source) with
 * total reflection at the ground, and the ppm conversion.
 *
 * Formulas as in D. B. Turner (1970), Workbook of Atmospheric Dispersion Estimates, EPA AP-26,
 * chapter 3, and D. A. Crowl and J. F. Louvar (2011), Chemical Process Safety, 3rd ed.,
 * chapter 5 (the plume and puff models with an image source). The image source at −H stands for
 * the ground reflecting the gas (no deposition, no absorption).
 */
import type { DispersionSigmas } from './dispersionCoefficients';

/** Molar volume of an ideal gas at 25 °C and 101.325 kPa, in litres (24.45 L/mol). */
export const MOLAR_VOLUME_25C_L = 24.45;

export function mgPerM3ToPpm(concentrationMgM3: number, molecularWeightGPerMol: number): number {
  return (concentrationMgM3 * MOLAR_VOLUME_25C_L) / molecularWeightGPerMol;
}

export function ppmToMgPerM3(concentrationPpm: number, molecularWeightGPerMol: number): number {
  return (concentrationPpm * molecularWeightGPerMol) / MOLAR_VOLUME_25C_L;
}

/** Where the receptor sits relative to the plume axis below the source. */
export interface ReceptorOffset {
  crosswindM: number;
  receptorHeightM: number;
}

/** The two vertical terms: the source at +H and its mirror image at −H. */
function verticalReflectionTerm(sigmaZM: number, releaseHeightM: number, heightM: number): number {
  const twiceVariance = 2 * sigmaZM * sigmaZM;
  const direct = Math.exp(-((heightM - releaseHeightM) ** 2) / twiceVariance);
  const reflected = Math.exp(-((heightM + releaseHeightM) ** 2) / twiceVariance);
  return direct + reflected;
}

function crosswindTerm(sigmaYM: number, crosswindM: number): number {
  return Math.exp(-(crosswindM * crosswindM) / (2 * sigmaYM * sigmaYM));
}

/**
 * Steady-state concentration of a continuous release, in the mass unit of `rate` per m³:
 * C = Q / (2π u σy σz) · exp(−y²/2σy²) · [exp(−(z−H)²/2σz²) + exp(−(z+H)²/2σz²)].
 */
export function plumeConcentration(
  rate: number,
  windMs: number,
  releaseHeightM: number,
  sigmas: DispersionSigmas,
  receptor: ReceptorOffset,
): number {
  const { sigmaYM, sigmaZM } = sigmas;
  if (sigmaYM <= 0 || sigmaZM <= 0) return 0;
  return (
    (rate / (2 * Math.PI * windMs * sigmaYM * sigmaZM)) *
    crosswindTerm(sigmaYM, receptor.crosswindM) *
    verticalReflectionTerm(sigmaZM, releaseHeightM, receptor.receptorHeightM)
  );
}

/**
 * Concentration of a puff, in the mass unit of `mass` per m³, at `alongWindM` from the puff's
 * centre, taking σx = σy: C = M / ((2π)^{3/2} σx σy σz) · exp(−Δx²/2σx²) · exp(−y²/2σy²) ·
 * [vertical terms]. With Δx = 0 it is the peak a receptor sees as the puff passes over.
 */
export function puffConcentration(
  mass: number,
  releaseHeightM: number,
  sigmas: DispersionSigmas,
  receptor: ReceptorOffset & { alongWindM: number },
): number {
  const { sigmaYM, sigmaZM } = sigmas;
  if (sigmaYM <= 0 || sigmaZM <= 0) return 0;
  return (
    (mass / (Math.pow(2 * Math.PI, 1.5) * sigmaYM * sigmaYM * sigmaZM)) *
    crosswindTerm(sigmaYM, receptor.alongWindM) *
    crosswindTerm(sigmaYM, receptor.crosswindM) *
    verticalReflectionTerm(sigmaZM, releaseHeightM, receptor.receptorHeightM)
  );
}
