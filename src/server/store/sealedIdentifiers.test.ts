import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataKeyError, IdentifierSealer } from './sealedIdentifiers';
import { loadIdentifierSealer, parseDataKey } from './dataKeyFiles';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 9);
const ID = '35010219900615123X';

const folders: string[] = [];
function folder(): string {
  const path = mkdtempSync(join(tmpdir(), 'sealed-'));
  folders.push(path);
  return path;
}
afterEach(() => {
  for (const path of folders.splice(0)) rmSync(path, { recursive: true, force: true });
});

describe('IdentifierSealer', () => {
  it('opens what it sealed, and the sealed bytes hold no trace of the value', () => {
    const sealer = new IdentifierSealer(KEY);
    const sealed = sealer.seal('id_number', ID);
    expect(sealed.toString('latin1')).not.toContain(ID);
    expect(sealed.toString('latin1')).not.toContain(ID.slice(-4));
    expect(sealer.open('id_number', sealed)).toBe(ID);
  });

  it('refuses a blob that was altered, sealed for another field, or sealed with an unknown key', () => {
    const sealer = new IdentifierSealer(KEY);
    const sealed = sealer.seal('phone', '13800138000');
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1]! ^= 1;
    expect(() => sealer.open('phone', flipped)).toThrow();
    expect(() => sealer.open('id_number', sealed)).toThrow();
    expect(() => new IdentifierSealer(OTHER_KEY).open('phone', sealed)).toThrow(DataKeyError);
  });

  it('opens values of an older key kept in the ring while sealing with the current one', () => {
    const old = new IdentifierSealer(KEY);
    const ring = new IdentifierSealer(OTHER_KEY, [KEY]);
    expect(ring.open('phone', old.seal('phone', '13800138000'))).toBe('13800138000');
    expect(ring.seal('phone', '13800138000').subarray(1, 5)).not.toEqual(
      old.seal('phone', '13800138000').subarray(1, 5),
    );
  });

  it('gives an exact-lookup index that depends on key, field and value, not on case or spaces', () => {
    const sealer = new IdentifierSealer(KEY);
    expect(sealer.index('id_number', ID)).toEqual(
      sealer.index('id_number', ` ${ID.toLowerCase()} `),
    );
    expect(sealer.index('id_number', ID)).not.toEqual(sealer.index('phone', ID));
    expect(sealer.index('id_number', ID)).not.toEqual(
      new IdentifierSealer(OTHER_KEY).index('id_number', ID),
    );
  });

  it('stores a person as sealed values, indexes and masked copies with the last four visible', () => {
    const sealed = new IdentifierSealer(KEY).sealPerson({ idNumber: ID, phone: null });
    expect(sealed.idNumberMasked).toBe('*'.repeat(14) + '123X');
    expect(sealed.phoneSealed).toBeNull();
    expect(sealed.phoneMasked).toBeNull();
  });

  it('seals many persons at once to the very bytes it seals each to, values in index form or not', () => {
    const sealer = new IdentifierSealer(KEY);
    const persons = [
      { idNumber: ID, phone: '13800138000' },
      { idNumber: '350102198001010029', phone: null },
      // Not in index form (lower case, spaces): sealed one by one, as sealPerson does.
      { idNumber: ' 35010219800101001x', phone: '0591-8765 4321 ' },
      { idNumber: '110105194912310021', phone: '13900000001' },
    ];
    const many = sealer.sealPersons(persons);
    expect(many).toEqual(persons.map((person) => sealer.sealPerson(person)));
    expect(many.map((sealed) => sealer.openPerson(sealed))).toEqual(persons);
    expect(sealer.sealPersons([])).toEqual([]);
  });
});

describe('the data key', () => {
  it('is created 0600 in the data folder on first use and read back after', () => {
    const dir = folder();
    const first = loadIdentifierSealer(dir, { create: true, env: {} });
    expect(statSync(join(dir, 'data.key')).mode & 0o777).toBe(0o600);
    const second = loadIdentifierSealer(dir, { create: true, env: {} });
    expect(second.open('phone', first.seal('phone', '13800138000'))).toBe('13800138000');
  });

  it('comes from DATA_KEY or DATA_KEY_FILE when set, and never writes a file then', () => {
    const dir = folder();
    const fromEnv = loadIdentifierSealer(dir, {
      create: true,
      env: { DATA_KEY: KEY.toString('hex') },
    });
    expect(existsSync(join(dir, 'data.key'))).toBe(false);
    expect(fromEnv.keyId).toBe(new IdentifierSealer(KEY).keyId);
    const keyFile = join(dir, 'elsewhere.key');
    writeFileSync(keyFile, KEY.toString('base64'));
    expect(loadIdentifierSealer(dir, { create: true, env: { DATA_KEY_FILE: keyFile } }).keyId).toBe(
      fromEnv.keyId,
    );
    expect(() =>
      loadIdentifierSealer(dir, { create: true, env: { DATA_KEY_FILE: join(dir, 'missing') } }),
    ).toThrow(/no data key/);
  });

  it('refuses a key of the wrong size with a message in both languages', () => {
    expect(() => parseDataKey('abcd')).toThrow(/数据密钥.*data key/);
  });
});
