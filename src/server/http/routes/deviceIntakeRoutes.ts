/**
 * Before a worker's phone sends a new report (device token, no session): the grid under the
 * point and possible duplicates — open incidents of the same category near it — found by the same
 * intake check as the hotline desk and the map form, but only inside the worker's own grids.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { API_PREFIX } from '../../../shared/api';
import { DEVICE_INTAKE_CHECK_API_PATH, type IncidentIntakeCheck } from '../../../shared/incidents';
import { deviceWorkerCaller } from '../deviceWorkerCaller';
import { IntakeCheckQuery, IntakeCheckSchema } from '../incidentSchemas';
import { ErrorResponse } from '../responseSchemas';
import type { RouteOptions } from '../serverContext';

export const deviceIntakeRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (
  app,
  { context },
) => {
  const { tracking, incidents } = context;

  app.get(
    DEVICE_INTAKE_CHECK_API_PATH.slice(API_PREFIX.length),
    {
      config: { public: true },
      schema: {
        summary:
          "Before a phone's report: the grid under the point and open duplicates near it, in the worker's grids (Authorization: Device <token>)",
        tags: ['incidents'],
        querystring: IntakeCheckQuery,
        response: { 200: IntakeCheckSchema, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (request): Promise<IncidentIntakeCheck> => {
      const { caller } = await deviceWorkerCaller(request, tracking);
      const { categoryCode, lon, lat } = request.query;
      return incidents.service.intakeCheck(caller, categoryCode, { lon, lat });
    },
  );
};
