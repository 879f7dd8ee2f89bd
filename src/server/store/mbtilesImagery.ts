/**
 * Reads raster tiles from an MBTiles package (SQLite; rows are TMS, so y is flipped from XYZ).
 * Opened read-only: the package is the user's file and is never written.
 */
import Database from 'better-sqlite3';

export interface MbtilesPackage {
  format: string;
  minZoom: number | null;
  maxZoom: number | null;
  tile(z: number, x: number, y: number): Buffer | null;
  close(): void;
}

export function openMbtiles(filePath: string): MbtilesPackage {
  const db = new Database(filePath, { readonly: true, fileMustExist: true });
  const metadata = new Map(
    (
      db.prepare('SELECT name, value FROM metadata').all() as Array<{ name: string; value: string }>
    ).map((row) => [row.name, row.value]),
  );
  const select = db.prepare(
    'SELECT tile_data AS data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?',
  );
  const zoom = (key: string): number | null => {
    const value = Number(metadata.get(key));
    return metadata.has(key) && Number.isInteger(value) ? value : null;
  };
  return {
    format: metadata.get('format') ?? 'png',
    minZoom: zoom('minzoom'),
    maxZoom: zoom('maxzoom'),
    tile(z, x, y) {
      const row = select.get(z, x, 2 ** z - 1 - y) as { data: Buffer } | undefined;
      return row?.data ?? null;
    },
    close() {
      db.close();
    },
  };
}
