/**
 * The cockpit's statistics: figures of people, houses, incidents and workers for one level of
 * the grid tree, inside the caller's scope. Aggregates only.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { readCockpitStats } from '../../cockpit/cockpitStatsQueries';
import type { CockpitStatsRepository } from '../../cockpit/cockpitStatsRepository';
import type { AssessmentRepository } from '../../assessment/assessmentRepository';
import { createPatrolMeasure } from '../../assessment/gridPatrolCoverage';
import { API_PREFIX } from '../../../shared/api';
import { COCKPIT_STATS_PATH } from '../../../shared/cockpitStats';
import { callerOf } from '../authentication';
import { CockpitStatsSchema } from '../cockpitSchemas';
import { GRID_CODE_PATTERN } from '../requestSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';
import { gridRowsOf } from '../../registry/gridQueries';

export interface CockpitRouteOptions extends RouteOptions {
  stats: CockpitStatsRepository;
  /** The assessment's per-day patrol cells: today's coverage in the workers' figures. */
  patrol: Pick<AssessmentRepository, 'visitedPlacesOfWorkers'>;
}

const StatsQuery = Type.Object(
  {
    gridCode: Type.Optional(
      Type.String({
        pattern: GRID_CODE_PATTERN,
        description: 'district, street, community or base grid; left out: the whole scope',
      }),
    ),
  },
  { additionalProperties: false },
);

export const cockpitRoutes: FastifyPluginAsyncTypebox<CockpitRouteOptions> = async (
  app,
  { context, stats, patrol },
) => {
  const measurePatrol = createPatrolMeasure(patrol, context.gridStreets);
  app.addHook('preHandler', () => context.gridsAndBasemap.load());
  app.get(
    COCKPIT_STATS_PATH.slice(API_PREFIX.length),
    {
      schema: {
        summary:
          'Statistics of people, houses, incidents and workers for one grid level inside the caller scope (404 for a grid the scope does not touch, as for a missing one)',
        tags: ['statistics'],
        security: SESSION_SECURITY,
        querystring: StatsQuery,
        response: { 200: CockpitStatsSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => {
      const [workers, grids] = await Promise.all([
        context.tracking.listWorkers(),
        context.registry.listGrids(),
      ]);
      return readCockpitStats(
        {
          stats,
          registry: gridRowsOf(grids),
          listWorkers: () => workers,
          measurePatrol,
          statusOf: (workerId) => context.live.statusOf(workerId),
          nowMs: context.now().getTime(),
        },
        callerOf(request),
        request.query.gridCode ?? null,
      );
    },
  );
};
