/** Leases and residence permits ending soon, per grid, inside the caller's scope. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { districtDayStartMs, DISTRICT_UTC_OFFSET_MS } from '../../../domain/districtTime';
import { API_PREFIX } from '../../../shared/api';
import { EXPIRING_API_PATH, EXPIRING_DEFAULT_DAYS } from '../../../shared/imports';
import type { ExpiringRentalQueries } from '../../registry/expiringRentalQueries';
import { callerOf } from '../authentication';
import { GRID_CODE_PATTERN } from '../requestSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;

const ExpiringQuery = Type.Object({
  grid: Type.Optional(Type.String({ pattern: GRID_CODE_PATTERN })),
  days: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_DAYS })),
});

const ExpiringSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  leases: Type.Array(
    Type.Object({
      leaseId: Type.Integer(),
      gridCode: Type.String(),
      address: Type.String(),
      roomLabel: Type.String(),
      landlordName: Type.String(),
      tenants: Type.String(),
      startDate: Type.String(),
      endDate: Type.String(),
    }),
  ),
  permits: Type.Array(
    Type.Object({
      personId: Type.Integer(),
      gridCode: Type.String(),
      name: Type.String(),
      address: Type.String(),
      roomLabel: Type.String(),
      permitExpires: Type.String(),
    }),
  ),
});

function districtDate(timeMs: number): string {
  return new Date(districtDayStartMs(timeMs) + DISTRICT_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

export const rentalRoutes: FastifyPluginAsyncTypebox<
  RouteOptions & { expiring: ExpiringRentalQueries }
> = async (app, { context, expiring }) => {
  app.get(
    EXPIRING_API_PATH.slice(API_PREFIX.length),
    {
      schema: {
        summary:
          'Leases (出租房屋) and residence permits (居住证) ending within `days` (default 30) days, in the caller scope, optionally under one grid',
        tags: ['registry'],
        security: SESSION_SECURITY,
        querystring: ExpiringQuery,
        response: { 200: ExpiringSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const nowMs = context.now().getTime();
      const range = {
        from: districtDate(nowMs),
        to: districtDate(nowMs + (request.query.days ?? EXPIRING_DEFAULT_DAYS) * DAY_MS),
      };
      const grid = request.query.grid ?? null;
      return { ...range, ...(await expiring.listExpiring(range, grid, caller.scopes)) };
    },
  );
};
