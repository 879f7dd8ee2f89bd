/**
 * The header row of a table import (registers, rentals, workers): which column holds each target
 * field — the given mapping first, then known header names — and every problem with it: a
 * required field with no column, or a mapped column the file does not have.
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
