/**
 * Builds the web app with Vite unless dist/ is newer than every source it is built from, so a
 * second `npm start` comes up in seconds.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

/** Everything the built app (the wall, the phone app at /m/, the resident page at /r/) is made of. */
export const CLIENT_SOURCES = [
  'src/client',
  'src/mobile',
  'src/resident',
  'src/shared',
  'src/domain',
  'index.html',
  'm',
  'r',
  'vite.config.ts',
  'public',
  'package-lock.json',
];

function newestMtimeMs(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(entry).reduce(
    (newest, child) => Math.max(newest, newestMtimeMs(path.join(entry, child))),
    stats.mtimeMs,
  );
}

/** Returns the folder holding the built app. */
export async function buildClientIfStale(root = process.cwd()): Promise<string> {
  const outDir = path.join(root, 'dist');
  const builtAtMs = newestMtimeMs(path.join(outDir, 'index.html'));
  const sourcesMs = Math.max(
    ...CLIENT_SOURCES.map((source) => newestMtimeMs(path.join(root, source))),
  );
  if (builtAtMs > sourcesMs) {
    console.log('   unchanged, skipped');
    return outDir;
  }
  await build({ root, logLevel: 'warn' });
  return outDir;
}
