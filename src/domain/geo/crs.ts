/**
 * Coordinate systems an import may state, and the one way into WGS84 (everything inside is
 * WGS84). Projections go through proj4; the Chinese web-map offsets (GCJ-02, BD-09) through
 * gcoord — both kept libraries, so no hand-written datum code here.
 *
 * CGCS2000 geographic is taken as WGS84: the two frames differ by centimetres, well under
 * what a footprint or a grid boundary carries. CGCS2000 3° Gauss-Krüger zones are named by their
 * zone number (25–45, central meridian 3 × zone); eastings with the zone prefix (EPSG:4513–4533,
 * e.g. 39 500 000) and without it (EPSG:4534–4554, e.g. 500 000) are both read, told apart by
 * their size.
 */
import gcoord from 'gcoord';
import proj4 from 'proj4';

export type Crs = 'wgs84' | 'cgcs2000' | 'gcj02' | 'bd09' | `cgcs2000-gk3:${number}`;

export const MIN_GK3_ZONE = 25;
export const MAX_GK3_ZONE = 45;
const GK3_ZONE_WIDTH_DEG = 3;
const FALSE_EASTING_M = 500_000;
const ZONE_PREFIX_FACTOR = 1_000_000;
/** EPSG codes of the zones with the prefix start here (zone 25); without it at 4534 (75°E). */
const EPSG_GK3_PREFIXED_FIRST = 4513;
const EPSG_GK3_PLAIN_FIRST = 4534;
const EPSG_GK3_PLAIN_LAST = 4554;

/** A coordinate system that cannot be read or a position outside it; `messageZh` for the screen. */
export class CrsError extends Error {
  readonly messageZh: string;
  constructor(message: string, messageZh?: string) {
    super(message);
    this.messageZh = messageZh ?? message;
  }
}

/**
 * The web-map offsets have a closed form only from WGS84 outwards; gcoord's way back is one
 * correction step, off by up to a metre or two. Newton-style refinement (the offset's Jacobian is
 * within 1e-3 of the identity) brings a round trip under a millimetre in a few steps.
 */
const OFFSET_INVERSE_MAX_STEPS = 10;
const OFFSET_INVERSE_TOLERANCE_DEG = 1e-10;

/** Reads a stated coordinate system: `wgs84`, `cgcs2000`, `gcj02`, `bd09`, `cgcs2000-gk3:39`, `EPSG:4527`. */
export function parseCrs(text: string): Crs {
  const value = text.trim().toLowerCase();
  if (value === 'wgs84' || value === 'epsg:4326') return 'wgs84';
  if (value === 'cgcs2000' || value === 'epsg:4490') return 'cgcs2000';
  if (value === 'gcj02' || value === 'gcj-02') return 'gcj02';
  if (value === 'bd09' || value === 'bd-09') return 'bd09';
  const gk = /^cgcs2000-gk3:(\d+)$/.exec(value);
  if (gk) return gk3Crs(Number(gk[1]));
  const epsg = /^epsg:(\d+)$/.exec(value);
  if (epsg) {
    const code = Number(epsg[1]);
    if (code >= EPSG_GK3_PREFIXED_FIRST && code < EPSG_GK3_PLAIN_FIRST) {
      return gk3Crs(MIN_GK3_ZONE + code - EPSG_GK3_PREFIXED_FIRST);
    }
    if (code >= EPSG_GK3_PLAIN_FIRST && code <= EPSG_GK3_PLAIN_LAST) {
      return gk3Crs(MIN_GK3_ZONE + code - EPSG_GK3_PLAIN_FIRST);
    }
  }
  throw new CrsError(
    `unknown coordinate system "${text}" (wgs84, cgcs2000, cgcs2000-gk3:<25–45>, gcj02, bd09, EPSG:4513–4554)`,
    `无法识别的坐标系“${text}”（可用：wgs84、cgcs2000、cgcs2000-gk3:<25–45>、gcj02、bd09、EPSG:4513–4554）`,
  );
}

function gk3Crs(zone: number): Crs {
  if (!Number.isInteger(zone) || zone < MIN_GK3_ZONE || zone > MAX_GK3_ZONE) {
    throw new CrsError(
      `Gauss-Krüger 3° zone ${zone} is outside China's zones 25–45`,
      `高斯-克吕格 3° 带号 ${zone} 不在中国范围（25–45）内`,
    );
  }
  return `cgcs2000-gk3:${zone}`;
}

export function gk3Zone(crs: Crs): number | null {
  const match = /^cgcs2000-gk3:(\d+)$/.exec(crs);
  return match ? Number(match[1]) : null;
}

const gk3Projections = new Map<number, proj4.Converter>();

function gk3Projection(zone: number): proj4.Converter {
  let converter = gk3Projections.get(zone);
  if (converter === undefined) {
    const centralMeridian = zone * GK3_ZONE_WIDTH_DEG;
    converter = proj4(
      `+proj=tmerc +lat_0=0 +lon_0=${centralMeridian} +k=1 +x_0=${FALSE_EASTING_M} +y_0=0 +ellps=GRS80 +units=m +no_defs`,
      'WGS84',
    );
    gk3Projections.set(zone, converter);
  }
  return converter;
}

/**
 * One position in `crs` to WGS84 [lon, lat]. Projected positions are [easting, northing] in
 * metres (the zone prefix optional); geographic ones [lon, lat] in degrees.
 */
export function toWgs84(crs: Crs, x: number, y: number): [number, number] {
  switch (crs) {
    case 'wgs84':
    case 'cgcs2000':
      return [x, y];
    case 'gcj02':
    case 'bd09':
      return offsetToWgs84(crs, x, y);
    default: {
      const zone = gk3Zone(crs);
      if (zone === null) {
        throw new CrsError(`unknown coordinate system "${crs}"`, `无法识别的坐标系“${crs}”`);
      }
      const easting = x >= ZONE_PREFIX_FACTOR ? x - zone * ZONE_PREFIX_FACTOR : x;
      if (easting < 0 || easting >= ZONE_PREFIX_FACTOR) {
        throw new CrsError(
          `easting ${x} does not lie in Gauss-Krüger zone ${zone}`,
          `东坐标 ${x} 不在高斯-克吕格 3° 带第 ${zone} 带内`,
        );
      }
      const [lon, lat] = gk3Projection(zone).forward([easting, y]);
      return [lon, lat];
    }
  }
}

/** WGS84 [lon, lat] into `crs` (for exports and round-trip checks). */
export function fromWgs84(crs: Crs, lon: number, lat: number): [number, number] {
  switch (crs) {
    case 'wgs84':
    case 'cgcs2000':
      return [lon, lat];
    case 'gcj02':
      return gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    case 'bd09':
      return gcoord.transform([lon, lat], gcoord.WGS84, gcoord.BD09) as [number, number];
    default: {
      const zone = gk3Zone(crs);
      if (zone === null) {
        throw new CrsError(`unknown coordinate system "${crs}"`, `无法识别的坐标系“${crs}”`);
      }
      const [easting, northing] = gk3Projection(zone).inverse([lon, lat]);
      return [easting + zone * ZONE_PREFIX_FACTOR, northing];
    }
  }
}

function offsetToWgs84(crs: 'gcj02' | 'bd09', x: number, y: number): [number, number] {
  const from = crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
  let [lon, lat] = gcoord.transform([x, y], from, gcoord.WGS84) as [number, number];
  for (let step = 0; step < OFFSET_INVERSE_MAX_STEPS; step += 1) {
    const [fx, fy] = fromWgs84(crs, lon, lat);
    const dx = x - fx;
    const dy = y - fy;
    lon += dx;
    lat += dy;
    if (Math.abs(dx) < OFFSET_INVERSE_TOLERANCE_DEG && Math.abs(dy) < OFFSET_INVERSE_TOLERANCE_DEG)
      break;
  }
  return [lon, lat];
}

/**
 * The coordinate system a Shapefile's .prj (ESRI or OGC WKT) states: WGS84 or CGCS2000
 * geographic, or a CGCS2000 3° Gauss-Krüger zone (with or without the zone prefix; the zone is
 * taken from the central meridian, so both the "Zone_39" and the "CM_117E" spellings read).
 * Anything else (Xi'an 80, Beijing 54, UTM, 6° zones, Web Mercator) is refused by name rather
 * than guessed: a wrong guess moves a boundary by hundreds of metres without a sign.
 */
export function crsFromPrj(wkt: string): Crs {
  const text = wkt.trim();
  const refuse = (whatEn: string, whatZh: string): never => {
    throw new CrsError(
      `the .prj states ${whatEn}; supported are WGS84, CGCS2000 and CGCS2000 3° Gauss-Krüger zones — reproject the file or state --crs`,
      `.prj 声明的坐标系为${whatZh}；仅支持 WGS84、CGCS2000 与 CGCS2000 3° 高斯-克吕格分带，请先转换或明确指定坐标系`,
    );
  };
  if (text === '') refuse('nothing (empty file)', '空（文件为空）');
  const head = /^\s*(PROJCS|PROJCRS|GEOGCS|GEOGCRS|GEODCRS)\s*\[\s*"([^"]*)"/i.exec(text);
  if (!head) refuse('no readable WKT', '无法解析的 WKT');
  const [, keyword, name] = head as RegExpExecArray;
  const projected = /^PROJ/i.test(keyword as string);
  const datum = /DATUM\s*\[\s*"([^"]*)"/i.exec(text)?.[1] ?? '';
  const isCgcs = /2000|CGCS|China_Geodetic/i.test(`${name} ${datum}`) && !/WGS/i.test(datum);
  const isWgs = /WGS[_ ]?(19)?84/i.test(`${name} ${datum}`);
  if (!projected) {
    if (isWgs) return 'wgs84';
    if (isCgcs) return 'cgcs2000';
    return refuse(`"${name}"`, `“${name}”`);
  }
  const authority = /AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]?\s*$/i.exec(text);
  if (authority) {
    const code = Number(authority[1]);
    if (code >= EPSG_GK3_PREFIXED_FIRST && code <= EPSG_GK3_PLAIN_LAST)
      return parseCrs(`EPSG:${code}`);
  }
  const projection = /PROJECTION\s*\[\s*"([^"]*)"/i.exec(text)?.[1] ?? '';
  if (!isCgcs || !/Gauss|Transverse_Mercator|tmerc/i.test(projection)) {
    return refuse(`"${name}"`, `“${name}”`);
  }
  const parameter = (key: string): number | null => {
    const match = new RegExp(`PARAMETER\\s*\\[\\s*"${key}"\\s*,\\s*([-+\\d.eE]+)`, 'i').exec(text);
    return match ? Number(match[1]) : null;
  };
  const centralMeridian = parameter('central_meridian') ?? parameter('longitude_of_origin');
  const scale = parameter('scale_factor') ?? 1;
  const falseEasting = parameter('false_easting') ?? FALSE_EASTING_M;
  const latitudeOfOrigin = parameter('latitude_of_origin') ?? 0;
  if (
    centralMeridian === null ||
    centralMeridian % GK3_ZONE_WIDTH_DEG !== 0 ||
    scale !== 1 ||
    latitudeOfOrigin !== 0
  ) {
    return refuse(`"${name}" (not a 3° zone)`, `“${name}”（不是 3° 分带）`);
  }
  const zone = centralMeridian / GK3_ZONE_WIDTH_DEG;
  const crs = gk3Crs(zone);
  if (
    falseEasting !== FALSE_EASTING_M &&
    falseEasting !== zone * ZONE_PREFIX_FACTOR + FALSE_EASTING_M
  ) {
    return refuse(
      `"${name}" (false easting ${falseEasting})`,
      `“${name}”（东伪偏移 ${falseEasting}）`,
    );
  }
  return crs;
}
