/**
 * xlsxRows on real XLSX files written by exceljs (the whole-workbook writer, which uses shared
 * strings and styles, and the streaming one, which writes inline strings): every kind of cell a
 * register may hold comes out as the text exceljs's reader gave, the first tab is the sheet read,
 * and a file that is not a zip is a TableFormatError.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from './excel';
import { ReadMeter, TableFormatError, type TableRow } from './tableRows';
import { dateStyles, isDateFormatCode, xlsxRows, xmlText } from './xlsxRows';

const dir = mkdtempSync(join(tmpdir(), 'xlsx-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LONG_ID = Number('350102199001011234');

async function readAll(path: string, meter?: ReadMeter): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  for await (const row of xlsxRows(path, meter)) rows.push(row);
  return rows;
}

describe('xlsxRows', () => {
  it('reads shared and rich strings, numbers, long IDs, dates, booleans, formulas and errors as text', async () => {
    const workbook = new ExcelJS.Workbook();
    // A second tab added first in the file's sheet numbering would still not be read: the first
    // tab is. Here the first tab is the register, the second holds notes.
    const sheet = workbook.addWorksheet('登记');
    const notes = workbook.addWorksheet('说明');
    notes.addRow(['不是登记行']);
    sheet.addRow(['姓名', '公民身份号码', '出生日期', '房号', '在册', '合计', '错误', '备注']);
    sheet.addRow([
      '  张三 ',
      LONG_ID,
      new Date(Date.UTC(1990, 0, 1)),
      1203,
      true,
      { formula: 'D2*2', result: 2406 },
      { error: '#N/A' },
      'A & B <c> "d"',
    ]);
    sheet.getCell('C2').numFmt = 'yyyy"年"m"月"d"日"';
    sheet.addRow([]); // a blank row is not a row
    const rich = sheet.addRow(['李四']);
    rich.getCell(2).value = { richText: [{ text: '3501' }, { text: '02', font: { bold: true } }] };
    rich.getCell(3).value = new Date(Date.UTC(2000, 1, 29));
    rich.getCell(3).numFmt = 'yyyy-mm-dd';
    rich.getCell(4).value = 12.5;
    rich.getCell(6).value = { formula: 'A4&"x"', result: '李四x' };
    const gap = sheet.addRow([]);
    gap.getCell(5).value = false; // cells before it in the row are empty
    const path = join(dir, 'kinds.xlsx');
    await workbook.xlsx.writeFile(path);

    const rows = await readAll(path);
    expect(rows).toEqual([
      {
        line: 1,
        cells: ['姓名', '公民身份号码', '出生日期', '房号', '在册', '合计', '错误', '备注'],
      },
      {
        line: 2,
        cells: [
          '张三',
          // Excel's doubles lose an 18-digit number's last digits; all digits that are left show.
          BigInt(LONG_ID).toString(),
          '1990-01-01',
          '1203',
          'true',
          '2406',
          '#N/A',
          'A & B <c> "d"',
        ],
      },
      { line: 4, cells: ['李四', '350102', '2000-02-29', '12.5', '', '李四x'] },
      { line: 5, cells: ['', '', '', '', 'false'] },
    ]);
  });

  it('reads a streamed workbook (inline strings) and follows the sheet bytes read', async () => {
    const path = join(dir, 'stream.xlsx');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: path,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet('s');
    sheet.addRow(['地址', '序号']).commit();
    for (let index = 0; index < 20_000; index++) {
      sheet.addRow([`福州市鼓楼区五四路${index}号&<>`, index]).commit();
    }
    sheet.commit();
    await workbook.commit();
    const meter = new ReadMeter();
    const rows = await readAll(path, meter);
    expect(rows).toHaveLength(20_001);
    expect(rows[12_346]).toEqual({
      line: 12_347,
      cells: ['福州市鼓楼区五四路12345号&<>', '12345'],
    });
    expect(meter.share).toBe(1);
  });

  it('reads attributes written with single quotes and spaces around =, as XML allows', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('登记');
    const sheet = workbook.getWorksheet('登记')!;
    sheet.addRow(['姓名', '出生日期', '房号']);
    sheet.addRow(['王五', new Date(Date.UTC(1985, 5, 15)), 1203]);
    sheet.getCell('B2').numFmt = 'yyyy-mm-dd';
    const written = join(dir, 'double-quoted.xlsx');
    await workbook.xlsx.writeFile(written);
    const zip = await JSZip.loadAsync(readFileSync(written));
    for (const name of Object.keys(zip.files).filter(
      (entry) => entry.endsWith('.xml') || entry.endsWith('.rels'),
    )) {
      const xml = await zip.file(name)!.async('string');
      zip.file(name, xml.replace(/(\s[\w:]+)="([^"<>]*)"/g, "$1 = '$2'"));
    }
    const rewritten = join(dir, 'single-quoted.xlsx');
    writeFileSync(rewritten, await zip.generateAsync({ type: 'nodebuffer' }));
    expect(readFileSync(rewritten, 'latin1')).not.toContain('="');

    const expected = await readAll(written);
    expect(expected.map((row) => row.cells)).toEqual([
      ['姓名', '出生日期', '房号'],
      ['王五', '1985-06-15', '1203'],
    ]);
    expect(await readAll(rewritten)).toEqual(expected);
  });

  it('refuses a file that is not a zip', async () => {
    const path = join(dir, 'not.xlsx');
    writeFileSync(path, 'name,id\n张三,1\n');
    await expect(readAll(path)).rejects.toBeInstanceOf(TableFormatError);
  });

  it('decodes entities, tells date formats and finds the date styles', () => {
    expect(xmlText('a&amp;b&lt;&#20013;&#x6587;&quot;')).toBe('a&b<中文"');
    expect(isDateFormatCode('yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormatCode('[$-804]yyyy/m/d')).toBe(true);
    expect(isDateFormatCode('0.00"元"')).toBe(false);
    expect(isDateFormatCode('[Red]#,##0')).toBe(false);
    const styles =
      '<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;"/></numFmts>' +
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
      '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>' +
      '<xf numFmtId="164"/><xf numFmtId="49"/></cellXfs></styleSheet>';
    expect(dateStyles(styles)).toEqual([false, true, true, false]);
  });
});
