/**
 * The district configuration file (`DISTRICT_CONFIG=path/to/district.config.json`): the
 * district's name, code, centre, time zone, where its data and tilesets live, an optional
 * third-party tileset and the base imagery. Checked against a TypeBox schema with ajv; every
 * problem is listed in Chinese and English with the field it concerns. Relative paths are read
 * from the configuration file's folder, so a district folder can be moved as a whole.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import Ajv from 'ajv';

const NonEmpty = Type.String({ minLength: 1 });

export const ImagerySchema = Type.Union([
  Type.Object({ type: Type.Literal('bundled') }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('xyz'),
      /** `{z}`, `{x}`, `{y}` (and `{s}` for subdomains), e.g. a Tianditu URL with its `tk=` key. */
      url: Type.String({ pattern: '\\{z\\}' }),
      subdomains: Type.Optional(Type.Array(NonEmpty)),
      maximumLevel: Type.Optional(Type.Integer({ minimum: 0, maximum: 22 })),
      credit: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('wmts'),
      url: NonEmpty,
      layer: NonEmpty,
      style: Type.String(),
      tileMatrixSetId: NonEmpty,
      format: Type.Optional(NonEmpty),
      maximumLevel: Type.Optional(Type.Integer({ minimum: 0, maximum: 22 })),
      credit: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Union([Type.Literal('mbtiles'), Type.Literal('pmtiles')]), path: NonEmpty },
    { additionalProperties: false },
  ),
]);

export const DistrictConfigSchema = Type.Object(
  {
    $comment: Type.Optional(Type.String()),
    name: Type.Object({ zh: NonEmpty, en: NonEmpty }, { additionalProperties: false }),
    code: Type.String({ pattern: '^\\d{6}$' }),
    centre: Type.Object(
      {
        lon: Type.Number({ minimum: 73, maximum: 136 }),
        lat: Type.Number({ minimum: 3, maximum: 54 }),
      },
      { additionalProperties: false },
    ),
    timeZone: NonEmpty,
    dataDir: NonEmpty,
    /** The register file; default `<dataDir>/district.sqlite`. */
    dbPath: Type.Optional(NonEmpty),
    /** The built 3D Tiles; default `<dataDir>/tilesets`. */
    tilesetsDir: Type.Optional(NonEmpty),
    /** A third-party 3D Tiles tileset (path to its tileset.json, or an URL) shown as the visual layer. */
    tileset: Type.Optional(NonEmpty),
    imagery: Type.Optional(ImagerySchema),
  },
  { additionalProperties: false },
);

export type DistrictConfigFile = Static<typeof DistrictConfigSchema>;
export type ImageryConfig = Static<typeof ImagerySchema>;

/** The configuration with every path absolute and defaults filled in. */
export interface DistrictConfig {
  name: { zh: string; en: string };
  code: string;
  centre: { lon: number; lat: number };
  timeZone: string;
  dataDir: string;
  dbPath: string;
  tilesetsDir: string;
  tileset: string | null;
  imagery: ImageryConfig;
  /** The file it came from. */
  source: string;
}

export class DistrictConfigError extends Error {
  constructor(
    readonly problemsEn: string[],
    readonly problemsZh: string[],
    source: string,
  ) {
    super(`district configuration ${source}:\n  ${problemsEn.join('\n  ')}`);
  }

  /** Both languages, for the console. */
  describe(): string {
    return this.problemsZh.map((zh, i) => `${zh}\n    ${this.problemsEn[i]}`).join('\n');
  }
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(DistrictConfigSchema);

export function loadDistrictConfig(filePath: string): DistrictConfig {
  const source = path.resolve(filePath);
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (error) {
    throw new DistrictConfigError(
      [`cannot be read: ${(error as Error).message}`],
      [`辖区配置文件无法读取：${(error as Error).message}`],
      source,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DistrictConfigError(
      [`is not valid JSON: ${(error as Error).message}`],
      [`辖区配置文件不是有效的 JSON：${(error as Error).message}`],
      source,
    );
  }
  return parseDistrictConfig(parsed, source);
}

export function parseDistrictConfig(value: unknown, source: string): DistrictConfig {
  const en: string[] = [];
  const zh: string[] = [];
  if (!validate(value)) {
    // A union's branches each complain; keep one line per field and message.
    const seen = new Set<string>();
    for (const error of validate.errors ?? []) {
      const field = error.instancePath === '' ? '(root)' : error.instancePath;
      const detail =
        error.keyword === 'additionalProperties'
          ? `unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"`
          : error.keyword === 'required'
            ? `missing field "${(error.params as { missingProperty: string }).missingProperty}"`
            : (error.message ?? error.keyword);
      const line = `${field}: ${detail}`;
      if (seen.has(line)) continue;
      seen.add(line);
      en.push(line);
      zh.push(`字段 ${field}：${translate(detail)}`);
    }
  }
  const file = value as DistrictConfigFile;
  if (en.length === 0 && !isTimeZone(file.timeZone)) {
    en.push(`/timeZone: "${file.timeZone}" is not an IANA time zone (e.g. Asia/Shanghai)`);
    zh.push(`字段 /timeZone：“${file.timeZone}”不是有效的时区（例如 Asia/Shanghai）`);
  }
  if (en.length === 0 && isTimeZone(file.timeZone) && !keepsChinaStandardTime(file.timeZone)) {
    // District time (domain/districtTime.ts: "today", replay presets, Open311 stamps) is UTC+8
    // throughout; a zone that is not would give wrong days without any sign.
    en.push(
      `/timeZone: "${file.timeZone}" is not UTC+8 all year; only China Standard Time is supported`,
    );
    zh.push(
      `字段 /timeZone：“${file.timeZone}”不是全年 UTC+8；目前仅支持中国标准时间（如 Asia/Shanghai）`,
    );
  }
  if (en.length > 0) throw new DistrictConfigError(en, zh, source);
  const folder = path.dirname(source);
  const resolve = (p: string): string => path.resolve(folder, p);
  const dataDir = resolve(file.dataDir);
  const imagery = file.imagery ?? { type: 'bundled' };
  return {
    name: file.name,
    code: file.code,
    centre: file.centre,
    timeZone: file.timeZone,
    dataDir,
    dbPath: file.dbPath ? resolve(file.dbPath) : path.join(dataDir, 'district.sqlite'),
    tilesetsDir: file.tilesetsDir ? resolve(file.tilesetsDir) : path.join(dataDir, 'tilesets'),
    tileset:
      file.tileset === undefined
        ? null
        : /^https?:\/\//.test(file.tileset)
          ? file.tileset
          : resolve(file.tileset),
    imagery: 'path' in imagery ? { ...imagery, path: resolve(imagery.path) } : imagery,
    source,
  };
}

/** UTC+8 in winter and in summer (no daylight saving). */
function keepsChinaStandardTime(zone: string): boolean {
  const format = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' });
  const offsetOf = (date: Date): string =>
    format.formatToParts(date).find((part) => part.type === 'timeZoneName')?.value ?? '';
  return [Date.UTC(2026, 0, 15), Date.UTC(2026, 6, 15)].every(
    (time) => offsetOf(new Date(time)) === 'GMT+08:00',
  );
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function translate(detail: string): string {
  return detail
    .replace(/^unknown field "(.*)"$/, '未知字段“$1”')
    .replace(/^missing field "(.*)"$/, '缺少字段“$1”')
    .replace(/^must match pattern "(.*)"$/, '格式不符（$1）')
    .replace(/^must be <= (.*)$/, '须 ≤ $1')
    .replace(/^must be >= (.*)$/, '须 ≥ $1')
    .replace(/^must be (string|number|integer|object|array)$/, '类型须为 $1')
    .replace(/^must NOT have fewer than 1 characters$/, '不能为空')
    .replace(/^must be equal to constant$/, '取值不在允许范围内')
    .replace(/^must match a schema in anyOf$/, '不符合任何一种允许的写法');
}
