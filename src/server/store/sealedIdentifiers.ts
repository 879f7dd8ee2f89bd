/**
 * The one module that seals and opens personal identifiers at rest (persons' ID numbers and
 * phones, grid workers' phones, Open311 reporters' contacts). Every writer (the generator, the stores, the test
 * district) and every reader goes through it, so the storage form is decided here only.
 *
 * - Sealed value: AES-256-GCM. The nonce is synthetic (HMAC of field and value under its own
 *   key, as in SIV): the same key and value always give the same bytes, which keeps the demo
 *   generator byte-for-byte deterministic; a repeated nonce only ever meets the same plaintext,
 *   so it reveals equality, which the lookup index reveals anyway.
 * - Lookup index: HMAC-SHA-256 (truncated to 16 bytes) of the normalised value, for exact
 *   lookups without decrypting.
 * - Masked copy: the value with all but its last 4 characters masked, for display and tail
 *   search.
 * All three keys are derived by HKDF from one 32-byte data key: `DATA_KEY_FILE` (a file), else
 * `DATA_KEY` (64 hex characters or base64), else `$DATA_DIR/data.key`, created 0600 on first use
 * (dataKeyFiles.ts).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync } from 'node:crypto';
import { maskIdentifier } from '../../domain/idNumber';
import { GcmBatch, type GcmMessage } from './gcmBatch';

export const DATA_KEY_BYTES = 32;
export const DATA_KEY_FILE_NAME = 'data.key';
/** Written by keys:rotate before the re-encryption; loaded beside the current key until renamed. */
export const NEXT_KEY_SUFFIX = '.next';
const FORMAT_VERSION = 1;
const KEY_ID_BYTES = 4;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + KEY_ID_BYTES + NONCE_BYTES + TAG_BYTES;
const INDEX_BYTES = 16;
const HKDF_SALT = Buffer.from('grid-command-center data key v1');

/** Which value a sealed blob or index holds; part of every nonce and index so fields never collide. */
export type SealedField =
  | 'id_number'
  | 'phone'
  | 'worker_phone'
  | 'reporter_name'
  | 'reporter_phone'
  | 'reporter_email'
  | 'emergency_contact';

export class DataKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataKeyError';
  }
}

const SEALED_FIELDS: readonly SealedField[] = [
  'id_number',
  'phone',
  'worker_phone',
  'reporter_name',
  'reporter_phone',
  'reporter_email',
  'emergency_contact',
];
/** The field as authenticated data of its blob: a blob cannot be moved to another field. */
const FIELD_AAD = Object.fromEntries(
  SEALED_FIELDS.map((field) => [field, Buffer.from(field)]),
) as Record<SealedField, Buffer>;
/** The field as the prefix of nonce and index input, so fields never share either. */
const FIELD_PREFIX = Object.fromEntries(
  SEALED_FIELDS.map((field) => [field, field + '\0']),
) as Record<SealedField, string>;

interface DerivedKey {
  id: Buffer;
  /** Version byte and key id: the start of every blob sealed with this key. */
  header: Buffer;
  sealKey: Buffer;
  nonceKey: Buffer;
  indexKey: Buffer;
  /** The seal key's batch sealer (sealPersons), made on first use. */
  batch?: GcmBatch;
}

function derive(key: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, HKDF_SALT, info, DATA_KEY_BYTES));
}

function deriveKey(key: Buffer): DerivedKey {
  if (key.length !== DATA_KEY_BYTES)
    throw new DataKeyError(
      `数据密钥须为 32 字节 / the data key must be 32 bytes, got ${key.length}`,
    );
  const id = createHash('sha256').update(derive(key, 'key id')).digest().subarray(0, KEY_ID_BYTES);
  return {
    id,
    header: Buffer.concat([Buffer.of(FORMAT_VERSION), id]),
    sealKey: derive(key, 'seal'),
    nonceKey: derive(key, 'nonce'),
    indexKey: derive(key, 'index'),
  };
}

/**
 * Seals, opens and indexes identifiers with one current key; opens with any key of the ring
 * (a rotation in progress has two).
 */
export class IdentifierSealer {
  private readonly current: DerivedKey;
  private readonly byId: Map<string, DerivedKey>;

  private readonly currentKey: Buffer;

  constructor(currentKey: Buffer, otherKeys: readonly Buffer[] = []) {
    this.currentKey = Buffer.from(currentKey);
    this.current = deriveKey(currentKey);
    this.byId = new Map();
    for (const key of [currentKey, ...otherKeys]) {
      const derived = deriveKey(key);
      this.byId.set(derived.id.toString('hex'), derived);
    }
  }

  /**
   * A copy of the current key for a worker thread of this process that seals for it
   * (store/sealingThread.ts); it never leaves the process.
   */
  keyForThread(): Buffer {
    return Buffer.from(this.currentKey);
  }

  /** Hex id of the current key (stored in every blob, so a blob names the key that opens it). */
  get keyId(): string {
    return this.current.id.toString('hex');
  }

  seal(field: SealedField, value: string): Buffer {
    const nonce = createHmac('sha256', this.current.nonceKey)
      .update(FIELD_PREFIX[field])
      .update(value)
      .digest()
      .subarray(0, NONCE_BYTES);
    return this.sealWithNonce(field, value, nonce);
  }

  private sealWithNonce(field: SealedField, value: string, nonce: Buffer): Buffer {
    const cipher = createCipheriv('aes-256-gcm', this.current.sealKey, nonce);
    cipher.setAAD(FIELD_AAD[field]);
    const body = cipher.update(value, 'utf8');
    cipher.final();
    return Buffer.concat([this.current.header, nonce, cipher.getAuthTag(), body]);
  }

  /**
   * Seals a value and computes its lookup index from one HMAC: the index is the first 16 bytes,
   * the nonce the last 12. Only for values already in index form (trimmed, upper case), so a
   * nonce is never shared by two different plaintexts.
   */
  private sealIndexed(field: SealedField, value: string): [Buffer, Buffer] {
    if (normaliseForIndex(value) !== value)
      return [this.seal(field, value), this.index(field, value)];
    const { nonce, index } = this.indexedDigest(field, value);
    return [this.sealWithNonce(field, value, nonce), index];
  }

  /** One HMAC of a value in index form: its lookup index (first 16 bytes) and nonce (last 12). */
  private indexedDigest(field: SealedField, value: string): { nonce: Buffer; index: Buffer } {
    const digest = createHmac('sha256', this.current.indexKey)
      .update(FIELD_PREFIX[field] + value)
      .digest();
    return { nonce: digest.subarray(32 - NONCE_BYTES), index: digest.subarray(0, INDEX_BYTES) };
  }

  open(field: SealedField, sealed: Uint8Array): string {
    const blob = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    if (blob.length < HEADER_BYTES || blob[0] !== FORMAT_VERSION)
      throw new DataKeyError('密文格式错误 / not a sealed value');
    const keyId = blob.subarray(1, 1 + KEY_ID_BYTES).toString('hex');
    const key = this.byId.get(keyId);
    if (key === undefined)
      throw new DataKeyError(
        `数据密钥不匹配（密文使用密钥 ${keyId}）/ the data key does not match (value sealed with key ${keyId})`,
      );
    const nonce = blob.subarray(1 + KEY_ID_BYTES, 1 + KEY_ID_BYTES + NONCE_BYTES);
    const tag = blob.subarray(1 + KEY_ID_BYTES + NONCE_BYTES, HEADER_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key.sealKey, nonce);
    decipher.setAAD(FIELD_AAD[field]);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(blob.subarray(HEADER_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  }

  /** The exact-lookup index of a value (normalised: trimmed, upper case). */
  index(field: SealedField, value: string): Buffer {
    return createHmac('sha256', this.current.indexKey)
      .update(FIELD_PREFIX[field])
      .update(normaliseForIndex(value))
      .digest()
      .subarray(0, INDEX_BYTES);
  }

  /**
   * The key of change requests' versions (docs/decisions/0025): a keyed hash of a person's
   * fields cannot be matched against guessed phones by anyone without the data key.
   */
  versionKey(): Buffer {
    return createHmac('sha256', this.current.indexKey).update('change_version\0').digest();
  }

  /** The columns a person's identifiers are stored as. */
  sealPerson(identifiers: PersonIdentifiers): SealedPersonIdentifiers {
    const { idNumber, phone } = identifiers;
    return personColumns(
      identifiers,
      this.sealIndexed('id_number', idNumber),
      phone === null ? null : this.sealIndexed('phone', phone),
    );
  }

  /**
   * sealPerson for many persons at once, the same bytes for each: the ciphers of a batch are
   * computed together (gcmBatch.ts), about half the CPU of sealing them one by one.
   */
  sealPersons(persons: readonly PersonIdentifiers[]): SealedPersonIdentifiers[] {
    const ids = this.sealIndexedMany(
      'id_number',
      persons.map((person) => person.idNumber),
    );
    const phones = this.sealIndexedMany(
      'phone',
      persons.flatMap((person) => (person.phone === null ? [] : [person.phone])),
    );
    let phoneAt = 0;
    return persons.map((person, index) =>
      personColumns(person, ids[index]!, person.phone === null ? null : phones[phoneAt++]!),
    );
  }

  /** sealIndexed of each value, the values in index form sealed as one batch. */
  private sealIndexedMany(field: SealedField, values: readonly string[]): Array<[Buffer, Buffer]> {
    const key = this.current;
    const result: Array<[Buffer, Buffer]> = new Array(values.length);
    const messages: GcmMessage[] = [];
    const batched: Array<{ at: number; index: Buffer }> = [];
    values.forEach((value, at) => {
      if (normaliseForIndex(value) !== value) {
        result[at] = this.sealIndexed(field, value);
        return;
      }
      const { nonce, index } = this.indexedDigest(field, value);
      messages.push({ nonce, plaintext: Buffer.from(value, 'utf8') });
      batched.push({ at, index });
    });
    key.batch ??= new GcmBatch(key.sealKey);
    const sealed = key.batch.seal(messages, FIELD_AAD[field], key.header);
    batched.forEach(({ at, index }, position) => (result[at] = [sealed[position]!, index]));
    return result;
  }

  /** A grid worker's phone in the order `WORKER_PHONE_COLUMNS` names its columns. */
  sealWorkerPhone(phone: string): [Buffer, Buffer, string] {
    const [sealed, index] = this.sealIndexed('worker_phone', phone);
    return [sealed, index, maskIdentifier(phone)];
  }

  openPerson(sealed: {
    idNumberSealed: Uint8Array;
    phoneSealed: Uint8Array | null;
  }): PersonIdentifiers {
    return {
      idNumber: this.open('id_number', sealed.idNumberSealed),
      phone: sealed.phoneSealed === null ? null : this.open('phone', sealed.phoneSealed),
    };
  }
}

/** A person's columns from the sealed value and index of the ID number and of the phone. */
function personColumns(
  { idNumber, phone }: PersonIdentifiers,
  [idNumberSealed, idNumberIndex]: [Buffer, Buffer],
  sealedPhone: [Buffer, Buffer] | null,
): SealedPersonIdentifiers {
  return {
    idNumberSealed,
    idNumberIndex,
    idNumberMasked: maskIdentifier(idNumber),
    phoneSealed: sealedPhone?.[0] ?? null,
    phoneIndex: sealedPhone?.[1] ?? null,
    phoneMasked: phone === null ? null : maskIdentifier(phone),
  };
}

function normaliseForIndex(value: string): string {
  return value.trim().toUpperCase();
}

export interface PersonIdentifiers {
  idNumber: string;
  phone: string | null;
}

export interface SealedPersonIdentifiers {
  idNumberSealed: Buffer;
  idNumberIndex: Buffer;
  idNumberMasked: string;
  phoneSealed: Buffer | null;
  phoneIndex: Buffer | null;
  phoneMasked: string | null;
}

/**
 * The person columns in the order `PERSON_SEALED_COLUMNS` names them, for INSERT statements.
 */
export const PERSON_SEALED_COLUMNS =
  'id_number_sealed, id_number_index, id_number_masked, phone_sealed, phone_index, phone_masked';

export function personSealedValues(
  sealed: SealedPersonIdentifiers,
): [Buffer, Buffer, string, Buffer | null, Buffer | null, string | null] {
  return [
    sealed.idNumberSealed,
    sealed.idNumberIndex,
    sealed.idNumberMasked,
    sealed.phoneSealed,
    sealed.phoneIndex,
    sealed.phoneMasked,
  ];
}

/** The workers columns a worker's phone is stored as (see `sealWorkerPhone`). */
export const WORKER_PHONE_COLUMNS = 'phone_sealed, phone_index, phone_masked';
