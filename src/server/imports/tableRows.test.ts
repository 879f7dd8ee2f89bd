import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from './excel';
import { detectCsvEncoding, ReadMeter, tableRows } from './tableRows';

const dir = mkdtempSync(join(tmpdir(), 'table-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Enough Chinese text that the compressed sheet arrives in many chunks. */
const ROWS = Array.from({ length: 6000 }, (_, index) => [
  `福州市鼓楼区东街街道五四路${index}号`,
  `林${'建华秀英志明丽萍'[index % 8]}${index}`,
  String(index),
]);

async function readAll(path: string, meter?: ReadMeter): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of tableRows(path, meter)) rows.push(row.cells);
  return rows;
}

describe('tableRows', () => {
  it('reads every Chinese character of a streamed XLSX intact (split UTF-8 across chunks)', async () => {
    const path = join(dir, 'big.xlsx');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: path,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet('s');
    sheet.addRow(['地址', '姓名', '序号']).commit();
    for (const row of ROWS) sheet.addRow(row).commit();
    sheet.commit();
    await workbook.commit();
    const rows = await readAll(path);
    expect(rows).toHaveLength(ROWS.length + 1);
    expect(rows.slice(1)).toEqual(ROWS);
  });

  it('reads a GB18030 CSV and a UTF-8 one with a BOM alike', async () => {
    const text = '姓名,房屋地址\r\n张三,五四路1号\r\n';
    writeFileSync(join(dir, 'gbk.csv'), iconv.encode(text, 'gb18030'));
    writeFileSync(join(dir, 'utf8.csv'), '\uFEFF' + text);
    expect(await detectCsvEncoding(join(dir, 'gbk.csv'))).toBe('gb18030');
    expect(await detectCsvEncoding(join(dir, 'utf8.csv'))).toBe('utf8');
    const expected = [
      ['姓名', '房屋地址'],
      ['张三', '五四路1号'],
    ];
    expect(await readAll(join(dir, 'gbk.csv'))).toEqual(expected);
    expect(await readAll(join(dir, 'utf8.csv'))).toEqual(expected);
    // A UTF-8 file whose sniffed block ends one byte into a 3-byte character is still UTF-8.
    const cut = 'a'.repeat(64 * 1024 - 5) + ',中文\n';
    writeFileSync(join(dir, 'cut.csv'), cut);
    expect(await detectCsvEncoding(join(dir, 'cut.csv'))).toBe('utf8');
  });

  it('parses CSV a block at a time: quoted fields with commas and line breaks across blocks, tabs, blank rows', async () => {
    // Rows of ~100 bytes: a file of 3 MB spans many 64 KiB read blocks, so some quoted fields
    // (with a comma and a line break inside) are cut by a block's end.
    const rows = Array.from({ length: 30_000 }, (_, index) => [
      `林${index}`,
      index % 7 === 0 ? `五四路${index}号,\n3单元` : `五四路${index}号`,
      index % 11 === 0 ? '他说"好"' : String(index),
    ]);
    const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
    const text = rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n\r\n , \r\n';
    writeFileSync(join(dir, 'quoted.csv'), 'a,b,c\r\n' + text);
    const meter = new ReadMeter();
    const read = await readAll(join(dir, 'quoted.csv'), meter);
    expect(read).toHaveLength(rows.length + 1);
    expect(read.slice(1)).toEqual(rows);
    expect(meter.share).toBe(1);
    expect(meter.estimateRows(read.length)).toBe(read.length);

    writeFileSync(join(dir, 'tabs.csv'), '姓名\t房号\n张三\t101\n\n李四\t102\n');
    expect(await readAll(join(dir, 'tabs.csv'))).toEqual([
      ['姓名', '房号'],
      ['张三', '101'],
      ['李四', '102'],
    ]);
  });
});
