/**
 * bench:import at a few hundred rows, run as `npm run bench:import` runs it: its baseline and
 * both imports must complete and report every row. (Its baseline INSERT once lost a placeholder
 * when persons gained a column, and the bench stopped before its first import unnoticed.)
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROWS = 300;

describe('bench:import', () => {
  it('imports every row from CSV and XLSX and prints its figures with a ratio', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/bench/import.ts'], {
      env: { ...process.env, BENCH_ROWS: String(ROWS), BENCH_BASELINE_ROWS: '100' },
      maxBuffer: 16 * 1024 * 1024,
    });
    const figures = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(figures.rows).toBe(ROWS);
    expect(figures.csv.accepted).toBe(ROWS);
    expect(figures.xlsx.accepted).toBe(ROWS);
    expect(figures.baselineRowsPerS).toBeGreaterThan(0);
    expect(figures.ratio).toBeGreaterThan(0);
    expect(figures.peakRssMb).toBeGreaterThan(0);
  }, 120_000);
});
