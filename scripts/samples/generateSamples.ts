/**
 * `npm run samples`: writes the sample files (demo data, generated, deterministic) into
 * `samples/` — or the folder given as the first argument — so the committed files can be
 * regenerated and checked for drift: grids in GCJ-02 (clean and with mistakes), the same clean
 * grids as a zipped GBK Shapefile in CGCS2000 Gauss-Krüger zone 40, footprints in GCJ-02, the
 * grid workers' roster, and a district configuration for them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromWgs84 } from '../../src/domain/geo/crs';
import { toLonLat } from '../../src/domain/geo/localFrame';
import { zippedShapefiles } from '../../src/server/testing/shapefileZip';
import {
  SAMPLE_ORIGIN,
  sampleFootprints,
  sampleGridRings,
  sampleGrids,
  sampleGridsWithMistakes,
  sampleWorkerRoster,
} from './sampleDistrict';

const GK_ZONE = 40;
const CGCS_GK_ZONE_40_PRJ = `PROJCS["CGCS2000_3_Degree_GK_Zone_40",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",40500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;

export const SAMPLE_DISTRICT_CONFIG = {
  $comment: 'Sample district (demo data). Paths are relative to this file.',
  name: { zh: '鼓楼区示范街道（演示）', en: 'Gulou sample street (demo)' },
  code: '350102',
  centre: { lon: 119.2985, lat: 26.0855 },
  timeZone: 'Asia/Shanghai',
  dataDir: '../data-sample',
  tilesetsDir: '../tilesets-sample',
  imagery: { type: 'bundled' },
};

export function sampleFiles(): Map<string, Buffer> {
  const json = (value: unknown): Buffer =>
    Buffer.from(`${JSON.stringify(value, null, 1)}\n`, 'utf8');
  const zone = `cgcs2000-gk3:${GK_ZONE}` as const;
  const gridLayer = {
    name: '示范街道网格',
    fields: [
      { name: '网格编码', length: 20 },
      { name: '网格名称', length: 40 },
      { name: '层级', length: 2 },
      { name: '上级编码', length: 20 },
    ],
    prj: CGCS_GK_ZONE_40_PRJ,
    features: sampleGridRings().map(({ plan, ring }) => ({
      polygons: [
        [
          ring.map(([east, north]) => {
            const wgs = toLonLat(SAMPLE_ORIGIN, east, north);
            return fromWgs84(zone, wgs.lon, wgs.lat).map((value) => Number(value.toFixed(3)));
          }),
        ],
      ],
      attributes: {
        网格编码: plan.code,
        网格名称: plan.name,
        层级: String(plan.level),
        上级编码: plan.parent,
      },
    })),
  };
  return new Map([
    ['grids-gcj02.geojson', json(sampleGrids())],
    ['grids-gcj02-with-mistakes.geojson', json(sampleGridsWithMistakes())],
    ['grids-cgcs2000-gk3-zone40.zip', zippedShapefiles([gridLayer])],
    ['footprints-gcj02.geojson', json(sampleFootprints())],
    ['workers.csv', Buffer.from(sampleWorkerRoster(), 'utf8')],
    ['district.config.json', json(SAMPLE_DISTRICT_CONFIG)],
  ]);
}

const isMain =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const outDir = path.resolve(process.argv[2] ?? 'samples');
  mkdirSync(outDir, { recursive: true });
  for (const [name, data] of sampleFiles()) {
    writeFileSync(path.join(outDir, name), data);
    console.log(`${path.join(outDir, name)} (${data.length} bytes)`);
  }
}
