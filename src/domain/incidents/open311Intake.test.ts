import { describe, expect, it } from 'vitest';
import { OPEN311_MAX_DESCRIPTION_CHARS, parseOpen311CreateRequest } from './open311Intake';

describe('parseOpen311CreateRequest', () => {
  it('turns a valid request into a category, a point and a description', () => {
    expect(
      parseOpen311CreateRequest({
        service_code: 'SG02',
        lat: '26.08',
        long: '119.3',
        description: '  Loose cable over the lane ',
        media_url: 'https://example.org/cable.jpg',
      }),
    ).toEqual({
      ok: true,
      categoryCode: 'safety_hazard',
      location: { lon: 119.3, lat: 26.08 },
      description: 'Loose cable over the lane',
      mediaUrl: 'https://example.org/cable.jpg',
    });
  });

  it('lists every problem as a GeoReport error', () => {
    const result = parseOpen311CreateRequest({
      service_code: 'XX',
      lat: '91',
      long: 'east',
      description: 'x'.repeat(OPEN311_MAX_DESCRIPTION_CHARS + 1),
      media_url: 'javascript:alert(1)',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(5);
    expect(result.errors.every((error) => error.code === 400)).toBe(true);
    expect(result.errors.map((error) => error.description).join(' ')).toMatch(
      /service_code.*lat is out of range.*long must be a number.*description.*media_url/,
    );
  });

  it('says a coordinate is out of range, not that it is missing', () => {
    const descriptions = (params: Record<string, unknown>) => {
      const result = parseOpen311CreateRequest({ service_code: 'CM01', ...params });
      return result.ok ? [] : result.errors.map((error) => error.description);
    };
    expect(descriptions({ lat: '91', long: '119.3' })).toEqual([
      expect.stringMatching(/^lat is out of range: -90 to 90/),
    ]);
    expect(descriptions({ lat: -90.5, long: '181' }).join(' ')).toMatch(
      /lat is out of range.*long is out of range: -180 to 180/,
    );
    expect(descriptions({ long: '119.3' })).toEqual([
      expect.stringMatching(/^lat and long are required/),
    ]);
  });

  it('refuses a contact nobody could use, with a clear error per field', () => {
    const base = { service_code: 'CM01', lat: '26.08', long: '119.3' };
    for (const email of ['not-an-email', 'a@b', 'a b@example.org', '<x>@example.org', 'a@@b.org']) {
      const result = parseOpen311CreateRequest({ ...base, email });
      expect(result.ok, email).toBe(false);
      if (!result.ok) expect(result.errors[0]?.description).toMatch(/^email is not a valid/);
    }
    for (const phone of ['12', 'call me', '1380013800012345678', '+86 138 abc', '--', 42]) {
      const result = parseOpen311CreateRequest({ ...base, phone });
      expect(result.ok, String(phone)).toBe(false);
      if (!result.ok) expect(result.errors[0]?.description).toMatch(/^phone must be/);
    }
    for (const contact of [
      { email: 'zhang.san+report@mail.example.cn', phone: '13800001234' },
      { email: '', phone: '+86 138-0000-1234' },
      { phone: '0591-8765 4321' },
      { phone: '(0591) 87654321' },
      {},
    ]) {
      expect(parseOpen311CreateRequest({ ...base, ...contact }).ok, JSON.stringify(contact)).toBe(
        true,
      );
    }
  });

  it('needs a point: an empty coordinate is not zero', () => {
    expect(parseOpen311CreateRequest({ service_code: 'CM01', lat: '', long: '119.3' }).ok).toBe(
      false,
    );
    expect(parseOpen311CreateRequest({ service_code: 'CM01', lat: 0, long: 0 })).toMatchObject({
      ok: true,
      mediaUrl: null,
      description: '',
    });
  });
});
