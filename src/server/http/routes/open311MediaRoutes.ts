/**
 * Residents' photos through Open311 (decision 0032; an extension, as the rating is): the
 * reporting phone adds a photo to the request it has just created — the JPEG as the body, the
 * create's token in `X-Open311-Token`, its device id in `X-Device-Id` — and anybody reads a
 * resident's photo at the public address GeoReport's `media_url` names. Registered inside the
 * Open311 plugin, so its errors answer in GeoReport's shape and format.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Open311ServiceRequest } from '../../../domain/incidents/open311Mapping';
import type { ResidentReportGuard } from '../../incidents/residentReportGuard';
import { MAX_PHOTO_BYTES, PHOTO_ID_PATTERN } from '../../incidents/photos/photoStore';
import type { PhotoStore } from '../../incidents/photos/photoStore';
import type { ResidentPhotos } from '../../incidents/photos/residentPhotos';
import { open311MediaPath } from '../../incidents/open311Service';
import {
  mediaTypeOfSuffix,
  OPEN311_SUFFIXES,
  open311Error,
  sendOpen311,
  sendOpen311Errors,
} from '../open311/open311Format';
import { Open311ErrorsSchema } from '../open311/open311Schemas';

export const OPEN311_TOKEN_HEADER = 'x-open311-token';
export const DEVICE_ID_HEADER = 'x-device-id';
const ID_MAX_LENGTH = 64;
const MEDIA_FILE_SUFFIX = '.jpg';
/** A resident's photo does not change: a browser may keep it. */
const MEDIA_CACHE_SECONDS = 86_400;

export interface Open311MediaOptions {
  residentPhotos: ResidentPhotos;
  photos: Pick<PhotoStore, 'readFile'>;
  residentGuard: ResidentReportGuard;
}

/** GeoReport's media_url is a URL: a path of ours gets this server's own origin. */
export function withAbsoluteMediaUrls(
  request: FastifyRequest,
  views: readonly Open311ServiceRequest[],
): Open311ServiceRequest[] {
  const origin = `${request.protocol}://${request.host}`;
  return views.map((view) =>
    view.media_url.startsWith('/') ? { ...view, media_url: `${origin}${view.media_url}` } : view,
  );
}

const MediaReceiptSchema = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    media_id: Type.String(),
    media_url: Type.String(),
  }),
);

export const open311MediaRoutes: FastifyPluginAsyncTypebox<Open311MediaOptions> = async (
  app,
  { residentPhotos, photos, residentGuard },
) => {
  // The header only gets the body read; what it is, is judged by its bytes (residentPhotos.ts).
  app.addContentTypeParser(
    'image/jpeg',
    { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES },
    (_request, body, done) => done(null, body),
  );
  const refusals = {
    400: Open311ErrorsSchema,
    403: Open311ErrorsSchema,
    404: Open311ErrorsSchema,
    409: Open311ErrorsSchema,
    413: Open311ErrorsSchema,
    415: Open311ErrorsSchema,
    429: Open311ErrorsSchema,
  };
  for (const suffix of OPEN311_SUFFIXES) {
    app.post(
      `/requests/:id/media${suffix}`,
      {
        bodyLimit: MAX_PHOTO_BYTES,
        schema: {
          tags: ['open311'],
          produces: [mediaTypeOfSuffix(suffix)],
          consumes: ['image/jpeg'],
          summary:
            'Extension (not GeoReport v2): the reporting phone adds a JPEG photo to its new ' +
            `request (${OPEN311_TOKEN_HEADER}: the create's token; ${DEVICE_ID_HEADER}: its device id)`,
          params: Type.Object({ id: Type.String({ maxLength: ID_MAX_LENGTH }) }),
          response: { 201: MediaReceiptSchema, ...refusals },
        },
        // The limits are judged before the body is read: a flood costs headers only.
        onRequest: async (request, reply) => {
          const verdict = await residentGuard.checkPhotoUpload(
            request.headers[DEVICE_ID_HEADER],
            request.ip,
          );
          if (verdict.ok) return undefined;
          if (verdict.retryAfterS !== undefined) {
            void reply.header('retry-after', String(verdict.retryAfterS));
          }
          const error = open311Error(verdict.status, verdict.description);
          return sendOpen311Errors(request, reply, verdict.status, error);
        },
      },
      async (request, reply) => {
        const body = request.body as unknown;
        if (!Buffer.isBuffer(body)) {
          const error = open311Error(415, 'the photo must be sent as image/jpeg (照片须为 JPEG)');
          return sendOpen311Errors(request, reply, 415, error);
        }
        const outcome = await residentPhotos.add(
          request.params.id,
          request.headers[OPEN311_TOKEN_HEADER],
          body,
        );
        if (!outcome.ok) {
          const error = open311Error(outcome.status, outcome.description);
          return sendOpen311Errors(request, reply, outcome.status, error);
        }
        const origin = `${request.protocol}://${request.host}`;
        return sendOpen311(request, reply, 201, 'service_requests', [
          {
            service_request_id: request.params.id,
            media_id: outcome.photoId,
            media_url: `${origin}${open311MediaPath(outcome.photoId)}`,
          },
        ]);
      },
    );
  }

  app.get(
    '/media/:file',
    {
      schema: {
        tags: ['open311'],
        summary: "Extension: a resident's photo of a request (public, metadata stripped)",
        params: Type.Object({ file: Type.String({ maxLength: ID_MAX_LENGTH }) }),
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'image/jpeg' }),
          404: Open311ErrorsSchema,
        },
      },
    },
    async (request, reply) => {
      const { file } = request.params;
      const photoId = file.endsWith(MEDIA_FILE_SUFFIX)
        ? file.slice(0, -MEDIA_FILE_SUFFIX.length)
        : '';
      // Only residents' photos are public; a worker's stays behind the wall's session and scope.
      if (!PHOTO_ID_PATTERN.test(photoId) || !(await residentPhotos.isPublic(photoId))) {
        const error = open311Error(404, 'no such media (未找到)');
        return sendOpen311Errors(request, reply, 404, error);
      }
      return reply
        .type('image/jpeg')
        .header('cache-control', `public, max-age=${MEDIA_CACHE_SECONDS}, immutable`)
        .header('x-content-type-options', 'nosniff')
        .send(photos.readFile(photoId));
    },
  );
};
