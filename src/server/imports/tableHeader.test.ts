import { describe, expect, it } from 'vitest';
import { TableReader, type TableField } from './tableHeader';
import type { TableRow } from './tableRows';

type Field = 'name' | 'room' | 'note';
const FIELDS: ReadonlyArray<TableField<Field>> = [
  { key: 'name', zh: '姓名', en: 'Name', required: true, headers: ['姓名'] },
  { key: 'room', zh: '房号', en: 'Room', required: true, headers: ['房号', '室号'] },
  { key: 'note', zh: '备注', en: 'Note', required: false, headers: ['备注'] },
];

async function* rowsOf(...lines: string[][]): AsyncGenerator<TableRow> {
  // A blank line in the file: data rows keep their line numbers, so row numbers skip it.
  let line = 1;
  for (const cells of lines) {
    if (cells.length > 0) yield { line, cells };
    line++;
  }
}

async function readAll(reader: TableReader<Field>) {
  const records = [];
  for await (const record of reader.records()) records.push(record);
  return records;
}

describe('TableReader', () => {
  it('yields the rows under the header with their numbers, cells by field and problems by column', async () => {
    const reader = new TableReader(
      rowsOf(['室号', '姓名'], ['１０１ ', '张三'], [], ['102', '李四']),
      FIELDS,
      undefined,
      true,
    );
    const records = await readAll(reader);
    expect(reader.fileProblems).toEqual([]);
    expect(reader.mapping).toEqual({ name: '姓名', room: '室号' });
    expect(records.map((record) => [record.row, record.cell('room'), record.cell('name')])).toEqual(
      [
        [1, '101', '张三'],
        [3, '102', '李四'],
      ],
    );
    expect(records[0]!.cell('note')).toBe('');
    expect(records[1]!.problem('room', 'room-bad', '房号错', 'bad room')).toEqual({
      row: 3,
      column: '室号',
      code: 'room-bad',
      messageZh: '房号错',
      messageEn: 'bad room',
      severity: 'error',
    });
    // A field the file has no column for is named by its Chinese name.
    expect(records[0]!.problem('note', 'x', 'x', 'x', 'warning')).toMatchObject({
      column: '备注',
      severity: 'warning',
    });
  });

  it('keeps cells as in the file unless asked to normalise them', async () => {
    const reader = new TableReader(
      rowsOf(['姓名', '房号'], [' 王五', '１０１']),
      FIELDS,
      {},
      false,
    );
    const [record] = await readAll(reader);
    expect([record!.cell('name'), record!.cell('room')]).toEqual([' 王五', '１０１']);
  });

  it('yields no row when the header lacks a required column, and says which', async () => {
    const reader = new TableReader(rowsOf(['姓名'], ['张三', '101']), FIELDS, undefined, true);
    expect(await readAll(reader)).toEqual([]);
    expect(reader.fileProblems.map((problem) => [problem.code, problem.column])).toEqual([
      ['column-missing', '房号'],
    ]);
  });

  it('reports an empty file (no header row) as a problem of the whole file', async () => {
    const reader = new TableReader(rowsOf(), FIELDS, undefined, true);
    expect(await readAll(reader)).toEqual([]);
    expect(reader.fileProblems).toEqual([
      expect.objectContaining({ row: null, code: 'file-empty' }),
    ]);
    expect(reader.mapping).toEqual({});
  });
});
