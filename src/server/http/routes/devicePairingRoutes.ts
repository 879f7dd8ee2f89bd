/**
 * Pairing a grid worker's phone (the phone app at /m): a signed-in account linked to a worker
 * (worker_accounts) asks for a device token for that worker; signing out on the phone revokes it. The token is in this answer only;
 * admins list and revoke it like any device token. The worker's simulated demo phone is retired
 * on pairing, so the wall follows the real phone alone.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { API_PREFIX } from '../../../shared/api';
import { DEVICE_PAIRING_API_PATH, DEVICE_UNPAIR_API_PATH } from '../../../shared/tracking';
import { issueDeviceToken } from '../../tracking/deviceTokens';
import { callerOf, deviceOf } from '../authentication';
import { ErrorResponse } from '../responseSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

const MAX_LABEL_LENGTH = 100;

const PairDeviceBody = Type.Object(
  { label: Type.Optional(Type.String({ maxLength: MAX_LABEL_LENGTH })) },
  { additionalProperties: false },
);

const PairedDeviceSchema = Type.Object({
  deviceId: Type.Integer(),
  workerId: Type.Integer(),
  workerName: Type.String(),
  workerNameEn: Type.String(),
  label: Type.String(),
  token: Type.String({ description: 'shown once; the server keeps only its sha-256' }),
});

const pairingPath = DEVICE_PAIRING_API_PATH.slice(API_PREFIX.length);

export const devicePairingRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (
  app,
  { context },
) => {
  const { tracking, devices, now } = context;

  app.post(
    pairingPath,
    {
      schema: {
        summary: "Pair this phone as the signed-in grid worker's device; the token is shown once",
        tags: ['tracking'],
        security: SESSION_SECURITY,
        body: PairDeviceBody,
        response: { 201: PairedDeviceSchema, 409: ErrorResponse, ...PRIVATE_ERRORS },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const workerId = await tracking.workerIdOfAccount(caller.username);
      const worker = workerId === null ? null : await tracking.workerById(workerId);
      if (worker === null) {
        return reply.status(409).send({
          statusCode: 409,
          error: 'Conflict',
          message: `账号 ${caller.username} 未关联网格员，请联系管理员 (the account ${caller.username} is not linked to a grid worker: ask an administrator)`,
        });
      }
      const at = now();
      for (const token of await tracking.listDeviceTokens()) {
        if (token.workerId !== worker.workerId || !token.demo || token.revokedAt !== null) continue;
        await tracking.revokeDeviceToken(token.deviceId, at.toISOString());
        devices.disconnectDevice(token.deviceId);
      }
      const label = request.body.label?.trim() || `手机 Phone · ${caller.username}`;
      const issued = await issueDeviceToken(
        tracking,
        { workerId: worker.workerId, label, createdBy: caller.username },
        at,
      );
      request.log.info({ deviceId: issued.deviceId, workerId: issued.workerId }, 'phone paired');
      return reply.status(201).send({
        deviceId: issued.deviceId,
        workerId: issued.workerId,
        workerName: worker.name,
        workerNameEn: worker.nameEn,
        label: issued.label,
        token: issued.token,
      });
    },
  );

  app.post(
    DEVICE_UNPAIR_API_PATH.slice(API_PREFIX.length),
    {
      config: { public: true },
      schema: {
        summary:
          'A phone signs out: its own device token is revoked (Authorization: Device <token>)',
        tags: ['tracking'],
        response: { 204: Type.Null(), 401: ErrorResponse },
      },
    },
    async (request, reply) => {
      const device = await deviceOf(request, tracking);
      await tracking.revokeDeviceToken(device.deviceId, now().toISOString());
      devices.disconnectDevice(device.deviceId);
      request.log.info({ deviceId: device.deviceId }, 'phone unpaired itself');
      return reply.status(204).send(null);
    },
  );
};
