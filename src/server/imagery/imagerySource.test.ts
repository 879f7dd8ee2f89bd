import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zxyToTileId } from 'pmtiles';
import { afterEach, expect, it } from 'vitest';
import { openImagerySource } from './imagerySource';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

/** A one-tile PMTiles v3 archive (spec: header 127 bytes, root directory, tile data; no compression). */
function oneTileArchive(z: number, x: number, y: number, tile: Buffer): Buffer {
  const directory = Buffer.from([
    ...varint(1),
    ...varint(zxyToTileId(z, x, y)),
    ...varint(1),
    ...varint(tile.length),
    ...varint(0 + 1),
  ]);
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'latin1');
  header.writeUInt8(3, 7);
  const u64 = (offset: number, value: number): void => {
    header.writeBigUInt64LE(BigInt(value), offset);
  };
  u64(8, 127); // root directory
  u64(16, directory.length);
  u64(24, 127 + directory.length); // metadata (empty)
  u64(32, 0);
  u64(40, 127 + directory.length); // leaf directories (none)
  u64(48, 0);
  u64(56, 127 + directory.length); // tile data
  u64(64, tile.length);
  u64(72, 1);
  u64(80, 1);
  u64(88, 1);
  header.writeUInt8(1, 96); // clustered
  header.writeUInt8(1, 97); // internal compression: none
  header.writeUInt8(1, 98); // tile compression: none
  header.writeUInt8(3, 99); // tile type: jpeg
  header.writeUInt8(0, 100);
  header.writeUInt8(3, 101);
  return Buffer.concat([header, directory, tile]);
}

it('serves tiles of a PMTiles package by XYZ numbering, with its format and levels', async () => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-pmtiles-'));
  const tile = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
  const path = join(dir, 'base.pmtiles');
  writeFileSync(path, oneTileArchive(2, 3, 1, tile));
  const source = await openImagerySource({ type: 'pmtiles', path });
  try {
    expect(await source.info()).toEqual({
      type: 'package',
      format: 'jpg',
      minimumLevel: 0,
      maximumLevel: 3,
    });
    const found = await source.tile(2, 3, 1);
    expect(found?.contentType).toBe('image/jpeg');
    expect(found?.data.equals(tile)).toBe(true);
    expect(await source.tile(2, 1, 3)).toBeNull();
  } finally {
    await source.close();
  }
});

it('offers nothing to serve for the bundled default', async () => {
  const source = await openImagerySource(undefined);
  expect(await source.info()).toEqual({ type: 'bundled' });
  expect(await source.tile(0, 0, 0)).toBeNull();
});
