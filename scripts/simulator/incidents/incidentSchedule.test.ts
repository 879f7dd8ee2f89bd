import { describe, expect, it } from 'vitest';
import { findIncidentCategory } from '../../../src/domain/incidents/incidentCategories';
import type { BasemapCollection } from '../../../src/shared/api';
import { deriveIncidentPlaces, type PlaceBuilding } from './incidentPlaces';
import { activityAt, planIncidents } from './incidentSchedule';

const HOUR_MS = 60 * 60 * 1000;
/** 2026-11-27 00:00 in the district (UTC+8). */
const DISTRICT_MIDNIGHT_MS = Date.UTC(2026, 10, 26, 16);

function building(id: number, kind: PlaceBuilding['kind'], builtYear?: number): PlaceBuilding {
  return {
    id,
    name: `${id}号楼`,
    kind,
    center: { lon: 119.3 + id * 1e-4, lat: 26.08 },
    ...(builtYear === undefined ? {} : { builtYear }),
  };
}

const basemap: BasemapCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { kind: 'road', class: 'primary', name: '五四路', nameEn: 'Wusi Rd', widthM: 20 },
      geometry: {
        type: 'LineString',
        coordinates: [
          [119.3, 26.08],
          [119.31, 26.08],
          [119.32, 26.08],
        ],
      },
    },
    {
      type: 'Feature',
      properties: {
        kind: 'green',
        class: 'park',
        name: '西湖公园',
        nameEn: 'West Lake Park',
        widthM: 0,
      },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [119.3, 26.0],
            [119.31, 26.0],
            [119.31, 26.01],
            [119.3, 26.01],
            [119.3, 26.0],
          ],
        ],
      },
    },
  ],
};

const buildings = [
  building(1, 'commercial'),
  building(2, 'courtyard', 1988),
  building(3, 'slab', 2015),
  building(23, 'tower'),
  building(5, 'slab'),
];

describe('deriveIncidentPlaces', () => {
  it('turns the district into markets, old estates, a named school, roads and parks', () => {
    const places = deriveIncidentPlaces(buildings, basemap);
    const byId = new Map(places.map((place) => [place.id, place]));
    expect(byId.get('market:1')?.kind).toBe('market');
    expect(byId.get('estate:2')?.kind).toBe('old_estate');
    // Built in 2015: not an old estate.
    expect(byId.has('estate:3')).toBe(false);
    expect(byId.get('school:23')?.name).toContain('演示指定');
    expect(byId.get('road:0')).toMatchObject({ kind: 'road', name: '五四路', lon: 119.31 });
    expect(byId.get('park:1')).toMatchObject({ kind: 'park', name: '西湖公园' });
    expect(byId.get('park:1')?.lon).toBeCloseTo(119.305, 6);
  });
});

describe('planIncidents', () => {
  const places = deriveIncidentPlaces(buildings, basemap);
  const options = { seed: 3, ratePerMinute: 1 };

  it('is deterministic for a seed, and overlapping windows agree', () => {
    const day = planIncidents(
      places,
      DISTRICT_MIDNIGHT_MS,
      DISTRICT_MIDNIGHT_MS + 24 * HOUR_MS,
      options,
    );
    const again = planIncidents(
      places,
      DISTRICT_MIDNIGHT_MS,
      DISTRICT_MIDNIGHT_MS + 24 * HOUR_MS,
      options,
    );
    expect(again).toEqual(day);
    const afternoonFromMs = DISTRICT_MIDNIGHT_MS + 13.5 * HOUR_MS;
    const afternoon = planIncidents(
      places,
      afternoonFromMs,
      afternoonFromMs + 3 * HOUR_MS,
      options,
    );
    expect(afternoon).toEqual(
      day.filter(
        (entry) => entry.atMs >= afternoonFromMs && entry.atMs < afternoonFromMs + 3 * HOUR_MS,
      ),
    );
    const otherSeed = planIncidents(
      places,
      DISTRICT_MIDNIGHT_MS,
      DISTRICT_MIDNIGHT_MS + 24 * HOUR_MS,
      {
        ...options,
        seed: 4,
      },
    );
    expect(otherSeed).not.toEqual(day);
  });

  it('follows the diurnal rhythm: busy mornings and late afternoons, quiet nights', () => {
    const week = planIncidents(
      places,
      DISTRICT_MIDNIGHT_MS,
      DISTRICT_MIDNIGHT_MS + 7 * 24 * HOUR_MS,
      options,
    );
    const perHour = new Array<number>(24).fill(0);
    for (const entry of week) {
      const hour = Math.floor((entry.atMs - DISTRICT_MIDNIGHT_MS) / HOUR_MS) % 24;
      perHour[hour] = (perHour[hour] ?? 0) + 1;
    }
    const at = (hour: number) => perHour[hour] ?? 0;
    expect(at(8) + at(9)).toBeGreaterThan(8 * (at(2) + at(3)));
    expect(at(17)).toBeGreaterThan(at(13));
    // About the rate: 60 an hour at activity 1, seven days.
    expect(week.length).toBeGreaterThan(7 * 24 * 60 * 0.8);
    expect(week.length).toBeLessThan(7 * 24 * 60 * 1.2);
    expect(activityAt(DISTRICT_MIDNIGHT_MS + 3 * HOUR_MS)).toBeLessThan(0.2);
  });

  it('describes each incident in Chinese at its place, in a category of the domain', () => {
    const hour = planIncidents(
      places,
      DISTRICT_MIDNIGHT_MS + 9 * HOUR_MS,
      DISTRICT_MIDNIGHT_MS + 10 * HOUR_MS,
      options,
    );
    expect(hour.length).toBeGreaterThan(20);
    for (const entry of hour) {
      expect(findIncidentCategory(entry.categoryCode)).not.toBeNull();
      expect(entry.description).toContain(entry.place.name);
      expect(['worker', 'hotline', 'citizen']).toContain(entry.source);
      expect(Math.abs(entry.lat - entry.place.lat)).toBeLessThan(0.0005);
    }
    expect(new Set(hour.map((entry) => entry.source)).size).toBe(3);
  });
});
