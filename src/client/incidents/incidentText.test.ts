import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../feeds/apiClient';
import { categoryName, commandErrorText, formatDuration } from './incidentText';

const MINUTE_MS = 60_000;

describe('incident words', () => {
  it('names categories in the screen language', () => {
    expect(categoryName('city_appearance', 'zh')).toBe('市容环境');
    expect(categoryName('city_appearance', 'en')).toBe('City appearance');
    expect(categoryName('no_such_code', 'en')).toBe('no_such_code');
  });

  it('reads a deadline from across the hall', () => {
    expect(formatDuration(12 * MINUTE_MS, 'en')).toBe('12 min');
    expect(formatDuration(-(3 * 60 + 5) * MINUTE_MS, 'en')).toBe('3 h 05 min');
    expect(formatDuration((2 * 24 * 60 + 3 * 60) * MINUTE_MS, 'zh')).toBe('2 天 3 小时');
  });

  it("shows a refused command in the state machine's own words, other failures not", () => {
    const refused = new ApiRequestError({
      statusCode: 409,
      error: 'Conflict',
      message: 'Cannot verify an incident that is reported',
      code: 'illegal_transition',
      messages: {
        zh: '“待受理”状态不能核查结案',
        en: 'Cannot verify an incident that is reported',
      },
    } as ConstructorParameters<typeof ApiRequestError>[0]);
    expect(commandErrorText(refused, 'zh')).toBe('“待受理”状态不能核查结案');
    expect(commandErrorText(refused, 'en')).toBe('Cannot verify an incident that is reported');
    const plain = new ApiRequestError({ statusCode: 500, error: 'Server', message: 'boom' });
    expect(commandErrorText(plain, 'en')).toBeNull();
    expect(commandErrorText(new Error('x'), 'en')).toBeNull();
  });
});
