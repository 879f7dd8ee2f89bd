/**
 * The configured base imagery, as the server offers it: an offline tile package the user
 * supplies (MBTiles or PMTiles) served tile by tile, or a tile service (XYZ, WMTS) the client
 * asks directly, or the bundled NaturalEarthII (the default). The client reads `GET
 * /api/imagery` to choose; nothing here fetches from outside.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
import type { ImageryConfig } from '../config/districtConfig';
import { openMbtiles } from '../store/mbtilesImagery';

export interface ImageryInfo {
  type: 'bundled' | 'xyz' | 'wmts' | 'package';
  /** Tile services: what the client needs to ask them. */
  url?: string;
  subdomains?: string[];
  layer?: string;
  style?: string;
  tileMatrixSetId?: string;
  format?: string;
  minimumLevel?: number;
  maximumLevel?: number;
  credit?: string;
}

export interface ImageryTile {
  data: Buffer;
  contentType: string;
}

export interface ImagerySource {
  info(): Promise<ImageryInfo>;
  /** A tile of an offline package, or null (no package, or no tile there). */
  tile(z: number, x: number, y: number): Promise<ImageryTile | null>;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
};

class FileRangeSource implements Source {
  constructor(
    private readonly handle: FileHandle,
    private readonly key: string,
  ) {}
  getKey(): string {
    return this.key;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(buffer, 0, length, offset);
    const view = buffer.subarray(0, bytesRead);
    return {
      data: view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer,
    };
  }
}

export async function openImagerySource(config: ImageryConfig | undefined): Promise<ImagerySource> {
  const none = async (): Promise<null> => null;
  if (config === undefined || config.type === 'bundled') {
    return { info: async () => ({ type: 'bundled' }), tile: none, close: async () => {} };
  }
  if (config.type === 'xyz' || config.type === 'wmts') {
    const { type, ...rest } = config;
    const info: ImageryInfo = { type, ...rest };
    return { info: async () => info, tile: none, close: async () => {} };
  }
  if (config.type === 'mbtiles') {
    const pack = openMbtiles(config.path);
    const contentType = CONTENT_TYPES[pack.format] ?? 'application/octet-stream';
    return {
      info: async () => ({
        type: 'package',
        format: pack.format,
        ...(pack.minZoom === null ? {} : { minimumLevel: pack.minZoom }),
        ...(pack.maxZoom === null ? {} : { maximumLevel: pack.maxZoom }),
      }),
      tile: async (z, x, y) => {
        const data = pack.tile(z, x, y);
        return data === null ? null : { data, contentType };
      },
      close: async () => pack.close(),
    };
  }
  const handle = await open(config.path, 'r');
  const archive = new PMTiles(new FileRangeSource(handle, config.path));
  const header = await archive.getHeader();
  const format =
    header.tileType === TileType.Jpeg
      ? 'jpg'
      : header.tileType === TileType.Webp
        ? 'webp'
        : header.tileType === TileType.Avif
          ? 'avif'
          : 'png';
  return {
    info: async () => ({
      type: 'package',
      format,
      minimumLevel: header.minZoom,
      maximumLevel: header.maxZoom,
    }),
    tile: async (z, x, y) => {
      const found = await archive.getZxy(z, x, y);
      return found === undefined
        ? null
        : { data: Buffer.from(found.data), contentType: CONTENT_TYPES[format]! };
    },
    close: async () => handle.close(),
  };
}
