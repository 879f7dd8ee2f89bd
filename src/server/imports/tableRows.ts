/**
 * Streams the rows of a CSV or XLSX table as text cells, one row at a time, so that a file of a
 * million rows never sits in memory. CSV is read as UTF-8 and, when its first bytes are not
 * valid UTF-8, as GB18030 (what Excel on a Chinese Windows writes). XLSX goes through exceljs's
 * streaming reader: the first worksheet only.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Row } from 'exceljs';
import ExcelJS from './excel';
import iconv from 'iconv-lite';
import Papa from 'papaparse';

export type TableFormat = 'csv' | 'xlsx';

export class TableFormatError extends Error {
  constructor(
    readonly messageZh: string,
    messageEn: string,
  ) {
    super(messageEn);
  }
}

export function tableFormatOf(filePath: string): TableFormat {
  const ending = extname(filePath).slice(1).toLowerCase();
  if (ending === 'csv' || ending === 'txt') return 'csv';
  if (ending === 'xlsx') return 'xlsx';
  throw new TableFormatError(
    `不支持的文件类型 .${ending}（请用 CSV 或 XLSX）`,
    `unsupported file type .${ending} (use CSV or XLSX)`,
  );
}

const SNIFF_BYTES = 64 * 1024;
/** A UTF-8 sequence is at most 4 bytes: the sniffed block may end inside one. */
const UTF8_TAIL = 3;

/** 'utf8' when the file's first block decodes as UTF-8, else 'gb18030'. */
export async function detectCsvEncoding(filePath: string): Promise<'utf8' | 'gb18030'> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    const block = buffer.subarray(0, bytesRead === SNIFF_BYTES ? bytesRead - UTF8_TAIL : bytesRead);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(block);
      return 'utf8';
    } catch {
      return 'gb18030';
    }
  } finally {
    await handle.close();
  }
}

export async function fileSha256(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel dates are calendar days: exceljs gives them as UTC midnight.
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    const cell = value as {
      richText?: Array<{ text: string }>;
      text?: unknown;
      result?: unknown;
      error?: string;
    };
    if (Array.isArray(cell.richText)) return cell.richText.map((part) => part.text).join('');
    if (cell.result !== undefined) return cellText(cell.result);
    if (cell.text !== undefined) return cellText(cell.text);
    if (cell.error !== undefined) return cell.error;
    return '';
  }
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1e15) {
    // A long number typed into a numeric cell (an ID number) has lost its last digits already;
    // keeping all digits shows the person what the file holds.
    return BigInt(value).toString();
  }
  return String(value).trim();
}

/** A row's cells and its 1-based line in the sheet (the header is usually line 1). */
export interface TableRow {
  line: number;
  cells: string[];
}

async function* csvRows(filePath: string): AsyncGenerator<TableRow> {
  const encoding = await detectCsvEncoding(filePath);
  const source = createReadStream(filePath);
  const decoded = source.pipe(iconv.decodeStream(encoding, { stripBOM: true }));
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { skipEmptyLines: 'greedy' });
  decoded.pipe(parser);
  let line = 0;
  for await (const row of parser as AsyncIterable<string[]>) {
    line++;
    yield { line, cells: row.map((cell) => cell.trim()) };
  }
}

async function* xlsxRows(filePath: string): AsyncGenerator<TableRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  for await (const worksheet of reader) {
    for await (const row of worksheet as AsyncIterable<Row>) {
      const values = row.values as unknown[];
      const cells: string[] = [];
      for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
      if (cells.every((cell) => cell === '')) continue;
      yield { line: row.number, cells };
    }
    // Only the first worksheet is the register; notes or lookups on others are not rows.
    break;
  }
}

/** The file's rows: the first is the header. */
export function tableRows(filePath: string): AsyncGenerator<TableRow> {
  return tableFormatOf(filePath) === 'csv' ? csvRows(filePath) : xlsxRows(filePath);
}
