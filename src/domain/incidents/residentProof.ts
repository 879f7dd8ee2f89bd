/**
 * The resident page's proof of work (hashcash-like): before a create, the page looks for a nonce
 * such that SHA-256 of `deviceId:issuedAtMs:nonce` starts with PROOF_ZERO_BITS zero bits. A phone
 * pays about a second once per report; a bot pays the same for every report and every new device
 * id it invents, and a proof is taken once only. No external captcha, nothing to read or solve by
 * hand, so it is as accessible as the form itself.
 */

/** About 32 000 hashes on average: about a second in a phone's browser (Web Crypto is async per hash). */
export const PROOF_ZERO_BITS = 15;
/** A proof older (or further in the future) than this is refused; it is also how long it is remembered. */
export const PROOF_MAX_AGE_MS = 10 * 60_000;
export const DEVICE_ID_MAX_LENGTH = 64;
const BITS_PER_BYTE = 8;

/** The create's extra fields, next to GeoReport's own `device_id`. */
export interface ResidentProof {
  issuedAtMs: number;
  nonce: number;
}

export function proofStamp(deviceId: string, proof: ResidentProof): string {
  return `${deviceId}:${proof.issuedAtMs}:${proof.nonce}`;
}

/** The wire form of a proof (`proof` field of the create): `issuedAtMs:nonce`. */
export function formatProof(proof: ResidentProof): string {
  return `${proof.issuedAtMs}:${proof.nonce}`;
}

export function parseProof(text: string): ResidentProof | null {
  const match = /^(\d{1,15}):(\d{1,15})$/.exec(text);
  if (match === null) return null;
  return { issuedAtMs: Number(match[1]), nonce: Number(match[2]) };
}

export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += BITS_PER_BYTE;
      continue;
    }
    return bits + Math.clz32(byte) - (32 - BITS_PER_BYTE);
  }
  return bits;
}

/** Finds a nonce with Web Crypto (the browser's, or Node's in tests). */
export async function solveProof(
  deviceId: string,
  issuedAtMs: number,
  zeroBits = PROOF_ZERO_BITS,
): Promise<ResidentProof> {
  const encoder = new TextEncoder();
  for (let nonce = 0; ; nonce += 1) {
    const proof = { issuedAtMs, nonce };
    const digest = await crypto.subtle.digest(
      'SHA-256',
      encoder.encode(proofStamp(deviceId, proof)),
    );
    if (leadingZeroBits(new Uint8Array(digest)) >= zeroBits) return proof;
  }
}
