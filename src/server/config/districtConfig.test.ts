import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DistrictConfigError, loadDistrictConfig, parseDistrictConfig } from './districtConfig';

const SAMPLE = fileURLToPath(new URL('../../../samples/district.config.json', import.meta.url));
const valid = {
  name: { zh: '示例区', en: 'Sample' },
  code: '350102',
  centre: { lon: 119.3, lat: 26.08 },
  timeZone: 'Asia/Shanghai',
  dataDir: 'data',
};

function problemsOf(value: unknown): DistrictConfigError {
  try {
    parseDistrictConfig(value, '/districts/x/district.config.json');
  } catch (error) {
    if (error instanceof DistrictConfigError) return error;
    throw error;
  }
  throw new Error('expected a DistrictConfigError');
}

describe('district configuration', () => {
  it('reads the sample, paths relative to its folder, bundled imagery', () => {
    const config = loadDistrictConfig(SAMPLE);
    const repo = path.resolve(path.dirname(SAMPLE), '..');
    expect(config).toMatchObject({
      code: '350102',
      timeZone: 'Asia/Shanghai',
      dataDir: path.join(repo, 'data-sample'),
      dbPath: path.join(repo, 'data-sample', 'district.sqlite'),
      tilesetsDir: path.join(repo, 'tilesets-sample'),
      imagery: { type: 'bundled' },
      tileset: null,
    });
  });

  it('fills defaults and resolves an offline tile package', () => {
    const config = parseDistrictConfig(
      { ...valid, imagery: { type: 'mbtiles', path: 'maps/base.mbtiles' } },
      '/districts/x/district.config.json',
    );
    expect(config.dbPath).toBe('/districts/x/data/district.sqlite');
    expect(config.imagery).toEqual({ type: 'mbtiles', path: '/districts/x/maps/base.mbtiles' });
  });

  it('accepts a Tianditu-like XYZ service with a key', () => {
    const url =
      'https://t{s}.tianditu.gov.cn/img_w/wmts?SERVICE=WMTS&REQUEST=GetTile&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY';
    const config = parseDistrictConfig(
      { ...valid, imagery: { type: 'xyz', url, subdomains: ['0', '1'] } },
      '/d/c.json',
    );
    expect(config.imagery).toMatchObject({ type: 'xyz', url });
  });

  it('lists every problem with its field, in Chinese and English', () => {
    const error = problemsOf({
      name: { zh: '', en: 'Sample' },
      code: '35010',
      centre: { lon: 200, lat: 26 },
      timeZone: 'Asia/Shanghai',
      colour: 'red',
    });
    expect(error.problemsEn).toEqual(
      expect.arrayContaining([
        '(root): missing field "dataDir"',
        '(root): unknown field "colour"',
        '/name/zh: must NOT have fewer than 1 characters',
        '/code: must match pattern "^\\d{6}$"',
        '/centre/lon: must be <= 136',
      ]),
    );
    expect(error.problemsZh).toEqual(
      expect.arrayContaining(['字段 (root)：缺少字段“dataDir”', '字段 /centre/lon：须 ≤ 136']),
    );
  });

  it('refuses an unknown time zone and an XYZ URL without {z}', () => {
    expect(problemsOf({ ...valid, timeZone: 'Mars/Olympus' }).problemsEn[0]).toMatch(/timeZone/);
    expect(problemsOf({ ...valid, timeZone: 'Europe/Berlin' }).problemsEn[0]).toMatch(/UTC\+8/);
    expect(
      parseDistrictConfig({ ...valid, timeZone: 'Asia/Chongqing' }, '/d/c.json').timeZone,
    ).toBe('Asia/Chongqing');
    expect(
      problemsOf({
        ...valid,
        imagery: { type: 'xyz', url: 'https://example/tiles.png' },
      }).problemsEn.join(),
    ).toMatch(/imagery\/url/);
  });
});
