/**
 * Reads a dBASE (.dbf) table's records, decoding text through iconv-lite: Chinese Shapefiles
 * are mostly GBK (ArcGIS in a Chinese locale writes no .cpg at all), which the `shapefile`
 * package's TextDecoder path does not cover on every Node build. The attribute table of a grid
 * layer is small (one row per grid), so the table is read from a buffer.
 */
import iconv from 'iconv-lite';

export type DbfValue = string | number | boolean | null;

/** The encoding a .cpg (or the header's language driver id) names; null when unknown. */
export function dbfEncoding(cpg: string | null, header: Uint8Array): string {
  const named = cpg?.trim().toLowerCase().replace(/^cp/, '') ?? '';
  const byName: Record<string, string> = {
    '936': 'gbk',
    gbk: 'gbk',
    gb2312: 'gbk',
    gb18030: 'gb18030',
    '54936': 'gb18030',
    '65001': 'utf8',
    'utf-8': 'utf8',
    utf8: 'utf8',
    '1252': 'win1252',
    '950': 'big5',
    big5: 'big5',
  };
  if (named !== '') {
    const encoding = byName[named] ?? named;
    if (iconv.encodingExists(encoding)) return encoding;
  }
  // Language driver id at byte 29: 0x4d is code page 936 (GBK), 0x57 "ANSI" of the machine.
  if (header[29] === 0x4d) return 'gbk';
  return 'auto';
}

/** UTF-8 when the bytes are valid UTF-8, otherwise GBK (the usual case without a .cpg). */
function decodeAuto(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.includes('\uFFFD') ? iconv.decode(bytes, 'gbk') : text;
}

export interface DbfTable {
  fields: string[];
  records: Record<string, DbfValue>[];
  encoding: string;
}

export function readDbf(buffer: Buffer, cpg: string | null): DbfTable {
  if (buffer.length < 32) throw new Error('the .dbf is shorter than its header');
  const recordCount = buffer.readUInt32LE(4);
  const headerLength = buffer.readUInt16LE(8);
  const recordLength = buffer.readUInt16LE(10);
  const encoding = dbfEncoding(cpg, buffer.subarray(0, 32));
  const decode = (bytes: Buffer): string =>
    encoding === 'auto' ? decodeAuto(bytes) : iconv.decode(bytes, encoding);
  const fields: Array<{ name: string; type: string; offset: number; length: number }> = [];
  let offset = 1; // each record starts with its deletion flag
  for (let at = 32; at + 32 <= headerLength && buffer[at] !== 0x0d; at += 32) {
    const nameBytes = buffer.subarray(at, at + 11);
    const end = nameBytes.indexOf(0);
    const name = decode(nameBytes.subarray(0, end < 0 ? 11 : end)).trim();
    const type = String.fromCharCode(buffer[at + 11] as number);
    const length = buffer[at + 16] as number;
    fields.push({ name, type, offset, length });
    offset += length;
  }
  const records: Record<string, DbfValue>[] = [];
  for (let index = 0; index < recordCount; index += 1) {
    const start = headerLength + index * recordLength;
    if (start + recordLength > buffer.length) break;
    if (buffer[start] === 0x2a) continue; // deleted record
    const record: Record<string, DbfValue> = {};
    for (const field of fields) {
      const raw = buffer.subarray(start + field.offset, start + field.offset + field.length);
      record[field.name] = fieldValue(field.type, decode(raw).trim());
    }
    records.push(record);
  }
  return { fields: fields.map((field) => field.name), records, encoding };
}

function fieldValue(type: string, text: string): DbfValue {
  if (text === '' || /^\*+$/.test(text)) return null;
  if (type === 'N' || type === 'F') {
    // Grid codes are often numeric fields: keep the digits as written, never a float's rounding.
    return /^-?\d+$/.test(text) ? text : Number(text);
  }
  if (type === 'L') return /^[YyTt]$/.test(text);
  return text;
}
