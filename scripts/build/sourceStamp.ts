/**
 * A content hash over source files and folders, so a cached build (the e2e app, the bench:frame
 * page) is redone only when something it is built from changed. Paths are relative to `root`;
 * a missing one counts as empty.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function listFiles(target: string): string[] {
  if (!existsSync(target)) return [];
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target, { withFileTypes: true })
    .flatMap((entry) => listFiles(path.join(target, entry.name)))
    .sort();
}

export function sourceStamp(root: string, sourcePaths: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of sourcePaths.flatMap((source) => listFiles(path.join(root, source)))) {
    hash.update(path.relative(root, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}
