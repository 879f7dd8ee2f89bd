/**
 * Collection on the worker's phone (device token, no session): the buildings of the worker's own
 * grids, their units, a unit's households (masked like the wall, with the states a request
 * echoes), and filing a visit log or a change request, exactly once per client id. Anything
 * outside the worker's grids answers 404 like a missing id. docs/decisions/0025.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isInScope } from '../../../domain/gridCode';
import { API_PREFIX } from '../../../shared/api';
import {
  DEVICE_BUILDINGS_API_PATH,
  DEVICE_REGISTER_REQUESTS_API_PATH,
  DEVICE_UNITS_API_PATH,
  type DeviceUnit,
} from '../../../shared/registerRequests';
import { requireVisible } from '../../registry/accessErrors';
import { getUnitDetail } from '../../registry/unitQueries';
import { deviceOf } from '../authentication';
import { deviceWorkerCaller } from '../deviceWorkerCaller';
import {
  DeviceBuildingsSchema,
  DeviceUnitSchema,
  DeviceUnitsSchema,
  ReceiptSchema,
  SubmissionSchema,
} from '../registerRequestSchemas';
import { IdParams } from '../requestSchemas';
import { ErrorResponse } from '../responseSchemas';
import type { RouteOptions } from '../serverContext';

/** More buildings than any one worker's grids hold; the picker lists them all. */
const MAX_BUILDINGS_PER_GRID = 500;

export const deviceRegisterRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (
  app,
  { context },
) => {
  const { tracking, registry, registerRequests, now } = context;
  const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse };

  const workerCaller = (request: Parameters<typeof deviceOf>[0]) =>
    deviceWorkerCaller(request, tracking);

  app.get(
    DEVICE_BUILDINGS_API_PATH.slice(API_PREFIX.length),
    {
      config: { public: true },
      schema: {
        summary: "The buildings of the worker's own grids (Authorization: Device <token>)",
        tags: ['registry'],
        response: { 200: DeviceBuildingsSchema, ...errors },
      },
    },
    async (request) => {
      const { caller } = await workerCaller(request);
      const pages = await Promise.all(
        caller.scopes.map((code) =>
          registry.listBuildingsInGrid(code, caller.scopes, {
            page: 1,
            pageSize: MAX_BUILDINGS_PER_GRID,
          }),
        ),
      );
      const buildings = pages.flatMap((page) => page.items);
      return {
        buildings: buildings.map(({ id, name, address, gridCode }) => ({
          id,
          name,
          address,
          gridCode,
        })),
      };
    },
  );

  app.get(
    `${DEVICE_BUILDINGS_API_PATH.slice(API_PREFIX.length)}/:id/units`,
    {
      config: { public: true },
      schema: {
        summary: "The units of one building of the worker's grids",
        tags: ['registry'],
        params: IdParams,
        response: { 200: DeviceUnitsSchema, ...errors },
      },
    },
    async (request) => {
      const { caller } = await workerCaller(request);
      const building = requireVisible(
        await registry.findBuilding(request.params.id),
        (found) => isInScope(found.gridCode, caller.scopes),
        'building',
      );
      return {
        units: (await registry.listUnitsOfBuilding(building.id)).map(
          ({ id, floor, roomLabel }) => ({ id, floor, roomLabel }),
        ),
      };
    },
  );

  app.get(
    `${DEVICE_UNITS_API_PATH.slice(API_PREFIX.length)}/:id`,
    {
      config: { public: true },
      schema: {
        summary: "A unit's households, masked, with the states a change request carries back",
        tags: ['registry'],
        params: IdParams,
        response: { 200: DeviceUnitSchema, ...errors },
      },
    },
    async (request): Promise<DeviceUnit> => {
      const { caller } = await workerCaller(request);
      const unit = await getUnitDetail(registry, caller, request.params.id, now());
      return {
        id: unit.id,
        roomLabel: unit.roomLabel,
        address: unit.address,
        households: unit.households.map((household) => ({
          ...household,
          ...registerRequests.statesOfHousehold(household.id)!,
        })),
      };
    },
  );

  app.post(
    DEVICE_REGISTER_REQUESTS_API_PATH.slice(API_PREFIX.length),
    {
      config: { public: true },
      bodyLimit: 16 * 1024,
      // The token first: a caller without one learns nothing of the body's shape.
      preValidation: async (request) => {
        await deviceOf(request, tracking);
      },
      schema: {
        summary:
          'File a visit log (民情日志) or a household change request for review; a resend with the same clientId returns the first receipt',
        tags: ['registry'],
        body: SubmissionSchema,
        response: { 200: ReceiptSchema, 201: ReceiptSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { workerId, caller } = await workerCaller(request);
      const receipt = registerRequests.submit(workerId, caller.scopes, request.body);
      return reply.status(receipt.duplicate ? 200 : 201).send(receipt);
    },
  );
};
