/** Test support: a small JPEG that names where it was taken in an EXIF segment. */

/** What the EXIF segment says; a served photo must not contain it. */
export const JPEG_GPS_TEXT = 'GPSLatitude 26.0800 N';

function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff]);
  return Buffer.concat([head, body]);
}

export const JPEG_WITH_GPS = Buffer.concat([
  Buffer.from([0xff, 0xd8]),
  segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
  segment(0xe1, Buffer.from(`Exif\0\0${JPEG_GPS_TEXT}`, 'latin1')),
  segment(0xdb, Buffer.alloc(65, 1)),
  segment(0xda, Buffer.from([1, 1, 0, 0, 63, 0])),
  Buffer.from([0x12, 0x34, 0xff, 0xd9]),
]);
