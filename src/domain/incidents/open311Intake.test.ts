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
    expect(result.errors).toHaveLength(4);
    expect(result.errors.every((error) => error.code === 400)).toBe(true);
    expect(result.errors.map((error) => error.description).join(' ')).toMatch(
      /service_code.*lat.*description.*media_url/,
    );
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
