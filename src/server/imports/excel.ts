/**
 * exceljs, loaded with one fix: its XML reader (lib/utils/parse-sax.js) turns each compressed
 * chunk into text on its own, so a Chinese character whose UTF-8 bytes straddle two chunks
 * becomes "��" — in a register of thousands of rows some names and addresses come out broken.
 * The same reader with a StringDecoder (which carries a split character over to the next chunk)
 * is put in Node's module cache before exceljs is first loaded, so every part of exceljs uses it.
 * Import ExcelJS from here, never from 'exceljs' directly (one load, always the fixed one).
 */
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

const require = createRequire(import.meta.url);
const parseSaxPath = join(dirname(require.resolve('exceljs')), 'lib', 'utils', 'parse-sax.js');

interface SaxEvent {
  eventType: string;
  value: unknown;
}

function installDecodingParseSax(): void {
  if (require.cache[parseSaxPath]?.exports?.decodesSplitCharacters === true) return;
  // The saxes that exceljs itself resolves.
  const { SaxesParser } = createRequire(require.resolve('exceljs'))('saxes') as {
    SaxesParser: new () => {
      on(event: string, listener: (value: unknown) => void): void;
      write(text: string): void;
    };
  };
  async function* parseSax(iterable: AsyncIterable<Buffer | string>): AsyncGenerator<SaxEvent[]> {
    const parser = new SaxesParser();
    const decoder = new StringDecoder('utf8');
    let error: unknown;
    let events: SaxEvent[] = [];
    parser.on('error', (value) => (error = value));
    parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
    parser.on('text', (value) => events.push({ eventType: 'text', value }));
    parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
    const source: AsyncIterable<Buffer | string> =
      Symbol.asyncIterator in iterable
        ? iterable
        : ((iterable as NodeJS.ReadableStream).pipe(new PassThrough()) as AsyncIterable<Buffer>);
    for await (const chunk of source) {
      parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
      if (error !== undefined) throw error;
      yield events;
      events = [];
    }
    const rest = decoder.end();
    if (rest !== '') {
      parser.write(rest);
      if (error !== undefined) throw error;
      yield events;
    }
  }
  Object.assign(parseSax, { decodesSplitCharacters: true });
  const cached = new Module(parseSaxPath);
  cached.filename = parseSaxPath;
  cached.loaded = true;
  cached.exports = parseSax;
  require.cache[parseSaxPath] = cached;
}

installDecodingParseSax();
const ExcelJS = require('exceljs') as typeof import('exceljs');
export default ExcelJS;
