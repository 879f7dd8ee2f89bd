/**
 * Browser only (a canvas), for the two phone pages — the worker's app and the resident's page.
 * A camera photo made small enough for the uplink: at most MAX_EDGE_PX on its long edge, JPEG at
 * JPEG_QUALITY (about 200 kB). Drawing it on a canvas also drops its EXIF, GPS included; the
 * server strips metadata again anyway.
 */
export const MAX_EDGE_PX = 1280;
export const JPEG_QUALITY = 0.75;

export async function resizePhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_EDGE_PX / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) =>
        blob === null ? reject(new Error('the photo could not be encoded')) : resolve(blob),
      'image/jpeg',
      JPEG_QUALITY,
    ),
  );
}
