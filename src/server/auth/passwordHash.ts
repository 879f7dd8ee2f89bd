/**
 * Password hashing with scrypt (node:crypto) and a random salt per password. Stored form:
 * `scrypt$N$r$p$saltBase64$hashBase64`, so the cost can be raised later without breaking old rows.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const SCHEME = 'scrypt';
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const COST_N = 16_384;
const BLOCK_SIZE_R = 8;
const PARALLELISM_P = 1;

function deriveKey(
  password: string,
  salt: Buffer,
  keyBytes: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyBytes, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, KEY_BYTES, {
    N: COST_N,
    r: BLOCK_SIZE_R,
    p: PARALLELISM_P,
  });
  return [
    SCHEME,
    COST_N,
    BLOCK_SIZE_R,
    PARALLELISM_P,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

/** Constant-time comparison; false for a malformed stored hash rather than an exception. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== SCHEME) return false;
  const [, costN, blockSizeR, parallelismP, saltBase64, keyBase64] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const expected = Buffer.from(keyBase64, 'base64');
  const key = await deriveKey(password, Buffer.from(saltBase64, 'base64'), expected.length, {
    N: Number(costN),
    r: Number(blockSizeR),
    p: Number(parallelismP),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A hash of a random password, checked against when the username does not exist, so an unknown
 * user costs as much time as a wrong password.
 */
let decoyHash: Promise<string> | null = null;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(SALT_BYTES).toString('base64'));
  return decoyHash;
}
