/**
 * The header row of a table import (registers, rentals, workers, emergency records): which column
 * holds each target field — the given mapping first, then known header names — and every problem
 * with it: a required field with no column, or a mapped column the file does not have; and the
 * reader every table kind walks its data rows with (`TableReader`).
 */
import { detectMapping } from '../../domain/register/registerColumns';
import type { ImportProblem } from './importKind';
import type { TableRow } from './tableRows';

export interface TableField<K extends string> {
  key: K;
  zh: string;
  en: string;
  required: boolean;
  headers: readonly string[];
}

export interface TableHeader<K extends string> {
  /** The header's line in the file (data row n is on line `line + n`). */
  line: number;
  /** Field → cell index, for the fields the file has. */
  cellIndex: Map<K, number>;
  /** Field → the file's column name (detected or given). */
  mapping: Record<string, string>;
}

export function readTableHeader<K extends string>(
  first: TableRow,
  fields: ReadonlyArray<TableField<K>>,
  given: Readonly<Record<string, string>> | undefined,
): { header: TableHeader<K>; problems: ImportProblem[] } {
  const names = first.cells;
  const mapping = detectMapping(names, given, fields);
  const problems: ImportProblem[] = [];
  const cellIndex = new Map<K, number>();
  for (const field of fields) {
    const column = mapping[field.key];
    if (column === undefined) {
      if (field.required) {
        problems.push({
          row: null,
          column: field.zh,
          code: 'column-missing',
          messageZh: `缺少必需的列“${field.zh}”（请在列映射中指定）`,
          messageEn: `required column "${field.zh}" (${field.en}) is missing (map it in the preview)`,
          severity: 'error',
        });
      }
      continue;
    }
    const index = names.indexOf(column);
    if (index < 0) {
      problems.push({
        row: null,
        column,
        code: 'column-unknown',
        messageZh: `映射的列“${column}”不在文件中`,
        messageEn: `mapped column "${column}" is not in the file`,
        severity: 'error',
      });
      continue;
    }
    cellIndex.set(field.key, index);
  }
  return { header: { line: first.line, cellIndex, mapping }, problems };
}

/** One data row of a table under its header. */
export interface TableRecord<K extends string> {
  /** 1 for the first row under the header: the row number problems name. */
  row: number;
  /** The cell under the field's column; '' where the file has no column for the field. */
  cell(field: K): string;
  /** The file's column name for the field (given or detected), else the field's Chinese name. */
  column(field: K): string;
  /** An error (or warning) in this row, named by the field's column. */
  problem(
    field: K | undefined,
    code: string,
    zh: string,
    en: string,
    severity?: ImportProblem['severity'],
  ): ImportProblem;
}

export const EMPTY_FILE_PROBLEM: ImportProblem = {
  row: null,
  code: 'file-empty',
  messageZh: '文件为空（没有表头行）',
  messageEn: 'the file is empty (no header row)',
  severity: 'error',
};

/**
 * Reads a table import's rows under its header: the first row is the header (read with
 * `readTableHeader`), every later one is yielded as a record. A header with problems, or a file
 * with no header row at all, yields no record and leaves its problems in `fileProblems`.
 */
export class TableReader<K extends string> {
  header: TableHeader<K> | null = null;
  /** Problems of the file as a whole: a missing or unknown column, an empty file. */
  readonly fileProblems: ImportProblem[] = [];

  constructor(
    private readonly rows: AsyncIterable<TableRow>,
    private readonly fields: ReadonlyArray<TableField<K>>,
    private readonly given: Readonly<Record<string, string>> | undefined,
    /** Cells NFKC-normalised and trimmed (full-width digits, stray spaces), else as in the file. */
    private readonly normalise: boolean,
  ) {}

  /** The header's column for each field, once read (empty before or for an empty file). */
  get mapping(): Record<string, string> {
    return this.header?.mapping ?? {};
  }

  async *records(): AsyncGenerator<TableRecord<K>> {
    for await (const row of this.rows) {
      if (this.header === null) {
        const read = readTableHeader(row, this.fields, this.given);
        this.header = read.header;
        this.fileProblems.push(...read.problems);
        if (read.problems.length > 0) return;
        continue;
      }
      yield this.recordOf(row, this.header);
    }
    if (this.header === null) this.fileProblems.push(EMPTY_FILE_PROBLEM);
  }

  private recordOf(row: TableRow, header: TableHeader<K>): TableRecord<K> {
    return new HeaderRecord(row, header, this.fields, this.normalise);
  }
}

/**
 * A data row under its header. A class, not an object of closures: a large import reads a
 * million of them, and run through tsx each closure was also given its name (esbuild's
 * keepNames), ~3.5 s of a million-row import's main thread.
 */
class HeaderRecord<K extends string> implements TableRecord<K> {
  readonly row: number;

  constructor(
    private readonly tableRow: TableRow,
    private readonly header: TableHeader<K>,
    private readonly fields: ReadonlyArray<TableField<K>>,
    private readonly normalise: boolean,
  ) {
    this.row = tableRow.line - header.line;
  }

  cell(field: K): string {
    const index = this.header.cellIndex.get(field);
    const value = index === undefined ? '' : (this.tableRow.cells[index] ?? '');
    return this.normalise ? value.normalize('NFKC').trim() : value;
  }

  column(field: K): string {
    return this.header.mapping[field] ?? this.fields.find((entry) => entry.key === field)!.zh;
  }

  problem(
    field: K | undefined,
    code: string,
    zh: string,
    en: string,
    severity: ImportProblem['severity'] = 'error',
  ): ImportProblem {
    return {
      row: this.row,
      ...(field === undefined ? {} : { column: this.column(field) }),
      code,
      messageZh: zh,
      messageEn: en,
      severity,
    };
  }
}
