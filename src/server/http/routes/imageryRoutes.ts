/** The district's base imagery: which source the globe uses, and tiles of an offline package. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ImagerySource } from '../../imagery/imagerySource';
import { NotFoundError } from '../../registry/accessErrors';
import { PRIVATE_ERRORS, SESSION_SECURITY } from '../serverContext';

const MAX_ZOOM = 24;
/** Tiles of a package do not change while the server runs; the browser may keep them a day. */
const TILE_CACHE_SECONDS = 24 * 60 * 60;

const ImageryInfoSchema = Type.Object({
  type: Type.Union([
    Type.Literal('bundled'),
    Type.Literal('xyz'),
    Type.Literal('wmts'),
    Type.Literal('package'),
  ]),
  url: Type.Optional(Type.String()),
  subdomains: Type.Optional(Type.Array(Type.String())),
  layer: Type.Optional(Type.String()),
  style: Type.Optional(Type.String()),
  tileMatrixSetId: Type.Optional(Type.String()),
  format: Type.Optional(Type.String()),
  minimumLevel: Type.Optional(Type.Integer()),
  maximumLevel: Type.Optional(Type.Integer()),
  credit: Type.Optional(Type.String()),
});

const TileParams = Type.Object({
  z: Type.Integer({ minimum: 0, maximum: MAX_ZOOM }),
  x: Type.Integer({ minimum: 0 }),
  y: Type.Integer({ minimum: 0 }),
});

export const imageryRoutes: FastifyPluginAsyncTypebox<{ imagery: ImagerySource }> = async (
  app,
  { imagery },
) => {
  app.get(
    '/imagery',
    {
      schema: {
        summary:
          'The base imagery the globe uses: bundled (default), a tile service, or an offline package served below',
        tags: ['map'],
        security: SESSION_SECURITY,
        response: { 200: ImageryInfoSchema, ...PRIVATE_ERRORS },
      },
    },
    async () => imagery.info(),
  );

  app.get(
    '/imagery/:z/:x/:y',
    {
      schema: {
        summary: 'One tile (XYZ numbering) of the configured offline package (MBTiles or PMTiles)',
        tags: ['map'],
        security: SESSION_SECURITY,
        params: TileParams,
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
          ...PRIVATE_ERRORS,
        },
      },
    },
    async (request, reply) => {
      const { z, x, y } = request.params;
      const limit = 2 ** z;
      const tile = x < limit && y < limit ? await imagery.tile(z, x, y) : null;
      if (tile === null) throw new NotFoundError(`imagery tile ${z}/${x}/${y}`);
      return reply
        .header('content-type', tile.contentType)
        .header('cache-control', `private, max-age=${TILE_CACHE_SECONDS}`)
        .send(tile.data);
    },
  );
};
