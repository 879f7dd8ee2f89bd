import { describe, expect, it } from 'vitest';
import { AQI_BANDS, aqiBandOf, pm25Iaqi } from './airQualityIndex';

describe('PM2.5 IAQI by HJ 633-2012', () => {
  it('gives the breakpoint IAQI at every 24-hour PM2.5 breakpoint', () => {
    const pairs: Array<[number, number]> = [
      [0, 0],
      [35, 50],
      [75, 100],
      [115, 150],
      [150, 200],
      [250, 300],
      [350, 400],
      [500, 500],
    ];
    for (const [concentration, iaqi] of pairs) expect(pm25Iaqi(concentration)).toBe(iaqi);
  });

  it('interpolates linearly between breakpoints and rounds up', () => {
    // (100-50)/(75-35) × (55-35) + 50 = 75
    expect(pm25Iaqi(55)).toBe(75);
    // (150-100)/(115-75) × (80-75) + 100 = 106.25 → 107
    expect(pm25Iaqi(80)).toBe(107);
  });

  it('holds concentrations beyond the table at 500 and refuses negative ones', () => {
    expect(pm25Iaqi(800)).toBe(500);
    expect(() => pm25Iaqi(-1)).toThrow(RangeError);
    expect(() => pm25Iaqi(Number.NaN)).toThrow(RangeError);
  });
});

describe('AQI bands', () => {
  it('puts each IAQI in the band of HJ 633-2012 table 2, upper bounds inclusive', () => {
    expect(aqiBandOf(0).zh).toBe('优');
    expect(aqiBandOf(50).zh).toBe('优');
    expect(aqiBandOf(51).zh).toBe('良');
    expect(aqiBandOf(100).zh).toBe('良');
    expect(aqiBandOf(101).zh).toBe('轻度污染');
    expect(aqiBandOf(200).zh).toBe('中度污染');
    expect(aqiBandOf(201).zh).toBe('重度污染');
    expect(aqiBandOf(301).zh).toBe('严重污染');
    expect(aqiBandOf(500).level).toBe(6);
  });

  it('bands a PM2.5 concentration end to end (76 µg/m³ is lightly polluted)', () => {
    expect(aqiBandOf(pm25Iaqi(75)).level).toBe(2);
    expect(aqiBandOf(pm25Iaqi(76)).level).toBe(3);
    expect(AQI_BANDS.map((band) => band.colorHex)).toEqual([
      '#00e400',
      '#ffff00',
      '#ff7e00',
      '#ff0000',
      '#99004c',
      '#7e0023',
    ]);
  });
});
