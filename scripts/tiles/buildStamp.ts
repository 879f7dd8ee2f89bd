/**
 * The build stamp: what a tileset was built from. A rebuild is skipped when the stamp in the
 * output folder matches what the database and builder would produce now.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bump when the builder's output changes for the same data, so old tilesets get rebuilt. */
export const BUILDER_VERSION = 'district-tiles-2';
export const STAMP_FILE = 'build-stamp.json';
export const TILESET_FILE = 'tileset.json';

export interface BuildStamp {
  builderVersion: string;
  /** Hash of the building and unit rows the tiles are made of (readBuildings). */
  contentHash: string;
  /** Options that change the output, e.g. buildings per tile. */
  settings: Record<string, number | boolean | string>;
}

export function stampsEqual(left: BuildStamp, right: BuildStamp): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

/** The stamp of a complete tileset in `outDir`, or null when there is none or it is unreadable. */
export function readStamp(outDir: string): BuildStamp | null {
  const stampPath = join(outDir, STAMP_FILE);
  if (!existsSync(stampPath) || !existsSync(join(outDir, TILESET_FILE))) return null;
  try {
    return JSON.parse(readFileSync(stampPath, 'utf8')) as BuildStamp;
  } catch {
    return null;
  }
}
