/**
 * The heatmap's colours and scale, shared by the draped texture, the 2D analytics view and the
 * legend so that one value reads as one colour everywhere. Transparent where there is nothing,
 * then cool to hot: a calm wall stays calm, a cluster glows.
 */

/** [position 0–1, red, green, blue, alpha 0–255]. */
type RampStop = readonly [number, number, number, number, number];

export const HEAT_RAMP_STOPS: readonly RampStop[] = [
  [0, 30, 60, 200, 0],
  [0.15, 40, 110, 255, 110],
  [0.35, 40, 220, 200, 160],
  [0.55, 200, 240, 60, 190],
  [0.75, 255, 160, 30, 215],
  [1, 255, 40, 60, 235],
];

/** Below this fraction of the scale a cell is left fully transparent (no faint carpet). */
export const HEAT_VISIBLE_FRACTION = 0.02;
/** Steps of the legend's scale, including 0 and the top. */
export const HEAT_LEGEND_STEPS = 5;

export type Rgba = [number, number, number, number];

/** Colour of a value as a fraction of the scale (clamped to 0–1). */
export function heatColourAt(fraction: number, target: Rgba = [0, 0, 0, 0]): Rgba {
  const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  if (clamped < HEAT_VISIBLE_FRACTION) {
    target[0] = 0;
    target[1] = 0;
    target[2] = 0;
    target[3] = 0;
    return target;
  }
  let upper = 1;
  while (upper < HEAT_RAMP_STOPS.length - 1 && (HEAT_RAMP_STOPS[upper]?.[0] ?? 1) < clamped) {
    upper += 1;
  }
  const low = HEAT_RAMP_STOPS[upper - 1]!;
  const high = HEAT_RAMP_STOPS[upper]!;
  const span = high[0] - low[0];
  const mix = span > 0 ? (clamped - low[0]) / span : 1;
  for (let channel = 0; channel < 4; channel += 1) {
    const from = low[channel + 1]!;
    const to = high[channel + 1]!;
    target[channel] = Math.round(from + (to - from) * mix);
  }
  return target;
}

export function heatColourCss(fraction: number): string {
  const [red, green, blue, alpha] = heatColourAt(fraction);
  return `rgba(${red}, ${green}, ${blue}, ${(alpha / 255).toFixed(2)})`;
}

/** Round tops of the scale within a power of ten: fine enough that the hottest cell stays hot. */
const NICE_FACTORS = [1, 1.5, 2, 3, 4, 5, 6, 8, 10];

/**
 * The top of the scale for the largest value shown: rounded up to a round number (NICE_FACTORS
 * times a power of ten), so the legend reads well and does not jump with every small change.
 */
export function niceScaleMax(maxValue: number): number {
  if (!(maxValue > 0) || !Number.isFinite(maxValue)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(maxValue));
  for (const factor of NICE_FACTORS) {
    if (factor * magnitude >= maxValue * (1 - Number.EPSILON)) return factor * magnitude;
  }
  return 10 * magnitude;
}

/** The legend's ticks from 0 to the scale's top. */
export function heatLegendTicks(scaleMax: number): number[] {
  return Array.from(
    { length: HEAT_LEGEND_STEPS },
    (_, step) => (scaleMax * step) / (HEAT_LEGEND_STEPS - 1),
  );
}
