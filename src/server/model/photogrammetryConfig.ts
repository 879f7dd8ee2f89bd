/**
 * The district's own 3D model (oblique photography or a vendor's city mesh, 3D Tiles 1.0 or 1.1)
 * as the visual layer. One small module so the district configuration file can supply the same
 * setting later; today it comes from the environment:
 *
 * - `PHOTOGRAMMETRY_TILESET`: a local path to the model's tileset.json (served by this server)
 *   or an http(s) URL of one (an intranet server; nothing is fetched by the server).
 * - `PHOTOGRAMMETRY_OFFSET`: "east,north,up" metres added to the model's position, for models
 *   whose survey datum or height reference does not match (default "0,0,0").
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

/** Where the server serves a local model from. */
export const PHOTOGRAMMETRY_ROUTE = '/photogrammetry';

export interface PhotogrammetrySetting {
  /** What the client loads. */
  url: string;
  /** The folder served at PHOTOGRAMMETRY_ROUTE when the model is local; null for a URL. */
  localDir: string | null;
  offset: { eastM: number; northM: number; upM: number };
}

export class PhotogrammetryConfigError extends Error {}

function parseOffset(text: string | undefined): PhotogrammetrySetting['offset'] {
  if (text === undefined || text.trim() === '') return { eastM: 0, northM: 0, upM: 0 };
  const parts = text.split(',').map((part) => Number(part.trim()));
  if (parts.length !== 3 || parts.some((part) => !Number.isFinite(part))) {
    throw new PhotogrammetryConfigError(
      `PHOTOGRAMMETRY_OFFSET "${text}" must be three numbers "east,north,up" in metres / 偏移须为“东,北,高”三个数（米）`,
    );
  }
  return { eastM: parts[0]!, northM: parts[1]!, upM: parts[2]! };
}

/** The setting from `env`, null when no model is configured; throws on a bad setting. */
export function photogrammetryFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): PhotogrammetrySetting | null {
  const source = env.PHOTOGRAMMETRY_TILESET?.trim();
  if (!source) return null;
  const offset = parseOffset(env.PHOTOGRAMMETRY_OFFSET);
  if (/^https?:\/\//i.test(source)) return { url: source, localDir: null, offset };
  const path = resolve(source);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new PhotogrammetryConfigError(
      `PHOTOGRAMMETRY_TILESET: no tileset file at ${path} / 找不到三维模型文件 ${path}`,
    );
  }
  return {
    url: `${PHOTOGRAMMETRY_ROUTE}/${encodeURIComponent(basename(path))}`,
    localDir: dirname(path),
    offset,
  };
}
