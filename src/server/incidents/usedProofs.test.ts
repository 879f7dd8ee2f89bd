/**
 * One contract for the used proofs of work: in one process's memory, and in the database where
 * a proof taken through one connection (one server process) is refused through another.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/openDatabase';
import { SqliteUsedProofs } from '../store/sqliteUsedProofs';
import { InMemoryUsedProofs, type UsedProofs } from './residentReportGuard';

const rootDir = mkdtempSync(join(tmpdir(), 'gcc-proofs-'));
const dbPath = join(rootDir, 'district.sqlite');
const first = openDatabase(dbPath);
const second = openDatabase(dbPath);

afterAll(() => {
  first.close();
  second.close();
  rmSync(rootDir, { recursive: true, force: true });
});

const kinds: Array<[string, () => [UsedProofs, UsedProofs]]> = [
  [
    'in memory',
    () => {
      const one = new InMemoryUsedProofs();
      return [one, one];
    },
  ],
  ['in the database', () => [new SqliteUsedProofs(first), new SqliteUsedProofs(second)]],
];

describe.each(kinds)('used proofs %s', (kind, make) => {
  it('take a proof once across their handles and forget it once it has expired', () => {
    const [one, two] = make();
    const stamp = `device-${kind}:1`;
    expect(two.isUsed(stamp)).toBe(false);
    expect(one.take(stamp, 2_000)).toBe(true);
    expect(two.isUsed(stamp)).toBe(true);
    expect(two.take(stamp, 2_000)).toBe(false);
    two.forgetBefore(1_999);
    expect(one.isUsed(stamp)).toBe(true);
    two.forgetBefore(2_001);
    expect(one.isUsed(stamp)).toBe(false);
  });
});
