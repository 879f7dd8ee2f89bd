/**
 * Device tokens (issue, list, revoke) and the ingest counters: admin only. The token is in the
 * answer to POST and nowhere else (not in the list, not in a log).
 */
import { hasPermission } from '../../auth/roles';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { FIX_REJECT_REASONS } from '../../../domain/tracking/validateFix';
import { DEVICES_API_PATH, TRACKING_STATS_API_PATH } from '../../../shared/tracking';
import { API_PREFIX } from '../../../shared/api';
import { ForbiddenError, NotFoundError, type Caller } from '../../registry/accessErrors';
import { issueDeviceToken, toDeviceTokenInfo } from '../../tracking/deviceTokens';
import { toTrackingStats } from '../../tracking/trackingCounters';
import { callerOf } from '../authentication';
import { ErrorResponse } from '../responseSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

const MAX_LABEL_LENGTH = 100;
const MAX_ID = Number.MAX_SAFE_INTEGER;

const DeviceTokenInfoSchema = Type.Object({
  deviceId: Type.Integer(),
  workerId: Type.Integer(),
  label: Type.String(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

const IssuedDeviceTokenSchema = Type.Object({
  ...DeviceTokenInfoSchema.properties,
  token: Type.String({ description: 'shown once; the server keeps only its sha-256' }),
});

const IssueDeviceTokenBody = Type.Object(
  {
    workerId: Type.Integer({ minimum: 1, maximum: MAX_ID }),
    label: Type.String({ minLength: 1, maxLength: MAX_LABEL_LENGTH, pattern: '\\S' }),
  },
  { additionalProperties: false },
);

const DeviceIdParams = Type.Object(
  { deviceId: Type.Integer({ minimum: 1, maximum: MAX_ID }) },
  { additionalProperties: false },
);

const TrackingStatsSchema = Type.Object({
  storedFixes: Type.Integer(),
  duplicateFixes: Type.Integer(),
  rejectedByReason: Type.Object(
    Object.fromEntries(FIX_REJECT_REASONS.map((reason) => [reason, Type.Integer()])),
  ),
  throttledBatches: Type.Integer(),
  oversizedFrames: Type.Integer(),
  purgedFixes: Type.Integer(),
  connectedDevices: Type.Integer(),
  connectedScreens: Type.Integer(),
});

function requireAdmin(caller: Caller): void {
  if (!hasPermission(caller.role, 'devices.manage'))
    throw new ForbiddenError('only an administrator manages devices');
}

/** The routes' paths relative to the /api prefix they are registered under. */
const devicesPath = DEVICES_API_PATH.slice(API_PREFIX.length);
const statsPath = TRACKING_STATS_API_PATH.slice(API_PREFIX.length);

export const deviceRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { context }) => {
  const { tracking, devices, now } = context;

  app.get(
    devicesPath,
    {
      schema: {
        summary:
          'Device tokens, live and revoked (admin only; the tokens themselves are never listed)',
        tags: ['tracking'],
        security: SESSION_SECURITY,
        response: { 200: Type.Array(DeviceTokenInfoSchema), ...PRIVATE_ERRORS },
      },
    },
    async (request) => {
      requireAdmin(callerOf(request));
      return (await tracking.listDeviceTokens()).map(toDeviceTokenInfo);
    },
  );

  app.post(
    devicesPath,
    {
      schema: {
        summary: 'Issue a device token for a worker (admin only); the token is shown only here',
        tags: ['tracking'],
        security: SESSION_SECURITY,
        body: IssueDeviceTokenBody,
        response: { 201: IssuedDeviceTokenSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      requireAdmin(caller);
      const issued = await issueDeviceToken(
        tracking,
        { workerId: request.body.workerId, label: request.body.label, createdBy: caller.username },
        now(),
      );
      request.log.info(
        { deviceId: issued.deviceId, workerId: issued.workerId },
        'device token issued',
      );
      return reply.status(201).send(issued);
    },
  );

  app.delete(
    `${devicesPath}/:deviceId`,
    {
      schema: {
        summary: "Revoke a device token (admin only): the device's connections end at once",
        tags: ['tracking'],
        security: SESSION_SECURITY,
        params: DeviceIdParams,
        response: { 204: Type.Null(), ...PRIVATE_ERRORS },
      },
    },
    async (request, reply) => {
      requireAdmin(callerOf(request));
      const { deviceId } = request.params;
      if (!(await tracking.revokeDeviceToken(deviceId, now().toISOString()))) {
        throw new NotFoundError(`live device token ${deviceId}`);
      }
      devices.disconnectDevice(deviceId);
      request.log.info({ deviceId }, 'device token revoked');
      return reply.status(204).send(null);
    },
  );

  app.get(
    statsPath,
    {
      schema: {
        summary:
          'Ingest counters: stored, duplicates, rejections per reason, throttling (admin only)',
        tags: ['tracking'],
        security: SESSION_SECURITY,
        response: { 200: TrackingStatsSchema, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => {
      requireAdmin(callerOf(request));
      return toTrackingStats(await tracking.readCounters(), {
        devices: devices.connectedDeviceCount(),
        screens: devices.connectedScreenCount(),
      });
    },
  );
};
