import { describe, expect, it } from 'vitest';
import { STABILITY_CLASSES, briggsSigmas } from './dispersionCoefficients';

/**
 * Briggs (1973) as tabulated in Hanna, Briggs and Hosker (1982), Table 4.5, and De Visscher
 * (2014), Table 6.3. Expected values are hand-computed from those formulas at x = 1 km (the
 * arithmetic is written beside each), so a wrong coefficient or exponent fails here.
 */
describe('Briggs dispersion coefficients', () => {
  it('gives open-country σy = 0.08x(1+0.0001x)^−½ and σz = 0.06x(1+0.0015x)^−½ for class D', () => {
    const sigmas = briggsSigmas('D', 'open', 1000);
    expect(sigmas.sigmaYM).toBeCloseTo(80 / Math.sqrt(1.1), 6); // 76.28 m
    expect(sigmas.sigmaZM).toBeCloseTo(60 / Math.sqrt(2.5), 6); // 37.95 m
  });

  it('gives open-country σz = 0.016x(1+0.0003x)^−1 for class F and 0.20x for class A', () => {
    expect(briggsSigmas('F', 'open', 1000).sigmaZM).toBeCloseTo(16 / 1.3, 6); // 12.31 m
    expect(briggsSigmas('F', 'open', 1000).sigmaYM).toBeCloseTo(40 / Math.sqrt(1.1), 6);
    expect(briggsSigmas('A', 'open', 1000).sigmaZM).toBeCloseTo(200, 6);
  });

  it('gives urban σy = 0.16x(1+0.0004x)^−½ and σz = 0.14x(1+0.0003x)^−½ for class D', () => {
    const sigmas = briggsSigmas('D', 'urban', 1000);
    expect(sigmas.sigmaYM).toBeCloseTo(160 / Math.sqrt(1.4), 6); // 135.2 m
    expect(sigmas.sigmaZM).toBeCloseTo(140 / Math.sqrt(1.3), 6); // 122.8 m
  });

  it('shares the urban A–B and E–F curves, with σz = 0.24x(1+0.001x)^+½ for A–B', () => {
    expect(briggsSigmas('A', 'urban', 1000)).toEqual(briggsSigmas('B', 'urban', 1000));
    expect(briggsSigmas('E', 'urban', 1000)).toEqual(briggsSigmas('F', 'urban', 1000));
    expect(briggsSigmas('A', 'urban', 1000).sigmaZM).toBeCloseTo(240 * Math.sqrt(2), 6);
    expect(briggsSigmas('F', 'urban', 1000).sigmaZM).toBeCloseTo(80 / Math.sqrt(2.5), 6);
  });

  it('spreads less as the air gets more stable, and more over a city than over open country', () => {
    for (const terrain of ['open', 'urban'] as const) {
      const spreads = STABILITY_CLASSES.map((stability) => {
        const { sigmaYM, sigmaZM } = briggsSigmas(stability, terrain, 2000);
        return sigmaYM * sigmaZM;
      });
      expect(spreads).toEqual([...spreads].sort((left, right) => right - left));
    }
    for (const stability of STABILITY_CLASSES) {
      const open = briggsSigmas(stability, 'open', 2000);
      const urban = briggsSigmas(stability, 'urban', 2000);
      expect(urban.sigmaYM * urban.sigmaZM).toBeGreaterThan(open.sigmaYM * open.sigmaZM);
    }
  });

  it('is zero at and upwind of the source', () => {
    expect(briggsSigmas('D', 'open', 0)).toEqual({ sigmaYM: 0, sigmaZM: 0 });
    expect(briggsSigmas('D', 'urban', -50)).toEqual({ sigmaYM: 0, sigmaZM: 0 });
  });
});
