/**
 * tableRows on a worker thread must give exactly what tableRows gives on the calling thread, follow
 * the bytes read, pass failures on, and stop its thread when the reader stops early.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from './excel';
import { ReadMeter, TableFormatError, tableRows, type TableRow } from './tableRows';
import { tableRowsOnThread } from './tableRowsThread';

const dir = mkdtempSync(join(tmpdir(), 'table-rows-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * More rows than a few batches (a batch crosses the threads as one flat list of cells), with a
 * blank line, rows of fewer and more cells, quotes and Chinese text.
 */
const ROWS = Array.from({ length: 3_210 }, (_, index) =>
  [
    `林${'建华秀英志明丽萍'[index % 8]}${index}`,
    index % 97 === 0 ? '含,逗号"与引号"' : `福州市鼓楼区五四路${index}号`,
    String(index),
    '备注',
  ].slice(0, index % 101 === 0 ? 1 : index % 103 === 0 ? 4 : 3),
);

async function collect(rows: AsyncIterable<TableRow>): Promise<TableRow[]> {
  const all: TableRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

describe('tableRowsOnThread', () => {
  it('gives the rows and lines tableRows gives, for UTF-8 and GB18030 CSV and for XLSX', async () => {
    const csv = Papa.unparse([
      ['姓名', '地址', '序号'],
      ...ROWS.slice(0, 100),
      [],
      ...ROWS.slice(100),
    ]);
    const utf8 = join(dir, 'rows.csv');
    writeFileSync(utf8, csv);
    const gb = join(dir, 'rows-gb.csv');
    writeFileSync(gb, iconv.encode(csv, 'gb18030'));
    const xlsx = join(dir, 'rows.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('登记').addRows([['姓名', '地址', '序号'], ...ROWS]);
    await workbook.xlsx.writeFile(xlsx);
    for (const file of [utf8, gb, xlsx]) {
      const here = await collect(tableRows(file));
      expect(here).toHaveLength(ROWS.length + 1);
      const meter = new ReadMeter();
      expect(await collect(tableRowsOnThread(file, meter))).toEqual(here);
      expect(meter.share).toBe(1);
    }
  });

  it('stops its thread when the reader stops early', async () => {
    const file = join(dir, 'early.csv');
    writeFileSync(file, Papa.unparse([['姓名'], ...ROWS.map((row) => [row[0]!])]));
    const first: string[] = [];
    for await (const row of tableRowsOnThread(file)) {
      first.push(row.cells[0]!);
      if (first.length === 3) break;
    }
    expect(first).toEqual(['姓名', ROWS[0]![0], ROWS[1]![0]]);
  });

  it('passes a file that cannot be read on as an error, and refuses an unsupported type', async () => {
    const broken = join(dir, 'broken.xlsx');
    writeFileSync(broken, 'not a zip archive at all');
    await expect(collect(tableRowsOnThread(broken))).rejects.toThrow();
    await expect(collect(tableRowsOnThread(join(dir, 'missing.csv')))).rejects.toThrow(/ENOENT/);
    await expect(collect(tableRowsOnThread(join(dir, 'rows.ods')))).rejects.toBeInstanceOf(
      TableFormatError,
    );
  });
});
