/**
 * Writes a list as CSV (UTF-8 with a BOM for Excel) or XLSX, streamed row by row so a list of a
 * district's residents never sits whole in memory.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import Papa from 'papaparse';
import ExcelJS from '../imports/excel';

export type ExportFormat = 'csv' | 'xlsx';

export async function writeTable(
  path: string,
  format: ExportFormat,
  sheetName: string,
  header: readonly string[],
  rows: Iterable<readonly (string | number)[]> | AsyncIterable<readonly (string | number)[]>,
): Promise<number> {
  let count = 0;
  if (format === 'csv') {
    const out = createWriteStream(path);
    const write = async (text: string): Promise<void> => {
      if (!out.write(text)) await once(out, 'drain');
    };
    await write('\uFEFF' + Papa.unparse([header as string[]]) + '\r\n');
    for await (const row of rows) {
      await write(Papa.unparse([row as Array<string | number>]) + '\r\n');
      count++;
    }
    out.end();
    await once(out, 'finish');
    return count;
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...header]).commit();
  for await (const row of rows) {
    sheet.addRow([...row]).commit();
    count++;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}
