import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { photogrammetryFromEnv, PhotogrammetryConfigError } from './photogrammetryConfig';

describe('photogrammetry setting', () => {
  it('is absent unless configured', () => {
    expect(photogrammetryFromEnv({})).toBeNull();
    expect(photogrammetryFromEnv({ PHOTOGRAMMETRY_TILESET: '  ' })).toBeNull();
  });

  it('takes a URL as it is and a local file as served here', () => {
    expect(
      photogrammetryFromEnv({ PHOTOGRAMMETRY_TILESET: 'http://10.0.0.2/model/tileset.json' }),
    ).toEqual({
      url: 'http://10.0.0.2/model/tileset.json',
      localDir: null,
      offset: { eastM: 0, northM: 0, upM: 0 },
    });
    const dir = mkdtempSync(join(tmpdir(), 'pg-'));
    writeFileSync(join(dir, 'root.json'), '{}');
    expect(
      photogrammetryFromEnv({
        PHOTOGRAMMETRY_TILESET: join(dir, 'root.json'),
        PHOTOGRAMMETRY_OFFSET: '0, 0, -12.5',
      }),
    ).toEqual({
      url: '/photogrammetry/root.json',
      localDir: dir,
      offset: { eastM: 0, northM: 0, upM: -12.5 },
    });
  });

  it('refuses a missing file or a bad offset, in both languages', () => {
    expect(() =>
      photogrammetryFromEnv({ PHOTOGRAMMETRY_TILESET: '/no/such/tileset.json' }),
    ).toThrow(/no tileset file.*找不到/);
    expect(() =>
      photogrammetryFromEnv({
        PHOTOGRAMMETRY_TILESET: 'http://x/t.json',
        PHOTOGRAMMETRY_OFFSET: '1,2',
      }),
    ).toThrow(PhotogrammetryConfigError);
  });
});
