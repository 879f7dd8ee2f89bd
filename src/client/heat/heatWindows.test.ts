import { describe, expect, it } from 'vitest';
import {
  HEAT_WINDOW_MS,
  filterHeatIncidents,
  heatIncidentsOf,
  windowStartMs,
  type HeatIncident,
} from './heatWindows';
import { FIXTURE_NOW_MS as NOW_MS, heatIncidentAged } from './heatIncidentFixture';

const MINUTE_MS = 60_000;

function at(id: string, ageMs: number, categoryCode = 'street_order'): HeatIncident {
  return heatIncidentAged(id, ageMs, categoryCode);
}

describe('heat windows', () => {
  const incidents = [
    at('now', 0),
    at('59min', 59 * MINUTE_MS),
    at('61min', 61 * MINUTE_MS, 'dispute'),
    at('23h', 23 * 60 * MINUTE_MS),
    at('6d', 6 * 24 * 60 * MINUTE_MS, 'dispute'),
    at('29d', 29 * 24 * 60 * MINUTE_MS),
    at('31d', 31 * 24 * 60 * MINUTE_MS),
    at('future', -MINUTE_MS),
  ];
  const ids = (list: HeatIncident[]) => list.map((incident) => incident.id);

  it('keeps the reports younger than each window, never one from the future', () => {
    expect(
      ids(filterHeatIncidents(incidents, { window: '1h', categoryCode: null }, NOW_MS)),
    ).toEqual(['now', '59min']);
    expect(
      filterHeatIncidents(incidents, { window: '24h', categoryCode: null }, NOW_MS),
    ).toHaveLength(4);
    expect(
      filterHeatIncidents(incidents, { window: '7d', categoryCode: null }, NOW_MS),
    ).toHaveLength(5);
    expect(
      filterHeatIncidents(incidents, { window: '30d', categoryCode: null }, NOW_MS),
    ).toHaveLength(6);
  });

  it('filters by category inside the window', () => {
    expect(
      ids(filterHeatIncidents(incidents, { window: '7d', categoryCode: 'dispute' }, NOW_MS)),
    ).toEqual(['61min', '6d']);
  });

  it('starts each window its length before now, the window edge included', () => {
    expect(windowStartMs('24h', NOW_MS)).toBe(NOW_MS - HEAT_WINDOW_MS['24h']);
    const edge = at('edge', HEAT_WINDOW_MS['1h']);
    expect(filterHeatIncidents([edge], { window: '1h', categoryCode: null }, NOW_MS)).toHaveLength(
      1,
    );
  });

  it('reads the compact REST rows and drops an unknown category index', () => {
    const incidentsRead = heatIncidentsOf({
      categoryCodes: ['street_order', 'dispute'],
      rows: [
        ['INC1', 119.3, 26.08, NOW_MS, 1, '350102001001001'],
        ['INC2', 119.3, 26.08, NOW_MS, 7, '350102001001001'],
      ],
      nowMs: NOW_MS,
      truncated: false,
    });
    expect(incidentsRead).toEqual([
      {
        id: 'INC1',
        lon: 119.3,
        lat: 26.08,
        reportedAtMs: NOW_MS,
        categoryCode: 'dispute',
        gridCode: '350102001001001',
      },
    ]);
  });
});
