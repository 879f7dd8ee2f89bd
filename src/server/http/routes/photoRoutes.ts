/**
 * Photos of incident steps: a worker's phone uploads one JPEG at a time with its device token
 * (the metadata is stripped before it is stored); users who may see the incident read it back.
 * An unknown photo and one of an incident out of the caller's scope answer the same 404.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { API_PREFIX } from '../../../shared/api';
import { DEVICE_PHOTOS_API_PATH, PHOTOS_API_PATH } from '../../../shared/incidents';
import { NotFoundError } from '../../registry/accessErrors';
import { MAX_PHOTO_BYTES, PhotoRefused } from '../../incidents/photos/photoStore';
import { callerOf, deviceOf } from '../authentication';
import { ErrorResponse } from '../responseSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

const PhotoParams = Type.Object(
  { photoId: Type.String({ pattern: '^[0-9a-f-]{36}$' }) },
  { additionalProperties: false },
);

export const photoRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { context }) => {
  const { tracking, incidents, now } = context;
  app.addContentTypeParser(
    'image/jpeg',
    { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES },
    (_r, body, done) => done(null, body),
  );

  app.post(
    DEVICE_PHOTOS_API_PATH.slice(API_PREFIX.length),
    {
      config: { public: true },
      bodyLimit: MAX_PHOTO_BYTES,
      schema: {
        summary:
          "A worker's phone uploads a JPEG photo for a feedback (Authorization: Device <token>)",
        tags: ['incidents'],
        response: {
          201: Type.Object({ photoId: Type.String() }),
          400: ErrorResponse,
          401: ErrorResponse,
          413: ErrorResponse,
          415: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const device = await deviceOf(request, tracking);
      if (!Buffer.isBuffer(request.body)) {
        return reply.status(415).send({
          statusCode: 415,
          error: 'Unsupported Media Type',
          message: '照片须为 JPEG (image/jpeg) (the photo must be a JPEG, image/jpeg)',
        });
      }
      try {
        const photoId = await incidents.photos.save(device.workerId, request.body, now().getTime());
        return reply.status(201).send({ photoId });
      } catch (error) {
        if (!(error instanceof PhotoRefused)) throw error;
        return reply.status(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: `照片无效：${error.message} (invalid photo: ${error.message})`,
        });
      }
    },
  );

  app.get(
    `${PHOTOS_API_PATH.slice(API_PREFIX.length)}/:photoId`,
    {
      schema: {
        summary: 'A photo of an incident step (for users who may see the incident)',
        tags: ['incidents'],
        security: SESSION_SECURITY,
        params: PhotoParams,
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'image/jpeg' }),
          ...PRIVATE_ERRORS,
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const photo = await incidents.photos.read(request.params.photoId);
      if (photo === null) throw new NotFoundError('photo');
      incidents.service.findInScope(caller, photo.incidentId);
      return reply
        .type('image/jpeg')
        .header('cache-control', 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .send(photo.bytes);
    },
  );
};
