import { describe, expect, it } from 'vitest';
import { toLonLat } from '../geo/localFrame';
import type { Incident } from './incident';
import { DUPLICATE_RADIUS_M, DUPLICATE_WINDOW_MS, suggestDuplicates } from './duplicateSuggestions';
import { HOUR_MS, incidentIn, reportAt, T0_MS } from './incidentFixtures.test-helper';

const SITE = { lon: 119.3, lat: 26.08 };

function placed(incident: Incident, id: string, eastM: number, reportedAtMs = T0_MS): Incident {
  return { ...incident, id, location: toLonLat(SITE, eastM, 0), reportedAtMs };
}

describe('suggestDuplicates', () => {
  const open = reportAt(T0_MS);
  const report = { categoryCode: 'street_order', location: SITE, reportedAtMs: T0_MS + HOUR_MS };

  it('offers open incidents of the same category within the radius, nearest first', () => {
    const incidents = [
      placed(open, 'far-inside', 40),
      placed(open, 'near', 5),
      placed(open, 'edge', DUPLICATE_RADIUS_M - 0.01),
      placed(open, 'outside', DUPLICATE_RADIUS_M + 0.5),
    ];
    const candidates = suggestDuplicates(report, incidents);
    expect(candidates.map((candidate) => candidate.incident.id)).toEqual([
      'near',
      'far-inside',
      'edge',
    ]);
    expect(candidates[0]?.distanceM).toBeCloseTo(5, 3);
  });

  it('ignores other categories, closed incidents and reports outside the time window', () => {
    const closed = incidentIn('closed');
    const incidents = [
      placed({ ...open, categoryCode: 'city_appearance' }, 'other-category', 1),
      placed(closed, 'closed', 1),
      placed(incidentIn('rejected'), 'rejected', 1),
      placed(open, 'too-old', 1, report.reportedAtMs - DUPLICATE_WINDOW_MS - 1),
      placed(open, 'just-in-window', 1, report.reportedAtMs - DUPLICATE_WINDOW_MS),
      placed(incidentIn('handling'), 'handling', 2),
    ];
    expect(suggestDuplicates(report, incidents).map((candidate) => candidate.incident.id)).toEqual([
      'just-in-window',
      'handling',
    ]);
  });

  it('honours a custom radius and window', () => {
    const incidents = [placed(open, 'a', 80, report.reportedAtMs - 3 * HOUR_MS)];
    expect(suggestDuplicates(report, incidents)).toEqual([]);
    expect(suggestDuplicates(report, incidents, { radiusM: 100 })).toHaveLength(1);
    expect(suggestDuplicates(report, incidents, { radiusM: 100, windowMs: HOUR_MS })).toEqual([]);
  });
});
