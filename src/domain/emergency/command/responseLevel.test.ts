import { describe, expect, it } from 'vitest';
import {
  checkLevelChange,
  compareLevels,
  levelAbove,
  levelBelow,
  responseLevelName,
} from './responseLevel';

describe('the response level scale', () => {
  it('runs from Ⅳ (lowest) to Ⅰ (highest)', () => {
    expect(levelAbove('IV')).toBe('III');
    expect(levelAbove('II')).toBe('I');
    expect(levelAbove('I')).toBeNull();
    expect(levelBelow('III')).toBe('IV');
    expect(levelBelow('IV')).toBeNull();
    expect(compareLevels('I', 'IV')).toBeGreaterThan(0);
    expect(responseLevelName('II').zh).toBe('Ⅱ级（重大）');
  });

  it('needs a reason and a different level, and names the direction', () => {
    expect(checkLevelChange('IV', 'II', '下风向住户增多')).toEqual({
      ok: true,
      direction: 'escalate',
    });
    expect(checkLevelChange('II', 'III', '泄漏已控制')).toEqual({
      ok: true,
      direction: 'deescalate',
    });
    expect(checkLevelChange('III', 'III', '同级')).toEqual({ ok: false, problem: 'same_level' });
    expect(checkLevelChange('IV', 'III', '  ')).toEqual({ ok: false, problem: 'reason_required' });
  });
});
