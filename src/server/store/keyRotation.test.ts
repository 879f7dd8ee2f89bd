import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeSyntheticDistrict } from '../testing/syntheticDistrict';
import { TEST_DISTRICT_SIZE } from '../testing/testServer';
import { rotateDataKey } from './keyRotation';
import { openDatabase } from './openDatabase';
import { DataKeyError } from './sealedIdentifiers';
import { loadIdentifierSealer } from './dataKeyFiles';

type Row = {
  id: number;
  id_number_sealed: Buffer;
  phone_sealed: Buffer | null;
  phone_index: Buffer | null;
};

function readPersons(dbPath: string): Row[] {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return db
      .prepare('SELECT id, id_number_sealed, phone_sealed, phone_index FROM persons ORDER BY id')
      .all() as Row[];
  } finally {
    db.close();
  }
}

function readWorkerPhones(dbPath: string): { phone_sealed: Buffer; phone_index: Buffer }[] {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT phone_sealed, phone_index FROM workers ORDER BY id').all() as {
      phone_sealed: Buffer;
      phone_index: Buffer;
    }[];
  } finally {
    db.close();
  }
}

describe('npm run keys:rotate', () => {
  let dir: string;
  let dbPath: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rotate-'));
    dbPath = join(dir, 'district.sqlite');
    writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('re-encrypts every identifier with a new key; the old key opens nothing any more', () => {
    const oldSealer = loadIdentifierSealer(dir, { create: false, env: {} });
    const before = readPersons(dbPath);
    const workersBefore = readWorkerPhones(dbPath);
    expect(workersBefore.length).toBeGreaterThan(0);
    const clear = before.map((row) =>
      oldSealer.openPerson({ idNumberSealed: row.id_number_sealed, phoneSealed: row.phone_sealed }),
    );

    const report = rotateDataKey(dbPath, {});
    expect(report.persons).toBe(before.length);
    expect(existsSync(join(dir, 'data.key.next'))).toBe(false);
    expect(statSync(join(dir, 'data.key')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).some((name) => name.startsWith('data.key.retired-'))).toBe(true);

    const newSealer = loadIdentifierSealer(dir, { create: false, env: {} });
    expect(newSealer.keyId).not.toBe(oldSealer.keyId);
    expect(newSealer.keyId).toBe(report.newKeyId);
    const after = readPersons(dbPath);
    after.forEach((row, index) => {
      expect(
        newSealer.openPerson({
          idNumberSealed: row.id_number_sealed,
          phoneSealed: row.phone_sealed,
        }),
      ).toEqual(clear[index]);
      if (clear[index]!.phone !== null)
        expect(row.phone_index).toEqual(newSealer.index('phone', clear[index]!.phone));
    });
    expect(() => oldSealer.open('id_number', after[0]!.id_number_sealed)).toThrow(DataKeyError);
    expect(report.workers).toBe(workersBefore.length);
    const workersAfter = readWorkerPhones(dbPath);
    workersAfter.forEach((row, index) => {
      const phone = newSealer.open('worker_phone', row.phone_sealed);
      expect(phone).toBe(oldSealer.open('worker_phone', workersBefore[index]!.phone_sealed));
      expect(row.phone_index).toEqual(newSealer.index('worker_phone', phone));
    });
    // No value sealed with the old key is left anywhere in the file.
    const file = readFileSync(dbPath);
    expect(file.includes(before[0]!.id_number_sealed)).toBe(false);
  });

  it('refuses a key given in the environment, with both languages', () => {
    expect(() => rotateDataKey(dbPath, { DATA_KEY: 'ab'.repeat(32) })).toThrow(/DATA_KEY_FILE/);
  });
});
