/**
 * PM2.5 individual air quality index (IAQI) and the AQI category bands of China's national
 * standard HJ 633-2012 《环境空气质量指数（AQI）技术规定（试行）》: table 1 gives the 24-hour
 * PM2.5 breakpoints 0, 35, 75, 115, 150, 250, 350, 500 µg/m³ for IAQI 0, 50, 100, 150, 200,
 * 300, 400, 500, interpolated linearly (formula 1); table 2 the six categories and their colours.
 * Above 500 µg/m³ the standard gives no IAQI; we hold it at 500 (the top band) rather than
 * extrapolate.
 */

/** [concentration µg/m³, IAQI] breakpoints of HJ 633-2012 table 1, 24-hour PM2.5. */
export const PM25_24H_BREAKPOINTS: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [35, 50],
  [75, 100],
  [115, 150],
  [150, 200],
  [250, 300],
  [350, 400],
  [500, 500],
];

export const MAX_IAQI = 500;

export interface AqiBand {
  /** 1 (优) … 6 (严重污染), HJ 633-2012 table 2. */
  level: number;
  zh: string;
  en: string;
  /** The standard's RGB colour for the band. */
  colorHex: string;
  /** Highest IAQI of the band (inclusive). */
  upperIaqi: number;
}

export const AQI_BANDS: readonly AqiBand[] = [
  { level: 1, zh: '优', en: 'Excellent', colorHex: '#00e400', upperIaqi: 50 },
  { level: 2, zh: '良', en: 'Good', colorHex: '#ffff00', upperIaqi: 100 },
  { level: 3, zh: '轻度污染', en: 'Lightly polluted', colorHex: '#ff7e00', upperIaqi: 150 },
  { level: 4, zh: '中度污染', en: 'Moderately polluted', colorHex: '#ff0000', upperIaqi: 200 },
  { level: 5, zh: '重度污染', en: 'Heavily polluted', colorHex: '#99004c', upperIaqi: 300 },
  { level: 6, zh: '严重污染', en: 'Severely polluted', colorHex: '#7e0023', upperIaqi: 500 },
];

/** IAQI of a PM2.5 concentration (µg/m³), rounded up to a whole number as the standard does. */
export function pm25Iaqi(concentrationUgM3: number): number {
  if (!Number.isFinite(concentrationUgM3) || concentrationUgM3 < 0) {
    throw new RangeError(`PM2.5 concentration must be ≥ 0, got ${concentrationUgM3}`);
  }
  for (let index = 1; index < PM25_24H_BREAKPOINTS.length; index++) {
    const [highC, highI] = PM25_24H_BREAKPOINTS[index]!;
    if (concentrationUgM3 <= highC) {
      const [lowC, lowI] = PM25_24H_BREAKPOINTS[index - 1]!;
      return Math.ceil(((highI - lowI) / (highC - lowC)) * (concentrationUgM3 - lowC) + lowI);
    }
  }
  return MAX_IAQI;
}

/** The category band an IAQI (or AQI) falls in. */
export function aqiBandOf(iaqi: number): AqiBand {
  return AQI_BANDS.find((band) => iaqi <= band.upperIaqi) ?? AQI_BANDS[AQI_BANDS.length - 1]!;
}
