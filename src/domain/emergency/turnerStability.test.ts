import { describe, expect, it } from 'vitest';
import { deriveStabilityClass, netRadiationIndex, turnerClass } from './turnerStability';

const FUZHOU = { lonDeg: 119.3, latDeg: 26.08 };
/** 21 June 2024, 12:00 China Standard Time: the sun about 87° high. */
const SUMMER_NOON_MS = Date.UTC(2024, 5, 21, 4, 0);
/** 21 June 2024, 00:00 China Standard Time. */
const SUMMER_MIDNIGHT_MS = Date.UTC(2024, 5, 20, 16, 0);
/** 21 December 2024, 07:30 China Standard Time: sunrise (about 06:45) was under an hour ago. */
const WINTER_EARLY_MORNING_MS = Date.UTC(2024, 11, 20, 23, 30);

/** Turner (1964) as given in EPA-454/R-99-005 §6.4.4.1; each case is looked up by hand. */
describe("Turner's key", () => {
  it('reads the table: calm and strong sun is A, 12 knots and more with any sun is C or D', () => {
    expect(turnerClass(0.4, 4)).toBe('A');
    expect(turnerClass(2.5, 2)).toBe('C'); // 5 kt, index 2
    expect(turnerClass(6.5, 4)).toBe('C'); // 13 kt, index 4
    expect(turnerClass(6.5, 3)).toBe('D');
    expect(turnerClass(4, 0)).toBe('D'); // overcast: neutral at every wind
  });

  it('gives E or F on clear nights at low wind and maps Turner’s G to F', () => {
    expect(turnerClass(2.5, -2)).toBe('F'); // 5 kt, index −2: class 6
    expect(turnerClass(2.5, -1)).toBe('E'); // 5 kt, index −1: class 5
    expect(turnerClass(1, -2)).toBe('F'); // 2 kt, index −2: class 7 (G), modelled as F
  });

  it('takes a strong-sun index of 4 at a clear summer noon, and −2 on a clear night', () => {
    expect(
      netRadiationIndex({ windMs: 2, cloudCoverTenths: 2, atMs: SUMMER_NOON_MS, ...FUZHOU }),
    ).toBe(4);
    expect(
      netRadiationIndex({ windMs: 2, cloudCoverTenths: 2, atMs: SUMMER_MIDNIGHT_MS, ...FUZHOU }),
    ).toBe(-2);
    expect(
      netRadiationIndex({ windMs: 2, cloudCoverTenths: 7, atMs: SUMMER_MIDNIGHT_MS, ...FUZHOU }),
    ).toBe(-1);
  });

  it('lowers the daytime index for cloud by its ceiling, but not below 1', () => {
    const cloudyNoon = { windMs: 2, cloudCoverTenths: 8, atMs: SUMMER_NOON_MS, ...FUZHOU };
    expect(netRadiationIndex({ ...cloudyNoon, ceilingM: 1000 })).toBe(2);
    expect(netRadiationIndex({ ...cloudyNoon, ceilingM: 3000 })).toBe(3);
    expect(netRadiationIndex({ ...cloudyNoon, ceilingM: 6000 })).toBe(4);
    expect(netRadiationIndex({ ...cloudyNoon, cloudCoverTenths: 10, ceilingM: 6000 })).toBe(3);
    expect(netRadiationIndex({ ...cloudyNoon, cloudCoverTenths: 10 })).toBe(0); // low overcast
  });

  it('counts the first hour after sunrise as night', () => {
    expect(
      netRadiationIndex({
        windMs: 2,
        cloudCoverTenths: 0,
        atMs: WINTER_EARLY_MORNING_MS,
        ...FUZHOU,
      }),
    ).toBe(-2);
  });

  it('derives A for a light wind at a clear summer noon and F for a clear calm night', () => {
    expect(
      deriveStabilityClass({ windMs: 1.5, cloudCoverTenths: 0, atMs: SUMMER_NOON_MS, ...FUZHOU }),
    ).toBe('A');
    expect(
      deriveStabilityClass({ windMs: 2, cloudCoverTenths: 0, atMs: SUMMER_MIDNIGHT_MS, ...FUZHOU }),
    ).toBe('F');
  });
});
