/**
 * A JPEG without what a camera writes about where and with what it was taken: EXIF and GPS
 * (APP1), XMP (APP1), IPTC (APP13), maker data (APP2–APP15) and comments go; the image data, its
 * tables and the JFIF header (APP0) stay. Anything that does not parse as a JPEG is refused, so
 * no other content type is ever stored under the photo's name.
 */
const MARKER = 0xff;
const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP15 = 0xef;
const COM = 0xfe;
/** Markers without a length field (RSTn, TEM). */
const STANDALONE = new Set([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7]);

function dropsSegment(marker: number): boolean {
  return (marker > APP0 && marker <= APP15) || marker === COM;
}

/** The JPEG with its metadata segments removed, or null when `bytes` is not a well-formed JPEG. */
export function stripJpegMetadata(bytes: Uint8Array): Buffer | null {
  if (bytes.length < 4 || bytes[0] !== MARKER || bytes[1] !== SOI) return null;
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let offset = 2;
  while (offset < bytes.length) {
    if (bytes[offset] !== MARKER) return null;
    const marker = bytes[offset + 1];
    if (marker === undefined) return null;
    if (marker === MARKER) {
      offset++; // fill byte
      continue;
    }
    if (marker === EOI) {
      kept.push(bytes.subarray(offset, offset + 2));
      return Buffer.concat(kept);
    }
    if (STANDALONE.has(marker)) {
      kept.push(bytes.subarray(offset, offset + 2));
      offset += 2;
      continue;
    }
    if (offset + 4 > bytes.length) return null;
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    const end = offset + 2 + length;
    if (length < 2 || end > bytes.length) return null;
    if (marker === SOS) {
      // The entropy-coded data runs to the end marker; it carries no metadata.
      const last = bytes.length - 2;
      if (bytes[last] !== MARKER || bytes[last + 1] !== EOI) return null;
      kept.push(bytes.subarray(offset));
      return Buffer.concat(kept);
    }
    if (!dropsSegment(marker)) kept.push(bytes.subarray(offset, end));
    offset = end;
  }
  return null;
}
