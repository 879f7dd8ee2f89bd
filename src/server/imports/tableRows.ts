/**
 * Streams the rows of a CSV or XLSX table as text cells, one row at a time, so that a file of a
 * million rows never sits in memory. CSV is read as UTF-8 and, when its first bytes are not
 * valid UTF-8, as GB18030 (what Excel on a Chinese Windows writes), and parsed by papaparse's
 * parser a decoded block at a time (its Node stream mode costs ~27 µs a row against ~2.6 µs so:
 * it hands every row through a stream of its own). XLSX is read by `xlsxRows`: the first
 * worksheet only. A `ReadMeter` follows how much of the file has been read, for
 * progress when the number of rows is not known ahead.
 */
import { createHash } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { TableFormatError } from './tableFormatError';
import { xlsxRows } from './xlsxRows';

export { TableFormatError };

export type TableFormat = 'csv' | 'xlsx';

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

/** 'utf8' when the file's first block decodes as UTF-8, else 'gb18030'. */
export async function detectCsvEncoding(filePath: string): Promise<'utf8' | 'gb18030'> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    try {
      // stream: a character cut by the block's end is not an error (the next block completes it).
      new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, bytesRead), {
        stream: bytesRead === SNIFF_BYTES,
      });
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

/** A row's cells and its 1-based line in the sheet (the header is usually line 1). */
export interface TableRow {
  line: number;
  cells: string[];
}

/** How far a table's file has been read: bytes read of its size. */
export class ReadMeter {
  bytesRead = 0;
  size = 0;

  /** The share of the file read, 0..1 (0 before the first block). */
  get share(): number {
    return this.size === 0 ? 0 : Math.min(1, this.bytesRead / this.size);
  }

  /** The rows the whole file holds, estimated from `rows` read so far; null before a block. */
  estimateRows(rows: number): number | null {
    return this.share === 0 ? null : Math.max(rows, Math.round(rows / this.share));
  }
}

async function metered(filePath: string, meter: ReadMeter | undefined): Promise<ReadStream> {
  const source = createReadStream(filePath);
  if (meter !== undefined) {
    meter.size = (await stat(filePath)).size;
    source.on('data', () => (meter.bytesRead = source.bytesRead));
  }
  return source;
}

/** papaparse's own parser (exported but not typed): a block in, its complete rows out. */
interface BlockParser {
  parse(
    input: string,
    baseIndex: number,
    ignoreLastRow: boolean,
  ): { data: string[][]; meta: { cursor: number } };
}
const BlockParserClass = (Papa as unknown as { Parser: new (config: object) => BlockParser })
  .Parser;

/** A row of only empty or blank cells is not a row (papaparse's skipEmptyLines: 'greedy'). */
const isBlank = (row: readonly string[]) => row.every((cell) => cell.trim() === '');

async function* csvRows(filePath: string, meter?: ReadMeter): AsyncGenerator<TableRow> {
  const encoding = await detectCsvEncoding(filePath);
  const decoded = (await metered(filePath, meter)).pipe(
    iconv.decodeStream(encoding, { stripBOM: true }),
  );
  let parser: BlockParser | null = null;
  let rest = '';
  let line = 0;
  const rowsOf = function* (rows: string[][]): Generator<TableRow> {
    for (const row of rows) {
      if (isBlank(row)) continue;
      line++;
      yield { line, cells: row.map((cell) => cell.trim()) };
    }
  };
  for await (const block of decoded as AsyncIterable<string>) {
    const input = rest + block;
    if (parser === null) {
      // Delimiter and line break guessed from the first block, as Papa.parse does.
      const { meta } = Papa.parse<string[]>(input, { preview: 10, skipEmptyLines: 'greedy' });
      parser = new BlockParserClass({ delimiter: meta.delimiter, newline: meta.linebreak });
    }
    // The last row may be cut by the block's end (even inside a quoted field): kept for the next.
    const parsed = parser.parse(input, 0, true);
    rest = input.slice(parsed.meta.cursor);
    yield* rowsOf(parsed.data);
  }
  if (parser !== null && rest !== '') yield* rowsOf(parser.parse(rest, 0, false).data);
}

/** The file's rows: the first is the header. `meter`, when given, follows the bytes read. */
export function tableRows(filePath: string, meter?: ReadMeter): AsyncGenerator<TableRow> {
  return tableFormatOf(filePath) === 'csv' ? csvRows(filePath, meter) : xlsxRows(filePath, meter);
}
