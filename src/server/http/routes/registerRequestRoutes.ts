/**
 * The wall's side of the phone's change requests (docs/decisions/0025): the pending ones and the
 * history in the caller's scope (optionally of one unit, for the unit panel), approval (applies
 * the change in one audited transaction; a conflict must be accepted explicitly) and rejection
 * with a reason. Out-of-scope requests answer 404 like missing ones.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { API_PREFIX } from '../../../shared/api';
import { REGISTER_REQUESTS_API_PATH } from '../../../shared/registerRequests';
import { hasPermission } from '../../auth/roles';
import { callerOf } from '../authentication';
import {
  ApproveBody,
  RejectBody,
  RequestListQuery,
  RequestViewSchema,
} from '../registerRequestSchemas';
import { IdParams } from '../requestSchemas';
import { ErrorResponse } from '../responseSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

const PATH = REGISTER_REQUESTS_API_PATH.slice(API_PREFIX.length);

export const registerRequestRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (
  app,
  { context },
) => {
  const { registerRequests } = context;
  const reviewerOf = (request: Parameters<typeof callerOf>[0]) => {
    const caller = callerOf(request);
    return { ...caller, canReveal: hasPermission(caller.role, 'identifiers.reveal') };
  };

  app.get(
    PATH,
    {
      schema: {
        summary:
          "Phone change requests in the caller's scope: pending (default) or reviewed and recorded, optionally of one unit",
        tags: ['registry'],
        security: SESSION_SECURITY,
        querystring: RequestListQuery,
        response: { 200: Type.Object({ items: Type.Array(RequestViewSchema) }), ...PRIVATE_ERRORS },
      },
    },
    async (request) => ({
      items: await registerRequests.list(reviewerOf(request), {
        statuses:
          request.query.status === 'reviewed' ? ['approved', 'rejected', 'recorded'] : ['pending'],
        unitId: request.query.unitId ?? null,
      }),
    }),
  );

  app.post(
    `${PATH}/:id/approve`,
    {
      schema: {
        summary:
          'Approve: apply the change to the register, mark and audit it in one transaction (409 on a conflict not accepted)',
        tags: ['registry'],
        security: SESSION_SECURITY,
        params: IdParams,
        body: ApproveBody,
        response: { 200: RequestViewSchema, 409: ErrorResponse, ...PRIVATE_ERRORS },
      },
    },
    async (request) =>
      registerRequests.approve(
        reviewerOf(request),
        request.params.id,
        request.body.acceptConflict ?? false,
      ),
  );

  app.post(
    `${PATH}/:id/reject`,
    {
      schema: {
        summary: 'Reject with a reason; the register is not changed',
        tags: ['registry'],
        security: SESSION_SECURITY,
        params: IdParams,
        body: RejectBody,
        response: { 200: RequestViewSchema, 409: ErrorResponse, ...PRIVATE_ERRORS },
      },
    },
    async (request) =>
      registerRequests.reject(reviewerOf(request), request.params.id, request.body.reason),
  );
};
