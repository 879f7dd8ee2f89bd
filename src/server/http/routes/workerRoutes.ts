/** Grid workers: the list, the worker card (today), replay tracks, and users' scopes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { API_PREFIX } from '../../../shared/api';
import {
  TRACKS_API_PATH,
  USERS_API_PATH,
  WORKERS_API_PATH,
  WORKER_TODAY_SUFFIX,
} from '../../../shared/tracking';
import { permissionsOf } from '../../auth/roles';
import { updateUserScopes } from '../../auth/userScopes';
import {
  getTracks,
  getWorkerToday,
  listWorkers,
  type WorkerCaller,
  type WorkerQueryContext,
} from '../../tracking/workerQueries';
import { callerOf } from '../authentication';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';
import {
  TracksQuery,
  TracksResponseSchema,
  UpdateScopesBody,
  UserScopesSchema,
  UsernameParams,
  WorkerIdParams,
  WorkerSummarySchema,
  WorkerTodaySchema,
  WorkersQuery,
} from '../workerSchemas';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';

/** Route paths inside the API prefix the plugin is registered under. */
function routePath(fullPath: string): string {
  return fullPath.slice(API_PREFIX.length);
}

function workerCallerOf(request: FastifyRequest): WorkerCaller {
  const caller = callerOf(request);
  return {
    username: caller.username,
    role: caller.role,
    scopes: caller.scopes,
    canReveal: permissionsOf(caller.role).canReveal,
  };
}

export const workerRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { context }) => {
  app.addHook('preHandler', () => context.gridsAndBasemap.load());
  const queries: WorkerQueryContext = {
    tracking: context.tracking,
    grids: context.gridStreets,
    audit: context.audit,
    statusOf: (workerId) => context.live.statusOf(workerId),
    newestPositionOf: (workerId) => context.live.newestPositionOf(workerId),
    nowMs: () => context.now().getTime(),
  };

  app.get(
    routePath(WORKERS_API_PATH),
    {
      schema: {
        summary: 'Grid workers in the caller scope with live status (names masked for viewers)',
        tags: ['workers'],
        security: SESSION_SECURITY,
        querystring: WorkersQuery,
        response: { 200: Type.Array(WorkerSummarySchema), ...PRIVATE_ERRORS },
      },
    },
    async (request) => listWorkers(queries, workerCallerOf(request), request.query.grid ?? null),
  );

  app.get(
    `${routePath(WORKERS_API_PATH)}/:workerId/${WORKER_TODAY_SUFFIX}`,
    {
      schema: {
        summary:
          'The worker card: distance walked, patrol coverage and stops of the district day; audited',
        tags: ['workers'],
        security: SESSION_SECURITY,
        params: WorkerIdParams,
        response: { 200: WorkerTodaySchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => getWorkerToday(queries, workerCallerOf(request), request.params.workerId),
  );

  app.get(
    routePath(TRACKS_API_PATH),
    {
      schema: {
        summary:
          'Replay tracks of workers over a range: downsampled, stops marked, 403 if any worker is out of scope; audited',
        tags: ['workers'],
        security: SESSION_SECURITY,
        querystring: TracksQuery,
        response: { 200: TracksResponseSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) =>
      getTracks(queries, workerCallerOf(request), {
        workerIds: request.query.workerIds.split(',').map(Number),
        fromMs: request.query.fromMs,
        toMs: request.query.toMs,
        maxPoints: request.query.maxPoints,
      }),
  );

  app.put(
    `${routePath(USERS_API_PATH)}/:username/scopes`,
    {
      schema: {
        summary: "Replaces a user's grid scopes (admin); live flows outside them stop at once",
        tags: ['users'],
        security: SESSION_SECURITY,
        params: UsernameParams,
        body: UpdateScopesBody,
        response: { 200: UserScopesSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) =>
      updateUserScopes(
        {
          users: context.users,
          registry: context.registry,
          audit: context.audit,
          bus: context.bus,
          now: context.now,
        },
        callerOf(request),
        request.params.username,
        request.body.scopes,
      ),
  );
};
