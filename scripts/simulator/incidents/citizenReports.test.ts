import { describe, expect, it } from 'vitest';
import { citizenReportText } from './citizenReports';

describe('citizenReportText', () => {
  it('wraps the scene in a resident’s words, the same for the same key', () => {
    const text = citizenReportText('1:100:0', { address: '东湖街道解放路12号1座' }, '路灯损坏');
    expect(text.description).toContain('路灯损坏');
    expect(text.description.length).toBeGreaterThan('路灯损坏'.length);
    expect(text.description).toMatch(/[。！]$/);
    expect(text.address).toBe('东湖街道解放路12号1座');
    expect(citizenReportText('1:100:0', {}, '路灯损坏')).toEqual({ ...text, address: '' });
  });

  it('varies the wording between reports', () => {
    const wordings = new Set(
      Array.from(
        { length: 40 },
        (_, index) => citizenReportText(`1:1:${index}`, {}, 'X').description,
      ),
    );
    expect(wordings.size).toBeGreaterThan(5);
  });
});
