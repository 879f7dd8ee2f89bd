/**
 * Builds the web app for the browser tests into a cache folder, skipping the build when no
 * source of the client changed since the last one (a Cesium build takes a while on two cores).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { sourceStamp } from '../scripts/build/sourceStamp';
import { CLIENT_SOURCES } from '../scripts/start/buildClient';

const ROOT = path.resolve(import.meta.dirname, '..');
export const E2E_DIST_DIR = path.join(ROOT, '.cache', 'e2e-dist');
const STAMP_FILE = path.join(ROOT, '.cache', 'e2e-dist.stamp');

export async function buildAppForTests(): Promise<string> {
  const stamp = sourceStamp(ROOT, CLIENT_SOURCES);
  const built = existsSync(path.join(E2E_DIST_DIR, 'index.html'));
  if (built && existsSync(STAMP_FILE) && readFileSync(STAMP_FILE, 'utf8') === stamp) {
    return E2E_DIST_DIR;
  }
  await build({
    root: ROOT,
    logLevel: 'warn',
    build: { outDir: E2E_DIST_DIR, emptyOutDir: true },
  });
  writeFileSync(STAMP_FILE, stamp);
  return E2E_DIST_DIR;
}
