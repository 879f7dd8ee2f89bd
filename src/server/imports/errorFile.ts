/**
 * The downloadable problem list of an import, written as CSV (UTF-8 with a BOM, so Excel on a
 * Chinese Windows reads it) and as XLSX (exceljs's streaming writer), both with row, column,
 * code, severity and the reason in Chinese and English. Streamed: a file with a million bad
 * rows still writes in constant memory. exceljs is loaded when an XLSX list is first written, not
 * with this module: an import process without problems never needs it (loading it cost ~0.9 s
 * of a 200k-row import's main thread, decision 0018).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import Papa from 'papaparse';
import type { ImportProblem } from './importKind';

export const ERROR_FILE_HEADER = [
  '行号 Row',
  '列 Column',
  '代码 Code',
  '级别 Severity',
  '问题',
  'Problem',
];

function cellsOf(problem: ImportProblem): string[] {
  return [
    problem.row === null ? '' : String(problem.row),
    problem.column ?? problem.feature ?? '',
    problem.code,
    problem.severity === 'error' ? '错误 error' : '提示 warning',
    problem.messageZh,
    problem.messageEn,
  ];
}

const CSV_CHUNK_ROWS = 5_000;

export async function writeErrorCsv(
  path: string,
  problems: readonly ImportProblem[],
): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('\uFEFF' + Papa.unparse([ERROR_FILE_HEADER]) + '\r\n');
  for (let start = 0; start < problems.length; start += CSV_CHUNK_ROWS) {
    const chunk = problems.slice(start, start + CSV_CHUNK_ROWS).map(cellsOf);
    await write(Papa.unparse(chunk) + '\r\n');
  }
  out.end();
  await once(out, 'finish');
}

export async function writeErrorXlsx(
  path: string,
  problems: readonly ImportProblem[],
): Promise<void> {
  const { default: ExcelJS } = await import('./excel');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('问题 Problems');
  sheet.columns = [
    { width: 10 },
    { width: 16 },
    { width: 22 },
    { width: 14 },
    { width: 60 },
    { width: 60 },
  ];
  sheet.addRow(ERROR_FILE_HEADER).commit();
  for (const problem of problems) sheet.addRow(cellsOf(problem)).commit();
  sheet.commit();
  await workbook.commit();
}
