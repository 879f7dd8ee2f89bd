import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gridsImportKind } from '../../src/server/imports/grids/gridsImportKind';
import { openDatabase, type SqliteDatabase } from '../../src/server/store/openDatabase';
import { sampleFiles } from './generateSamples';

const SAMPLES_DIR = new URL('../../samples/', import.meta.url);
let dir: string;
let db: SqliteDatabase;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-samples-'));
  db = openDatabase(join(dir, 'district.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const base = { dryRun: false, actor: 'admin' } as const;

describe('sample files', () => {
  it('are what the generator writes (no drift, deterministic)', () => {
    for (const [name, data] of sampleFiles()) {
      expect(readFileSync(new URL(name, SAMPLES_DIR)).equals(data), name).toBe(true);
    }
  });

  it('clean GCJ-02 grids import with no problem: 1 district, 1 street, 2 communities, 6 base grids', async () => {
    const summary = await gridsImportKind.run(
      db,
      new URL('grids-gcj02.geojson', SAMPLES_DIR).pathname,
      {
        ...base,
        crs: 'gcj02',
      },
    );
    expect(summary.problems).toEqual([]);
    const levels = db
      .prepare('SELECT level, count(*) AS n FROM grids GROUP BY level ORDER BY level')
      .all();
    expect(levels).toEqual([
      { level: 1, n: 1 },
      { level: 2, n: 1 },
      { level: 3, n: 2 },
      { level: 4, n: 6 },
    ]);
  });

  it('the Shapefile in Gauss-Krüger zone 40 lands on the GCJ-02 GeoJSON once both are in WGS84', async () => {
    await gridsImportKind.run(db, new URL('grids-gcj02.geojson', SAMPLES_DIR).pathname, {
      ...base,
      crs: 'gcj02',
    });
    const fromGeoJson = db
      .prepare('SELECT code, center_lon AS lon, center_lat AS lat FROM grids ORDER BY code')
      .all() as Array<{
      code: string;
      lon: number;
      lat: number;
    }>;
    const second = openDatabase(join(dir, 'second.sqlite'));
    const summary = await gridsImportKind.run(
      second,
      new URL('grids-cgcs2000-gk3-zone40.zip', SAMPLES_DIR).pathname,
      {
        ...base,
        crs: 'wgs84',
      },
    );
    expect(summary.problems).toEqual([]);
    const fromShapefile = second
      .prepare('SELECT code, center_lon AS lon, center_lat AS lat FROM grids ORDER BY code')
      .all() as typeof fromGeoJson;
    second.close();
    expect(fromShapefile.map((row) => row.code)).toEqual(fromGeoJson.map((row) => row.code));
    fromShapefile.forEach((row, i) => {
      const other = fromGeoJson[i]!;
      expect(
        turf.distance([row.lon, row.lat], [other.lon, other.lat], { units: 'meters' }),
      ).toBeLessThan(0.05);
    });
  });

  it('the file with mistakes lists the overlap, the gap, the bad code and the self-intersection, and writes nothing', async () => {
    const summary = await gridsImportKind.run(
      db,
      new URL('grids-gcj02-with-mistakes.geojson', SAMPLES_DIR).pathname,
      {
        ...base,
        crs: 'gcj02',
      },
    );
    const codes = summary.problems.map((problem) => problem.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'grid-overlap',
        'grid-gap',
        'grid-code-format',
        'grid-self-intersection',
      ]),
    );
    expect(db.prepare('SELECT count(*) AS n FROM grids').get()).toEqual({ n: 0 });
  });

  it('footprints lie inside the base grids and include L, U and courtyard shapes', async () => {
    await gridsImportKind.run(db, new URL('grids-gcj02.geojson', SAMPLES_DIR).pathname, {
      ...base,
      crs: 'gcj02',
    });
    const footprints = JSON.parse(
      readFileSync(new URL('footprints-gcj02.geojson', SAMPLES_DIR), 'utf8'),
    ) as {
      features: Array<{ properties: { shape: string }; geometry: { coordinates: number[][][] } }>;
    };
    expect(footprints.features.length).toBe(20);
    expect(new Set(footprints.features.map((f) => f.properties.shape))).toEqual(
      new Set(['slab', 'tower', 'l', 'u', 'courtyard', 'commercial']),
    );
    expect(footprints.features.some((f) => f.geometry.coordinates.length === 2)).toBe(true);
    const baseGrids = (
      db.prepare('SELECT polygon FROM grids WHERE level = 4').all() as Array<{ polygon: string }>
    ).map((row) => turf.feature(JSON.parse(row.polygon) as GeoJSON.Polygon));
    // Footprints are GCJ-02: shifted a few hundred metres from WGS84, so compare in GCJ-02 terms
    // by checking each footprint's centroid lies in some base grid after the shift is undone.
    const { toWgs84 } = await import('../../src/domain/geo/crs');
    for (const footprint of footprints.features) {
      const ring = footprint.geometry.coordinates[0]!.map(([lon, lat]) =>
        toWgs84('gcj02', lon!, lat!),
      );
      const inside = baseGrids.some((grid) => turf.booleanWithin(turf.polygon([ring]), grid));
      expect(inside).toBe(true);
    }
  });
});
