import { describe, expect, it } from 'vitest';
import { stripJpegMetadata } from './jpegMetadata';

function segment(marker: number, body: number[]): number[] {
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...body];
}

const GPS_TEXT = [...Buffer.from('Exif\0\0GPSLatitude 26.08 N')];
const JFIF = segment(0xe0, [...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
const QUANT = segment(0xdb, [0, ...new Array<number>(64).fill(1)]);
const SCAN = [...segment(0xda, [1, 1, 0, 0, 63, 0]), 0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9];

describe('stripJpegMetadata', () => {
  it('removes EXIF/GPS, XMP, IPTC and comments and keeps the image', () => {
    const photo = Uint8Array.from([
      0xff,
      0xd8,
      ...JFIF,
      ...segment(0xe1, GPS_TEXT),
      ...segment(0xed, [...Buffer.from('Photoshop 3.0')]),
      ...segment(0xfe, [...Buffer.from('taken at home')]),
      ...QUANT,
      ...SCAN,
    ]);
    const stripped = stripJpegMetadata(photo)!;
    expect(stripped).not.toBeNull();
    expect(stripped.includes(Buffer.from('GPSLatitude'))).toBe(false);
    expect(stripped.includes(Buffer.from('Photoshop'))).toBe(false);
    expect(stripped.includes(Buffer.from('taken at home'))).toBe(false);
    expect([...stripped]).toEqual([0xff, 0xd8, ...JFIF, ...QUANT, ...SCAN]);
  });

  it('refuses what is not a JPEG, or a truncated one', () => {
    expect(stripJpegMetadata(Buffer.from('\x89PNG\r\n\x1a\n'))).toBeNull();
    expect(stripJpegMetadata(Buffer.from('<svg onload=alert(1)>'))).toBeNull();
    const whole = Uint8Array.from([0xff, 0xd8, ...JFIF, ...QUANT, ...SCAN]);
    expect(stripJpegMetadata(whole.subarray(0, whole.length - 2))).toBeNull();
    expect(stripJpegMetadata(whole.subarray(0, 10))).toBeNull();
  });
});
