/**
 * The worker's map on the phone (device token, no session): the district's base map (roads,
 * blocks, water, green: nothing personal) and the walking route from where the phone is to one
 * of its own tasks, along the roads, with length and time. Another worker's task answers 404.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { API_PREFIX } from '../../../shared/api';
import {
  DEVICE_BASEMAP_API_PATH,
  DEVICE_ROUTE_API_PATH,
  type DeviceWalk,
} from '../../../shared/incidents';
import { groundDistanceM } from '../../../domain/geo/groundDistance';
import { NotFoundError } from '../../registry/accessErrors';
import { getBasemap } from '../../registry/mapQueries';
import { workerUsername } from '../../incidents/incidentActors';
import { WALKING_SPEED_MPS } from '../../incidents/streetNetwork';
import { deviceOf } from '../authentication';
import { BasemapSchema, ErrorResponse } from '../responseSchemas';
import type { RouteOptions } from '../serverContext';

const RouteQuery = Type.Object(
  {
    incidentId: Type.String({ minLength: 1, maxLength: 64 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
  },
  { additionalProperties: false },
);

const WalkSchema = Type.Object({
  distanceM: Type.Number(),
  durationS: Type.Number(),
  /** [lon, lat] from the phone to the site. */
  line: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
  /** False: no road near one end, so the line is straight and the time an estimate. */
  alongRoads: Type.Boolean(),
});

export const deviceMapRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (
  app,
  { context },
) => {
  const { tracking, registry, incidents } = context;
  const unauthorised = { 401: ErrorResponse };

  app.get(
    DEVICE_BASEMAP_API_PATH.slice(API_PREFIX.length),
    {
      config: { public: true },
      schema: {
        summary: "The district base map for a worker's phone (Authorization: Device <token>)",
        tags: ['map'],
        response: { 200: BasemapSchema, ...unauthorised },
      },
    },
    async (request) => {
      await deviceOf(request, tracking);
      return getBasemap(registry);
    },
  );

  app.get(
    DEVICE_ROUTE_API_PATH.slice(API_PREFIX.length),
    {
      config: { public: true },
      schema: {
        summary: "Walking route from the phone to one of its worker's tasks, along the roads",
        tags: ['incidents'],
        querystring: RouteQuery,
        response: { 200: WalkSchema, 404: ErrorResponse, ...unauthorised },
      },
    },
    async (request): Promise<DeviceWalk> => {
      const { workerId } = await deviceOf(request, tracking);
      const { incidentId, lon, lat } = request.query;
      const incident = await incidents.service.findIncident(incidentId);
      if (incident === null || incident.assigneeUsername !== workerUsername(workerId))
        throw new NotFoundError('task');
      const from = { lon, lat };
      const walk = incidents.walk(from, incident.location);
      if (walk !== null) {
        return {
          ...walk,
          line: walk.line.map((point) => [point.lon, point.lat]),
          alongRoads: true,
        };
      }
      const distanceM = groundDistanceM(from, incident.location);
      return {
        distanceM,
        durationS: distanceM / WALKING_SPEED_MPS,
        line: [
          [lon, lat],
          [incident.location.lon, incident.location.lat],
        ],
        alongRoads: false,
      };
    },
  );
};
