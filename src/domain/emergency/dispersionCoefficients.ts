/**
 * Pasquill–Gifford stability classes and Briggs' dispersion coefficients σy(x), σz(x).
 *
 * Source: G. A. Briggs (1973), "Diffusion estimation for small emissions", ATDL contribution
 * 79, as tabulated in S. R. Hanna, G. A. Briggs and R. P. Hosker (1982), Handbook on
 * Atmospheric Diffusion, DOE/TIC-11223, Table 4.5, and in A. De Visscher (2014), Air
 * Dispersion Modeling, Table 6.3. The open-country curves blend Pasquill–Gifford and the
 * Brookhaven data; the urban ones are fitted to the St. Louis experiments (McElroy and Pooler
 * 1968). Both are meant for 100 m < x < 10 km; nearer the source they are extrapolated
 * linearly towards zero (the concentration there is an overestimate, which errs towards a
 * larger zone), beyond 10 km they are used as they are.
 */

export const STABILITY_CLASSES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type StabilityClass = (typeof STABILITY_CLASSES)[number];

export const TERRAINS = ['open', 'urban'] as const;
/** Open country (rural, grass, crops) or urban (built-up, rough surface, heat island). */
export type Terrain = (typeof TERRAINS)[number];

/** One curve σ = a·x·(1 + b·x)^p, x in metres. */
interface BriggsCurve {
  slope: number;
  growthPerM: number;
  exponent: number;
}

interface BriggsPair {
  sigmaY: BriggsCurve;
  sigmaZ: BriggsCurve;
}

const HALF = -0.5;
const curve = (slope: number, growthPerM = 0, exponent = 0): BriggsCurve => ({
  slope,
  growthPerM,
  exponent,
});

/** Open country: σy = a·x·(1 + 0.0001x)^−½ for every class; σz per class. */
const OPEN_COUNTRY: Record<StabilityClass, BriggsPair> = {
  A: { sigmaY: curve(0.22, 0.0001, HALF), sigmaZ: curve(0.2) },
  B: { sigmaY: curve(0.16, 0.0001, HALF), sigmaZ: curve(0.12) },
  C: { sigmaY: curve(0.11, 0.0001, HALF), sigmaZ: curve(0.08, 0.0002, HALF) },
  D: { sigmaY: curve(0.08, 0.0001, HALF), sigmaZ: curve(0.06, 0.0015, HALF) },
  E: { sigmaY: curve(0.06, 0.0001, HALF), sigmaZ: curve(0.03, 0.0003, -1) },
  F: { sigmaY: curve(0.04, 0.0001, HALF), sigmaZ: curve(0.016, 0.0003, -1) },
};

/** Urban: A and B share a curve, as do E and F (Briggs gives four urban classes). */
const URBAN_AB: BriggsPair = { sigmaY: curve(0.32, 0.0004, HALF), sigmaZ: curve(0.24, 0.001, 0.5) };
const URBAN_EF: BriggsPair = {
  sigmaY: curve(0.11, 0.0004, HALF),
  sigmaZ: curve(0.08, 0.0015, HALF),
};
const URBAN: Record<StabilityClass, BriggsPair> = {
  A: URBAN_AB,
  B: URBAN_AB,
  C: { sigmaY: curve(0.22, 0.0004, HALF), sigmaZ: curve(0.2) },
  D: { sigmaY: curve(0.16, 0.0004, HALF), sigmaZ: curve(0.14, 0.0003, HALF) },
  E: URBAN_EF,
  F: URBAN_EF,
};

const evaluate = ({ slope, growthPerM, exponent }: BriggsCurve, downwindM: number): number =>
  slope * downwindM * Math.pow(1 + growthPerM * downwindM, exponent);

export interface DispersionSigmas {
  sigmaYM: number;
  sigmaZM: number;
}

/** σy and σz in metres at `downwindM` metres from the source (0 at the source). */
export function briggsSigmas(
  stability: StabilityClass,
  terrain: Terrain,
  downwindM: number,
): DispersionSigmas {
  const pair = (terrain === 'urban' ? URBAN : OPEN_COUNTRY)[stability];
  const distanceM = Math.max(0, downwindM);
  return { sigmaYM: evaluate(pair.sigmaY, distanceM), sigmaZM: evaluate(pair.sigmaZ, distanceM) };
}

export function isStabilityClass(value: string): value is StabilityClass {
  return (STABILITY_CLASSES as readonly string[]).includes(value);
}

export function isTerrain(value: string): value is Terrain {
  return (TERRAINS as readonly string[]).includes(value);
}
