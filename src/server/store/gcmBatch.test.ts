/**
 * The batch sealer must give exactly OpenSSL's AES-256-GCM bytes: a published vector, and any
 * mix of message and AAD lengths in one batch, compared with createCipheriv and opened (its tag
 * checked) by createDecipheriv.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GcmBatch, type GcmMessage } from './gcmBatch';

const hex = (text: string) => Buffer.from(text, 'hex');

function openSslSeal(key: Buffer, { nonce, plaintext }: GcmMessage, aad: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]);
}

describe('GcmBatch', () => {
  it("gives the GCM specification's test case 16 (256-bit key, 96-bit IV, AAD)", () => {
    const key = hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308');
    const [sealed] = new GcmBatch(key).seal(
      [
        {
          nonce: hex('cafebabefacedbaddecaf888'),
          plaintext: hex(
            'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72' +
              '1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
          ),
        },
      ],
      hex('feedfacedeadbeeffeedfacedeadbeefabaddad2'),
      Buffer.alloc(0),
    );
    expect(sealed!.subarray(12, 28).toString('hex')).toBe('76fc6ece0f4e1768cddf8853bb2d551b');
    expect(sealed!.subarray(28).toString('hex')).toBe(
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa' +
        '8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
    );
  });

  it('seals a batch of mixed lengths as createCipheriv seals each, behind the prefix', () => {
    const key = randomBytes(32);
    const batch = new GcmBatch(key);
    const prefix = Buffer.from([1, 2, 3, 4, 5]);
    for (const aadLength of [0, 5, 9, 16, 17, 40]) {
      const aad = randomBytes(aadLength);
      const messages: GcmMessage[] = Array.from({ length: 90 }, (_, index) => ({
        nonce: randomBytes(12),
        plaintext:
          index % 9 === 0
            ? Buffer.from(`张三${'x'.repeat(index % 20)}`, 'utf8')
            : randomBytes(index % 45),
      }));
      const sealed = batch.seal(messages, aad, prefix);
      expect(sealed).toHaveLength(messages.length);
      messages.forEach((message, index) => {
        const blob = sealed[index]!;
        expect(blob.subarray(0, 5)).toEqual(prefix);
        expect(blob.subarray(5)).toEqual(openSslSeal(key, message, aad));
        const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(5, 17));
        decipher.setAAD(aad);
        decipher.setAuthTag(blob.subarray(17, 33));
        const opened = Buffer.concat([decipher.update(blob.subarray(33)), decipher.final()]);
        expect(opened).toEqual(Buffer.from(message.plaintext));
      });
    }
  });

  it('keeps no state between batches, and refuses a nonce that is not 12 bytes', () => {
    const key = randomBytes(32);
    const batch = new GcmBatch(key);
    const message = { nonce: randomBytes(12), plaintext: Buffer.from('13800138000') };
    const aad = Buffer.from('phone');
    const first = batch.seal([message], aad, Buffer.alloc(0));
    batch.seal([{ nonce: randomBytes(12), plaintext: randomBytes(33) }], aad, Buffer.alloc(0));
    expect(batch.seal([message], aad, Buffer.alloc(0))).toEqual(first);
    expect(() =>
      batch.seal([{ nonce: randomBytes(16), plaintext: Buffer.alloc(1) }], aad, Buffer.alloc(0)),
    ).toThrow(/12 bytes/);
  });
});
