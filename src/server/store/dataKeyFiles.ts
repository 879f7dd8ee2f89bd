/**
 * Where the data key of sealedIdentifiers.ts comes from and how it is kept: `DATA_KEY_FILE`
 * (a file), else `DATA_KEY` (64 hex characters or base64), else `$DATA_DIR/data.key`, created
 * 0600 on first use; and the sealer each open database uses.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  DATA_KEY_BYTES,
  DATA_KEY_FILE_NAME,
  DataKeyError,
  IdentifierSealer,
  NEXT_KEY_SUFFIX,
} from './sealedIdentifiers';

/** Parses key text: 64 hex characters or base64 of 32 bytes (a trailing newline is fine). */
export function parseDataKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== DATA_KEY_BYTES)
    throw new DataKeyError(
      '数据密钥格式错误（须为 64 个十六进制字符或 32 字节的 base64）/ the data key must be 64 hex characters or base64 of 32 bytes',
    );
  return key;
}

export function newDataKeyText(): string {
  return randomBytes(DATA_KEY_BYTES).toString('hex') + '\n';
}

/** Writes a key file that only its owner may read, refusing to overwrite one. */
export function writeKeyFile(path: string, text: string): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface KeySource {
  /** Where the current key lives: a file path, or 'env' for DATA_KEY. */
  kind: 'file' | 'env';
  path: string | null;
}

/** Where the data key of `dataDir` comes from under `env`. */
export function keySourceOf(dataDir: string, env: NodeJS.ProcessEnv = process.env): KeySource {
  if (env.DATA_KEY_FILE) return { kind: 'file', path: env.DATA_KEY_FILE };
  if (env.DATA_KEY) return { kind: 'env', path: null };
  return { kind: 'file', path: join(dataDir, DATA_KEY_FILE_NAME) };
}

function readKeyFile(path: string): Buffer {
  return parseDataKey(readFileSync(path, 'utf8'));
}

/**
 * Loads the data key for a database in `dataDir`: from `DATA_KEY_FILE`, `DATA_KEY`, or
 * `$DATA_DIR/data.key` (created 0600 when `create` and it does not exist yet). A `<key>.next`
 * left by an interrupted rotation is loaded too, so nothing it already re-encrypted is lost.
 */
export function loadIdentifierSealer(
  dataDir: string,
  options: { create: boolean; env?: NodeJS.ProcessEnv } = { create: true },
): IdentifierSealer {
  const env = options.env ?? process.env;
  const source = keySourceOf(dataDir, env);
  let key: Buffer;
  if (source.kind === 'env') {
    key = parseDataKey(env.DATA_KEY!);
  } else {
    const path = source.path!;
    if (!existsSync(path)) {
      if (!options.create || env.DATA_KEY_FILE)
        throw new DataKeyError(`找不到数据密钥 ${path} / no data key at ${path}`);
      writeKeyFile(path, newDataKeyText());
    }
    key = readKeyFile(path);
  }
  const next = source.path === null ? null : source.path + NEXT_KEY_SUFFIX;
  const others = next !== null && existsSync(next) ? [readKeyFile(next)] : [];
  return new IdentifierSealer(key, others);
}

const sealers = new WeakMap<object, IdentifierSealer>();

/**
 * The sealer of an open database (keyed by its folder, see loadIdentifierSealer). In-memory
 * databases need DATA_KEY or DATA_KEY_FILE.
 */
export function identifierSealerFor(db: { name: string; readonly: boolean }): IdentifierSealer {
  let sealer = sealers.get(db);
  if (sealer === undefined) {
    sealer = loadIdentifierSealer(dirname(db.name), { create: !db.readonly });
    sealers.set(db, sealer);
  }
  return sealer;
}

/** Uses `sealer` for `db` from now on (a rotation, or a caller holding its own key). */
export function useIdentifierSealer(db: object, sealer: IdentifierSealer): void {
  sealers.set(db, sealer);
}
