/**
 * Rows of either engine in one form, for contract suites that compare SQLite's and PostgreSQL's
 * answers: bytes as hex, booleans and bigints as numbers. Test support only.
 */
import { expect } from 'vitest';

export function comparableRows(rows: readonly Record<string, unknown>[]): unknown[] {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [
        key,
        value instanceof Uint8Array
          ? Buffer.from(value).toString('hex')
          : typeof value === 'boolean' || typeof value === 'bigint'
            ? Number(value)
            : value,
      ]),
    ),
  );
}

/**
 * For suites whose engines run SQLite first: SQLite's case records what it read at a step, and
 * the other engines' same case must read the same.
 */
export function sameAsSqlite(): (engineName: string, step: string, value: unknown) => void {
  const seen = new Map<string, unknown>();
  return (engineName, step, value) => {
    if (engineName === 'SQLite') seen.set(step, value);
    else expect(value).toEqual(seen.get(step));
  };
}
