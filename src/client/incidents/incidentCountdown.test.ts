import { describe, expect, it } from 'vitest';
import { formatCountdown } from './incidentCountdown';

describe('formatCountdown', () => {
  it('counts down the time left and up the time over, from the due instant on', () => {
    expect(formatCountdown((1 * 3600 + 2 * 60 + 3) * 1000 + 999)).toBe('01:02:03');
    expect(formatCountdown(59_000)).toBe('00:00:59');
    expect(formatCountdown(0)).toBe('+00:00:00');
    expect(formatCountdown(-(25 * 3600 + 61) * 1000)).toBe('+25:01:01');
  });
});
