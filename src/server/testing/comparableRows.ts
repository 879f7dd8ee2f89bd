/**
 * Rows of either engine in one form, for contract suites that compare SQLite's and PostgreSQL's
 * answers: bytes as hex, booleans and bigints as numbers. Test support only.
 */
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
