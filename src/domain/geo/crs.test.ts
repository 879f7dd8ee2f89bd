import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { CrsError, crsFromPrj, fromWgs84, parseCrs, toWgs84 } from './crs';

/** Published pairs of the wandergis/coordtransform README for (116.404, 39.915). */
const COORDTRANSFORM = {
  input: [116.404, 39.915],
  wgs84ToGcj02: [116.41024449916938, 39.91640428150164],
  gcj02ToBd09: [116.41036949371029, 39.92133699351021],
  bd09ToGcj02: [116.39762729119315, 39.90865673957631],
  /** coordtransform's way back is one approximate step: right within a couple of metres. */
  gcj02ToWgs84Approx: [116.39775550083061, 39.91359571849836],
} as const;

const METRES_PER_DEG = 111_320;

function offsetM(a: readonly number[], b: readonly number[]): number {
  const dLon = ((a[0] as number) - (b[0] as number)) * Math.cos(((a[1] as number) * Math.PI) / 180);
  const dLat = (a[1] as number) - (b[1] as number);
  return Math.hypot(dLon, dLat) * METRES_PER_DEG;
}

describe('GCJ-02 and BD-09 against published pairs', () => {
  const [lon, lat] = COORDTRANSFORM.input;

  it('WGS84 → GCJ-02 matches the published value', () => {
    const gcj = fromWgs84('gcj02', lon, lat);
    expect(gcj[0]).toBeCloseTo(COORDTRANSFORM.wgs84ToGcj02[0], 9);
    expect(gcj[1]).toBeCloseTo(COORDTRANSFORM.wgs84ToGcj02[1], 9);
  });

  it('GCJ-02 → WGS84 lands within 2 m of the approximate published value and round-trips under 1 mm', () => {
    const wgs = toWgs84('gcj02', lon, lat);
    expect(offsetM(wgs, COORDTRANSFORM.gcj02ToWgs84Approx)).toBeLessThan(2);
    expect(offsetM(fromWgs84('gcj02', wgs[0], wgs[1]), [lon, lat])).toBeLessThan(0.001);
  });

  it('BD-09 is GCJ-02 with the published second offset, both ways', () => {
    const fromBd = toWgs84('bd09', lon, lat);
    const viaGcj = toWgs84('gcj02', COORDTRANSFORM.bd09ToGcj02[0], COORDTRANSFORM.bd09ToGcj02[1]);
    // The published BD-09 → GCJ-02 is itself a closed-form approximation, good to ~5 cm.
    expect(offsetM(fromBd, viaGcj)).toBeLessThan(0.1);
    const wgsOfGcj = toWgs84('gcj02', lon, lat);
    const bd = fromWgs84('bd09', wgsOfGcj[0], wgsOfGcj[1]);
    expect(offsetM(bd, COORDTRANSFORM.gcj02ToBd09)).toBeLessThan(0.01);
  });

  it('round-trips under 1 mm across the country', () => {
    for (const point of [
      [119.2965, 26.0745],
      [87.6, 43.8],
      [126.6, 45.75],
      [110.3, 20.0],
      [121.47, 31.23],
    ] as const) {
      for (const crs of ['gcj02', 'bd09'] as const) {
        const there = fromWgs84(crs, point[0], point[1]);
        expect(offsetM(toWgs84(crs, there[0], there[1]), point)).toBeLessThan(0.001);
      }
    }
  });
});

describe('CGCS2000 3° Gauss-Krüger zones', () => {
  it('uses the transverse Mercator that reproduces the EPSG guidance note 7-2 worked example', () => {
    // OSGB 1936 / British National Grid: 50°30'N 0°30'E → E 577 274.99, N 69 740.50 (published).
    const osgb = proj4(
      '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +a=6377563.396 +rf=299.3249646 +units=m +no_defs',
    );
    const [e, n] = osgb.forward([0.5, 50.5]);
    expect(Math.abs(e - 577_274.99)).toBeLessThan(0.02);
    expect(Math.abs(n - 69_740.5)).toBeLessThan(0.02);
  });

  it('puts the central meridian at 500 km (with the zone prefix) and 45°N at the GRS80 meridian arc', () => {
    // Meridian arc from the equator to 45° on GRS80/WGS84: 4 984 944.378 m (published).
    const [e, n] = fromWgs84('cgcs2000-gk3:39', 117, 45);
    expect(e).toBeCloseTo(39_500_000, 3);
    expect(Math.abs(n - 4_984_944.378)).toBeLessThan(0.005);
    const back = toWgs84('cgcs2000-gk3:39', 39_500_000, 4_984_944.378);
    expect(back[0]).toBeCloseTo(117, 9);
    expect(back[1]).toBeCloseTo(45, 8);
  });

  it('reads eastings with and without the zone prefix as the same place', () => {
    const [e, n] = fromWgs84('cgcs2000-gk3:40', 119.2965, 26.0745);
    expect(e).toBeGreaterThan(40_000_000);
    const withPrefix = toWgs84('cgcs2000-gk3:40', e, n);
    const withoutPrefix = toWgs84('cgcs2000-gk3:40', e - 40_000_000, n);
    expect(offsetM(withPrefix, [119.2965, 26.0745])).toBeLessThan(0.001);
    expect(offsetM(withoutPrefix, withPrefix)).toBeLessThan(1e-6);
  });

  it('names zones by EPSG code: 4513–4533 with prefix, 4534–4554 without', () => {
    expect(parseCrs('EPSG:4527')).toBe('cgcs2000-gk3:39');
    expect(parseCrs('EPSG:4548')).toBe('cgcs2000-gk3:39');
    expect(parseCrs('EPSG:4513')).toBe('cgcs2000-gk3:25');
    expect(parseCrs('EPSG:4554')).toBe('cgcs2000-gk3:45');
    expect(() => parseCrs('EPSG:4555')).toThrow(CrsError);
  });

  it('refuses an easting outside the stated zone with a Chinese message too', () => {
    try {
      toWgs84('cgcs2000-gk3:39', 40_500_000, 3_000_000);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CrsError);
      expect((error as CrsError).messageZh).toMatch(/高斯/);
    }
  });
});

const GEOG_CGCS = `GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`;
const gkPrj = (
  name: string,
  falseEasting: number,
  cm: number,
  projection = 'Gauss_Kruger',
): string =>
  `PROJCS["${name}",${GEOG_CGCS},PROJECTION["${projection}"],PARAMETER["False_Easting",${falseEasting}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${cm}],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;

describe('crsFromPrj', () => {
  it('reads geographic WGS84 and CGCS2000', () => {
    expect(
      crsFromPrj(
        'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
      ),
    ).toBe('wgs84');
    expect(crsFromPrj(GEOG_CGCS)).toBe('cgcs2000');
  });

  it('reads a 3° zone with the prefix (Zone_39) and without (CM_117E) from the central meridian', () => {
    expect(crsFromPrj(gkPrj('CGCS2000_3_Degree_GK_Zone_39', 39_500_000, 117))).toBe(
      'cgcs2000-gk3:39',
    );
    expect(crsFromPrj(gkPrj('CGCS2000_3_Degree_GK_CM_117E', 500_000, 117))).toBe('cgcs2000-gk3:39');
    expect(
      crsFromPrj(gkPrj('CGCS2000_3_Degree_GK_CM_120E', 500_000, 120, 'Transverse_Mercator')),
    ).toBe('cgcs2000-gk3:40');
  });

  it('reads an OGC WKT by its EPSG authority', () => {
    const ogc = `PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 117E",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",117],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","4548"]]`;
    expect(crsFromPrj(ogc)).toBe('cgcs2000-gk3:39');
  });

  it('refuses other systems by name instead of guessing', () => {
    const xian = `PROJCS["Xian_1980_3_Degree_GK_Zone_39",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
    expect(() => crsFromPrj(xian)).toThrow(/Xian_1980/);
    expect(() => crsFromPrj(gkPrj('CGCS2000_6_Degree_GK_Zone_20', 20_500_000, 117 + 0))).toThrow(
      /false easting/,
    );
    expect(() => crsFromPrj(gkPrj('CGCS2000_GK_CM_118E', 500_000, 118))).toThrow(/not a 3° zone/);
    expect(() => crsFromPrj('')).toThrow(CrsError);
    expect(() => crsFromPrj('hello')).toThrow(/no readable WKT/);
  });
});
