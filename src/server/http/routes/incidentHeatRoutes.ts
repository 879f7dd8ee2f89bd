/**
 * The heatmap's reads: incidents of a window as compact rows, and residents per
 * building for the per-1,000-residents rate. Both are limited to the caller's scopes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  readHeatResidents,
  readIncidentHeat,
  type IncidentHeatRepository,
} from '../../incidents/incidentHeatQueries';
import {
  INCIDENT_HEAT_PATH,
  INCIDENT_HEAT_RESIDENTS_PATH,
  MAX_HEAT_ROWS,
} from '../../../shared/incidentHeat';
import { API_PREFIX } from '../../../shared/api';
import { callerOf } from '../authentication';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

export interface IncidentHeatRouteOptions extends RouteOptions {
  heat: IncidentHeatRepository;
}

const CATEGORY_CODE_PATTERN = '^[a-z_]{1,40}$';

const HeatQuery = Type.Object(
  {
    fromMs: Type.Integer({ minimum: 0, description: 'reported at or after (epoch ms)' }),
    categoryCode: Type.Optional(Type.String({ pattern: CATEGORY_CODE_PATTERN })),
  },
  { additionalProperties: false },
);

const IncidentHeatSchema = Type.Object({
  categoryCodes: Type.Array(Type.String()),
  rows: Type.Array(
    Type.Tuple([
      Type.String({ description: 'incident id' }),
      Type.Number({ description: 'lon' }),
      Type.Number({ description: 'lat' }),
      Type.Integer({ description: 'reportedAtMs' }),
      Type.Integer({ description: 'index into categoryCodes' }),
      Type.String({ description: 'base grid code' }),
    ]),
    { maxItems: MAX_HEAT_ROWS },
  ),
  nowMs: Type.Integer(),
  truncated: Type.Boolean(),
});

const HeatResidentsSchema = Type.Object({
  points: Type.Array(
    Type.Tuple([
      Type.Number({ description: 'lon' }),
      Type.Number({ description: 'lat' }),
      Type.Integer({ description: 'residents' }),
    ]),
  ),
  residentTotal: Type.Integer(),
});

/** Paths relative to the API prefix this plugin is registered under. */
const relative = (path: string) => path.slice(API_PREFIX.length);

export const incidentHeatRoutes: FastifyPluginAsyncTypebox<IncidentHeatRouteOptions> = async (
  app,
  { context, heat },
) => {
  app.get(
    relative(INCIDENT_HEAT_PATH),
    {
      schema: {
        summary:
          'Incidents of a time window as compact rows for the heatmap, inside the caller scope',
        tags: ['incidents'],
        security: SESSION_SECURITY,
        querystring: HeatQuery,
        response: { 200: IncidentHeatSchema, ...PRIVATE_ERRORS },
      },
      // Up to 200,000 tuples of plain numbers and codes: JSON.stringify is far faster than the
      // compiled serializer and there is nothing to strip (no personal fields).
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request) =>
      readIncidentHeat(heat, callerOf(request), request.query, context.now().getTime()),
  );

  app.get(
    relative(INCIDENT_HEAT_RESIDENTS_PATH),
    {
      schema: {
        summary: 'Registered residents per building inside the caller scope (counts only)',
        tags: ['incidents'],
        security: SESSION_SECURITY,
        response: { 200: HeatResidentsSchema, ...PRIVATE_ERRORS },
      },
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request) => readHeatResidents(heat, callerOf(request)),
  );
};
