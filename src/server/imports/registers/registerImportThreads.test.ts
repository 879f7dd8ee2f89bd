/**
 * A large register batch is read on one thread and its identifiers sealed on another
 * (imports/tableRowsThread.ts, store/sealingThread.ts): what lands in the register must be what
 * the calling thread would have written, for new people and for people who moved.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { idCheckCharacter } from '../../../domain/idNumber';
import { openDatabase } from '../../store/openDatabase';
import { identifierSealerFor } from '../../store/dataKeyFiles';
import { writeSyntheticDistrict } from '../../testing/syntheticDistrict';
import { startWorker } from '../../workerThreads';
import { READ_ON_THREAD_FROM_BYTES } from '../tableRowsThread';
import { runRegistersImport } from './registersImportKind';

vi.mock('../../workerThreads', async (original) => {
  const actual = await original<typeof import('../../workerThreads')>();
  return { startWorker: vi.fn(actual.startWorker) };
});

const dir = mkdtempSync(join(tmpdir(), 'register-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first 20,000 rows are written as they come; the rest go through the sealing thread. */
const ROWS = 27_000;
const HEADER = [
  '姓名',
  '公民身份号码',
  '性别',
  '联系电话',
  '房屋地址',
  '房号',
  '与户主关系',
  '人员类别',
];

function idNumberOf(index: number): string {
  const body = `350102${1950 + Math.floor(index / 1000)}0101${String(index % 1000).padStart(3, '0')}`;
  return body + idCheckCharacter(body);
}

/** Person i in building `building`; every seventh has no phone. */
function row(index: number, building: number): string[] {
  return [
    `线程居民${index}`,
    idNumberOf(index),
    index % 2 === 0 ? '女' : '男',
    index % 7 === 0 ? '' : `139${String(index).padStart(8, '0')}`,
    `幸福路${building}号`,
    '101',
    index % 4 === 0 ? '户主' : '子女',
    '户籍',
  ];
}

function writeCsv(name: string, building: number): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    Papa.unparse([HEADER, ...Array.from({ length: ROWS }, (_, index) => row(index, building))]),
  );
  expect(statSync(file).size).toBeGreaterThanOrEqual(READ_ON_THREAD_FROM_BYTES);
  return file;
}

describe('a large register batch on threads', () => {
  it('stores the identifiers and units the calling thread would, created and moved', async () => {
    const dbPath = join(dir, 'district.sqlite');
    writeSyntheticDistrict(dbPath, {
      streetCount: 1,
      communitiesPerStreet: 1,
      gridsPerCommunity: 1,
      buildingsPerGrid: 2,
      floors: 1,
      unitsPerFloor: 1,
      vacantEvery: 1000,
      rentalEvery: 1000,
      householdsPerUnit: 0,
      personsPerHousehold: 0,
    });
    const db = openDatabase(dbPath);
    const sealer = identifierSealerFor(db);
    /** One line per person, in id order: identifiers' columns as hex, and the building. */
    const line = (values: unknown[]) =>
      values
        .map((value) => (value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value))
        .join('|');
    const stored = () =>
      (
        db
          .prepare(
            'SELECT p.id_number_sealed, p.id_number_index, p.id_number_masked, p.phone_sealed, ' +
              'p.phone_index, p.phone_masked, b.address FROM persons p ' +
              'JOIN households h ON h.id = p.household_id JOIN units u ON u.id = h.unit_id ' +
              'JOIN buildings b ON b.id = u.building_id ORDER BY p.id',
          )
          .raw()
          .all() as unknown[][]
      ).map(line);
    const expected = (building: number) =>
      Array.from({ length: ROWS }, (_, index) => {
        const cells = row(index, building);
        const sealed = sealer.sealPerson({ idNumber: cells[1]!, phone: cells[3] || null });
        return line([
          sealed.idNumberSealed,
          sealed.idNumberIndex,
          sealed.idNumberMasked,
          sealed.phoneSealed,
          sealed.phoneIndex,
          sealed.phoneMasked,
          `幸福路${building}号`,
        ]);
      });
    const threadsBefore = vi.mocked(startWorker).mock.calls.length;

    const created = await runRegistersImport(db, writeCsv('first.csv', 1), {
      crs: 'wgs84',
      dryRun: false,
      actor: 't',
    });
    expect(created.problems).toEqual([]);
    expect(created.changes.created).toBe(ROWS);
    // One thread read the file, one sealed.
    expect(vi.mocked(startWorker).mock.calls.length - threadsBefore).toBe(2);
    expect(stored()).toEqual(expected(1));

    const moved = await runRegistersImport(db, writeCsv('second.csv', 2), {
      crs: 'wgs84',
      dryRun: false,
      actor: 't',
    });
    expect(moved.changes).toEqual({ created: 0, updated: 0, moved: ROWS, unchanged: 0 });
    expect(vi.mocked(startWorker).mock.calls.length - threadsBefore).toBe(4);
    expect(stored()).toEqual(expected(2));
    db.close();
  }, 120_000);
});
