import { describe, expect, it } from 'vitest';
import { PlumeInputError } from './plumeScenario';
import { resolvePlumeScenario, type PlumeScenarioInput } from './plumeScenarioInput';

const INPUT: PlumeScenarioInput = {
  substance: '氯气',
  release: { kind: 'continuous', rateGPerS: 500 },
  source: { lon: 119.29, lat: 26.08 },
  windMs: 3,
  stability: 'd',
};
const NOW_MS = Date.UTC(2024, 5, 20, 16, 0); // midnight in Fuzhou

describe('resolving a scenario as given', () => {
  it('fills the defaults: urban terrain, 60-minute values, ground level, north wind', () => {
    const { scenario, stabilitySource } = resolvePlumeScenario(INPUT, NOW_MS);
    expect(scenario).toMatchObject({
      stability: 'D',
      terrain: 'urban',
      exposureMin: 60,
      releaseHeightM: 0,
      windFromDeg: 0,
    });
    expect(scenario.substance.id).toBe('chlorine');
    expect(stabilitySource).toBe('entered');
  });

  it('derives the class from the cloud cover at the given or current time', () => {
    const { stability, ...rest } = INPUT;
    expect(stability).toBe('d');
    const night = resolvePlumeScenario(
      { ...rest, windMs: 2, weather: { cloudCoverTenths: 0 } },
      NOW_MS,
    );
    expect(night).toMatchObject({ scenario: { stability: 'F' }, stabilitySource: 'turner' });
  });

  it.each([
    [{ substance: 'mustard' }, 'substance'],
    [{ terrain: 'forest' }, 'terrain'],
    [{ exposureMin: 45 }, 'exposureMin'],
    [{ stability: 'G' }, 'stability'],
    [{ stability: undefined }, 'stability'],
    [{ windMs: 45 }, 'windMs'],
  ])('refuses %j naming the field %s', (change, field) => {
    expect(() => resolvePlumeScenario({ ...INPUT, ...change }, NOW_MS)).toThrow(PlumeInputError);
    try {
      resolvePlumeScenario({ ...INPUT, ...change }, NOW_MS);
    } catch (error) {
      expect(error).toMatchObject({ field });
      expect((error as PlumeInputError).messageZh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
