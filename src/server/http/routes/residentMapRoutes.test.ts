/**
 * The resident page's map against the real server: public, the district's boundary and its base
 * map, and nothing about any person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPointInArea } from '../../../domain/geo/polygonContainment';
import type { GridNode } from '../../../shared/api';
import type { ResidentMap } from '../../../shared/residentMap';
import { startTestServer, type TestServer } from '../../testing/testServer';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

describe("the resident page's map", () => {
  it('answers without a session with the district boundary and base map only', async () => {
    const answer = await server.request('GET', '/api/resident/map');
    expect(answer.status).toBe(200);
    const map = answer.json as ResidentMap;
    expect(['Polygon', 'MultiPolygon']).toContain(map.boundary.type);
    expect(map.basemap.type).toBe('FeatureCollection');
    const [west, south, east, north] = map.bbox;
    expect(west).toBeLessThan(east);
    expect(south).toBeLessThan(north);
    expect(Object.keys(map).sort()).toEqual(
      ['basemap', 'bbox', 'boundary', 'center', 'districtName', 'districtNameEn'].sort(),
    );

    // Every base grid's centre lies inside the boundary the page checks taps against.
    const admin = await server.login('admin');
    const grids = (await server.request('GET', '/api/grids', { token: admin })).json as GridNode[];
    const baseGrids = grids.filter((grid) => grid.level === 4);
    expect(baseGrids.length).toBeGreaterThan(0);
    for (const grid of baseGrids) expect(isPointInArea(grid.center, map.boundary)).toBe(true);
    expect(isPointInArea({ lon: east + 0.01, lat: north + 0.01 }, map.boundary)).toBe(false);
  });
});
