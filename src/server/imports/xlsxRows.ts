/**
 * The rows of an XLSX file's first worksheet as text cells, streamed: the file is a zip of XML
 * parts, read with yauzl; the sheet's XML is scanned a decoded block at a time for its complete
 * `<row>` elements and their `<c>` cells, without building a DOM or an event per tag. exceljs's
 * streaming reader gave the same rows at ~22 µs a row and kept style and cell objects for each;
 * this reader keeps only the shared strings (the workbook's text, as exceljs did) and which cell
 * styles are dates (decision 0018, addendum "a leaner XLSX reader").
 *
 * What a cell gives: a shared or inline string (rich text runs joined, phonetic runs left out),
 * trimmed; a number as JavaScript writes it (an integer of 16 digits or more in full); a number
 * in a date format as its calendar day (YYYY-MM-DD; 1900 and 1904 date systems); a boolean as
 * 'true'/'false'; an error as its code ('#N/A'); a formula as its cached result. Rows with no
 * non-empty cell are not rows. A row's line is its number in the sheet.
 */
import type { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';
import { TableFormatError } from './tableFormatError';
import type { ReadMeter, TableRow } from './tableRows';

interface OpenZip {
  zip: yauzl.ZipFile;
  entries: Map<string, yauzl.Entry>;
}

function openZip(filePath: string): Promise<OpenZip> {
  return new Promise((resolve, reject) => {
    yauzl.open(filePath, { lazyEntries: true, autoClose: false }, (openError, zip) => {
      if (openError || !zip) {
        reject(
          new TableFormatError(
            `XLSX 文件无法打开：${openError?.message ?? '未知错误'}`,
            `the XLSX file cannot be opened: ${openError?.message ?? 'unknown error'}`,
          ),
        );
        return;
      }
      const entries = new Map<string, yauzl.Entry>();
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve({ zip, entries }));
      zip.on('error', (error: Error) => {
        zip.close();
        reject(
          new TableFormatError(
            `XLSX 文件无法打开：${error.message}`,
            `the XLSX file cannot be opened: ${error.message}`,
          ),
        );
      });
      zip.readEntry();
    });
  });
}

/**
 * Inflated 64 KiB at a time: the whole reader took ~8 µs a row with zlib's default 16 KiB
 * blocks, ~5.5 µs with 64 KiB and ~13 µs with 256 KiB (longer strings to cut and carry).
 */
const INFLATE_CHUNK = 64 * 1024;

/** An entry's bytes, inflated here rather than by yauzl, whose inflate has the small blocks. */
function entryStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    // yauzl refuses `decompress: false` for a stored (uncompressed) entry, which some writers use.
    const options = entry.compressionMethod === 0 ? {} : { decompress: false };
    zip.openReadStream(entry, options, (error, stream) => {
      if (error || !stream) {
        reject(error ?? new Error('zip entry unreadable'));
        return;
      }
      if (entry.compressionMethod === 0) {
        resolve(stream);
        return;
      }
      if (entry.compressionMethod !== 8) {
        reject(
          new TableFormatError(
            `XLSX 文件的压缩方式无法读取（${entry.compressionMethod}）`,
            `the XLSX file uses an unreadable compression method (${entry.compressionMethod})`,
          ),
        );
        return;
      }
      const inflate = createInflateRaw({ chunkSize: INFLATE_CHUNK });
      stream.on('error', (streamError) => inflate.destroy(streamError));
      resolve(stream.pipe(inflate));
    });
  });
}

/** An entry's text a decoded block at a time (a character split across blocks stays whole). */
async function* entryText(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  for await (const chunk of await entryStream(zip, entry)) {
    bytes += (chunk as Buffer).length;
    onBytes?.(bytes);
    yield decoder.decode(chunk as Buffer, { stream: true });
  }
  const last = decoder.decode();
  if (last !== '') yield last;
}

async function wholeText(zip: yauzl.ZipFile, entry: yauzl.Entry | undefined): Promise<string> {
  if (entry === undefined) return '';
  let text = '';
  for await (const block of entryText(zip, entry)) text += block;
  return text;
}

/**
 * The complete elements of a streamed part that end with `close` (e.g. '</row>'), a run of them
 * at a time: each block is cut after its last `close`, the rest waits for the next block.
 */
async function* completeRuns(blocks: AsyncIterable<string>, close: string): AsyncGenerator<string> {
  let pending = '';
  for await (const block of blocks) {
    pending += block;
    const end = pending.lastIndexOf(close);
    if (end < 0) continue;
    const cut = end + close.length;
    yield pending.slice(0, cut);
    pending = pending.slice(cut);
  }
  if (pending !== '') yield pending;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function xmlText(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(ENTITY, (_, name: string) =>
    name[0] === '#'
      ? String.fromCodePoint(
          name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10),
        )
      : NAMED[name]!,
  );
}

const PHONETIC = /<rPh\b[\s\S]*?<\/rPh>/g;
const TEXT_RUN = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g;

/** The text of a string item (`<si>` or `<is>`): its runs' `<t>` joined, phonetic runs left out. */
function runsText(xml: string): string {
  const body = xml.includes('<rPh') ? xml.replace(PHONETIC, '') : xml;
  let text = '';
  for (const match of body.matchAll(TEXT_RUN)) text += match[1];
  return xmlText(text);
}

/**
 * An attribute's value. Excel and LibreOffice write ` name="value"`, found by `indexOf`; XML also
 * allows single quotes, other white space and spaces around `=`, which the slower match takes.
 */
function attribute(attributes: string, name: string): string | undefined {
  const at = attributes.indexOf(` ${name}="`);
  if (at >= 0) {
    const start = at + name.length + 3;
    return attributes.slice(start, attributes.indexOf('"', start));
  }
  if (!attributes.includes(name)) return undefined;
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  return match === null ? undefined : (match[1] ?? match[2]);
}

/** Built-in number formats that show dates or times (ECMA-376 §18.8.30, and the CJK date ids). */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51,
  52, 53, 54, 55, 56, 57, 58,
]);

/** A format code that shows a date or time: y, m, d, h, s outside quotes and brackets. */
export function isDateFormatCode(code: string): boolean {
  const bare = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhsb]/i.test(bare.replace(/\\./g, ''));
}

/** For each cell style index (`s`), whether its number format is a date. */
export function dateStyles(stylesXml: string): boolean[] {
  const custom = new Map<number, string>();
  for (const match of stylesXml.matchAll(/<numFmt\b([^>]*)\/?>/g)) {
    const id = attribute(match[1]!, 'numFmtId');
    const code = attribute(match[1]!, 'formatCode');
    if (id !== undefined && code !== undefined) custom.set(Number(id), xmlText(code));
  }
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(stylesXml)?.[1] ?? '';
  const dates: boolean[] = [];
  for (const match of cellXfs.matchAll(/<xf\b([^>]*)\/?>/g)) {
    const id = Number(attribute(match[1]!, 'numFmtId') ?? 0);
    const code = custom.get(id);
    dates.push(code === undefined ? BUILT_IN_DATE_FORMATS.has(id) : isDateFormatCode(code));
  }
  return dates;
}

/** A serial day as its calendar date; Excel's 1900 system counts a 29 February 1900 that never was. */
function serialDate(serial: number, date1904: boolean): string {
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
  return new Date(ms).toISOString().slice(0, 10);
}

function numberText(value: number): string {
  // A long number typed into a numeric cell (an ID number) has lost its last digits already;
  // keeping all digits shows the person what the file holds.
  return Number.isInteger(value) && Math.abs(value) >= 1e15
    ? BigInt(value).toString()
    : String(value);
}

/** The path of the workbook's first sheet (its first tab), from workbook.xml and its rels. */
function firstSheetPath(
  workbookXml: string,
  relsXml: string,
  entries: Map<string, yauzl.Entry>,
): string | undefined {
  const sheet = /<(?:\w+:)?sheet\b([^>]*)\/?>/.exec(workbookXml)?.[1];
  const idMatch =
    sheet === undefined ? null : /\s(?:\w+:)?id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(sheet);
  const id = idMatch === null ? undefined : (idMatch[1] ?? idMatch[2]);
  if (id !== undefined) {
    for (const match of relsXml.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
      if (attribute(match[1]!, 'Id') !== id) continue;
      const target = attribute(match[1]!, 'Target') ?? '';
      const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
      if (entries.has(path)) return path;
    }
  }
  // No workbook part to follow: the lowest-numbered sheet.
  return [...entries.keys()]
    .filter((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name))
    .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]))[0];
}

async function sharedStrings(zip: yauzl.ZipFile, entry: yauzl.Entry | undefined) {
  const strings: string[] = [];
  if (entry === undefined) return strings;
  const ITEM = /<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g;
  for await (const run of completeRuns(entryText(zip, entry), '</si>')) {
    for (const match of run.matchAll(ITEM))
      strings.push(match[1] === undefined ? '' : runsText(match[1]));
  }
  return strings;
}

function columnOf(reference: string): number {
  let column = 0;
  for (let index = 0; index < reference.length; index++) {
    const code = reference.charCodeAt(index);
    if (code < 65 || code > 90) break;
    column = column * 26 + code - 64;
  }
  return column;
}

const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const VALUE = /<v(?:\s[^>]*)?>([\s\S]*?)<\/v>/;

interface SheetContext {
  strings: string[];
  dates: boolean[];
  date1904: boolean;
}

/** A cell's text, or undefined for a cell with no value. */
function cellText(attributes: string, body: string | undefined, context: SheetContext) {
  if (body === undefined) return undefined;
  const type = attribute(attributes, 't');
  if (type === 'inlineStr' || (type === undefined && body.includes('<is>'))) {
    const inline = /<is>([\s\S]*?)<\/is>/.exec(body)?.[1];
    if (inline !== undefined) return runsText(inline).trim();
  }
  const raw = VALUE.exec(body)?.[1];
  if (raw === undefined) return body.includes('<f') ? '' : undefined;
  switch (type) {
    case 's':
      return (context.strings[parseInt(raw, 10)] ?? '').trim();
    case 'str':
    case 'inlineStr':
      return xmlText(raw).trim();
    case 'e':
      return raw;
    case 'b':
      return parseInt(raw, 10) !== 0 ? 'true' : 'false';
    case 'd':
      return xmlText(raw).trim().slice(0, 10);
    default: {
      const value = parseFloat(raw);
      const style = attribute(attributes, 's');
      if (
        style !== undefined &&
        context.dates[parseInt(style, 10)] === true &&
        Number.isFinite(value)
      ) {
        return serialDate(value, context.date1904);
      }
      return numberText(value);
    }
  }
}

function* rowsOf(xml: string, context: SheetContext, previous: { line: number }) {
  for (const row of xml.matchAll(ROW)) {
    const number = attribute(row[1]!, 'r');
    const line = number === undefined ? previous.line + 1 : parseInt(number, 10);
    previous.line = line;
    if (row[2] === undefined) continue;
    const cells: string[] = [];
    let column = 0;
    let filled = false;
    for (const cell of row[2].matchAll(CELL)) {
      const reference = attribute(cell[1]!, 'r');
      column = reference === undefined ? column + 1 : columnOf(reference);
      const text = cellText(cell[1]!, cell[2], context);
      if (text === undefined) continue;
      while (cells.length < column - 1) cells.push('');
      cells[column - 1] = text;
      if (text !== '') filled = true;
    }
    if (filled) yield { line, cells } satisfies TableRow;
  }
}

/** The first worksheet's rows; `meter` follows the sheet's bytes (uncompressed) read. */
export async function* xlsxRows(filePath: string, meter?: ReadMeter): AsyncGenerator<TableRow> {
  const { zip, entries } = await openZip(filePath);
  try {
    const workbookXml = await wholeText(zip, entries.get('xl/workbook.xml'));
    const sheetPath = firstSheetPath(
      workbookXml,
      await wholeText(zip, entries.get('xl/_rels/workbook.xml.rels')),
      entries,
    );
    if (sheetPath === undefined) {
      throw new TableFormatError('XLSX 文件中没有工作表', 'the XLSX file has no worksheet');
    }
    const context: SheetContext = {
      dates: dateStyles(await wholeText(zip, entries.get('xl/styles.xml'))),
      date1904: /<workbookPr\b[^>]*\sdate1904\s*=\s*["'](?:1|true)["']/.test(workbookXml),
      strings: await sharedStrings(zip, entries.get('xl/sharedStrings.xml')),
    };
    const sheet = entries.get(sheetPath)!;
    if (meter !== undefined) meter.size = sheet.uncompressedSize;
    const onBytes = meter === undefined ? undefined : (bytes: number) => (meter.bytesRead = bytes);
    const previous = { line: 0 };
    for await (const run of completeRuns(entryText(zip, sheet, onBytes), '</row>')) {
      yield* rowsOf(run, context, previous);
    }
  } finally {
    zip.close();
  }
}
