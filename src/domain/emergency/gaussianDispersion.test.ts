import { describe, expect, it } from 'vitest';
import {
  mgPerM3ToPpm,
  plumeConcentration,
  ppmToMgPerM3,
  puffConcentration,
} from './gaussianDispersion';

const AT_GROUND = { crosswindM: 0, receptorHeightM: 0 };

describe('the Gaussian plume', () => {
  it('reproduces Turner’s workbook example of a burning dump (3 g/s NOx, 3 km, class D, 7 m/s)', () => {
    // Turner (1970), Workbook of Atmospheric Dispersion Estimates, chapter 3 example: a
    // ground-level source, overcast night (class D), σy = 190 m and σz = 65 m read from the
    // workbook's curves at 3 km; χ = Q / (π σy σz u) = 1.1 × 10⁻⁵ g/m³.
    const concentrationGM3 = plumeConcentration(3, 7, 0, { sigmaYM: 190, sigmaZM: 65 }, AT_GROUND);
    expect(concentrationGM3).toBeCloseTo(1.1e-5, 6);
    expect(concentrationGM3).toBeCloseTo(3 / (Math.PI * 190 * 65 * 7), 12);
  });

  it('falls off across the wind as exp(−y²/2σy²): at y = σy it is e^−½ of the centreline', () => {
    const sigmas = { sigmaYM: 100, sigmaZM: 50 };
    const centre = plumeConcentration(1000, 3, 0, sigmas, AT_GROUND);
    const offAxis = plumeConcentration(1000, 3, 0, sigmas, { crosswindM: 100, receptorHeightM: 0 });
    expect(offAxis / centre).toBeCloseTo(Math.exp(-0.5), 12);
  });

  it('reflects an elevated release at the ground (hand-computed, H = 50 m, σz = 37.95 m)', () => {
    // Ground level: the direct and the image term are equal, so C = Q/(π u σy σz)·exp(−H²/2σz²).
    // Q = 100 g/s, u = 5 m/s, σy = 76.28 m, σz = 37.95 m: Q/(π u σy σz) = 2.1993e-3 g/m³,
    // exp(−2500/2880.4) = 0.41983, C = 9.233e-4 g/m³.
    const concentrationGM3 = plumeConcentration(
      100,
      5,
      50,
      { sigmaYM: 76.28, sigmaZM: 37.95 },
      AT_GROUND,
    );
    expect(concentrationGM3).toBeCloseTo(9.233e-4, 6);
    // At the plume's own height the image adds exp(−(2H)²/2σz²) to the direct term's 1.
    const atPlumeHeight = plumeConcentration(
      100,
      5,
      50,
      { sigmaYM: 76.28, sigmaZM: 37.95 },
      { crosswindM: 0, receptorHeightM: 50 },
    );
    expect(atPlumeHeight).toBeCloseTo(
      (100 / (2 * Math.PI * 5 * 76.28 * 37.95)) * (1 + Math.exp(-(100 ** 2) / (2 * 37.95 ** 2))),
      10,
    );
  });
});

describe('the Gaussian puff', () => {
  it('peaks at 2M/((2π)^{3/2} σ³) at the ground under a ground-level puff (hand-computed)', () => {
    // M = 1000 g, σx = σy = σz = 10 m: 2000 / (15.7496 × 1000) = 0.12699 g/m³.
    const peak = puffConcentration(
      1000,
      0,
      { sigmaYM: 10, sigmaZM: 10 },
      { ...AT_GROUND, alongWindM: 0 },
    );
    expect(peak).toBeCloseTo(0.12699, 5);
  });

  it('delivers, integrated over its passage, the dose of a plume of rate M per second', () => {
    // ∫ exp(−(x−ut)²/2σx²) dt = √(2π) σx / u, so the time-integrated puff at a point equals the
    // plume formula with Q replaced by M (Turner 1970, chapter 3; Crowl and Louvar, chapter 5).
    const sigmas = { sigmaYM: 40, sigmaZM: 20 };
    const windMs = 4;
    const receptor = { crosswindM: 15, receptorHeightM: 0 };
    const stepS = 0.05;
    let doseGSPerM3 = 0;
    for (let timeS = -100; timeS <= 100; timeS += stepS) {
      doseGSPerM3 +=
        puffConcentration(500, 10, sigmas, { ...receptor, alongWindM: windMs * timeS }) * stepS;
    }
    expect(doseGSPerM3).toBeCloseTo(plumeConcentration(500, windMs, 10, sigmas, receptor), 8);
  });
});

describe('ppm at 25 °C', () => {
  it('matches the NIOSH Pocket Guide conversion factors (chlorine 2.90, ammonia 0.70 mg/m³ per ppm)', () => {
    expect(ppmToMgPerM3(1, 70.9)).toBeCloseTo(2.9, 2);
    expect(ppmToMgPerM3(1, 17.03)).toBeCloseTo(0.7, 2);
    expect(mgPerM3ToPpm(ppmToMgPerM3(20, 70.9), 70.9)).toBeCloseTo(20, 12);
  });
});
