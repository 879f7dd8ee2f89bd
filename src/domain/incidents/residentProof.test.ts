import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatProof, leadingZeroBits, parseProof, proofStamp, solveProof } from './residentProof';

describe('the resident proof of work', () => {
  it('counts leading zero bits across bytes', () => {
    expect(leadingZeroBits(new Uint8Array([0, 0, 0x80]))).toBe(16);
    expect(leadingZeroBits(new Uint8Array([0, 0x01]))).toBe(15);
    expect(leadingZeroBits(new Uint8Array([0xff]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0, 0]))).toBe(16);
  });

  it('solves a stamp whose SHA-256 starts with the asked zero bits', async () => {
    const proof = await solveProof('device-a', 1_700_000_000_000, 10);
    const digest = createHash('sha256').update(proofStamp('device-a', proof)).digest();
    expect(leadingZeroBits(digest)).toBeGreaterThanOrEqual(10);
  });

  it('round-trips the wire form and refuses anything else', () => {
    expect(parseProof(formatProof({ issuedAtMs: 12, nonce: 34 }))).toEqual({
      issuedAtMs: 12,
      nonce: 34,
    });
    expect(parseProof('12:-1')).toBeNull();
    expect(parseProof('x')).toBeNull();
  });
});
