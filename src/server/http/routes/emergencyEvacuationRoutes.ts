/**
 * The evacuation plan on the wire: its schema (the scenario's GET and PUT carry it) and the
 * replay route that answers the plan of one history step for the caller's scope. Buildings,
 * shelters and resources only: nobody is named.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { API_PREFIX } from '../../../shared/api';
import { EVACUATION_STEP_PATH } from '../../../shared/emergencyScenario';
import type { ScenarioHub } from '../../emergency/scenarioHub';
import { callerOf } from '../authentication';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const ActionSchema = Type.Union([Type.Literal('evacuate'), Type.Literal('shelter_in_place')]);

export const EvacuationPlanSchema = Type.Object({
  walkingSpeedMps: Type.Number(),
  preparationS: Type.Number(),
  drivingSpeedMps: Type.Number(),
  buildings: Type.Array(
    Type.Object({
      buildingId: Type.Integer(),
      name: Type.String(),
      nameEn: Type.String(),
      gridCode: Type.String(),
      persons: Type.Integer(),
      zoneMask: Type.Integer(),
      arrivalS: Type.Number(),
      leaveS: Nullable(Type.Number()),
      action: ActionSchema,
      route: Nullable(
        Type.Object({
          shelterId: Type.Integer(),
          distanceM: Type.Number(),
          walkS: Type.Number(),
          line: Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 2 })),
        }),
      ),
      unplaced: Nullable(Type.Union([Type.Literal('no_route'), Type.Literal('no_capacity')])),
    }),
  ),
  shelters: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      lon: Type.Number(),
      lat: Type.Number(),
      capacityPersons: Type.Integer(),
      assignedPersons: Type.Integer(),
      state: Type.Union(
        ['open', 'closed', 'in_zone', 'no_street'].map((state) => Type.Literal(state)),
      ),
    }),
  ),
  resources: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      resourceType: Type.String(),
      lon: Type.Number(),
      lat: Type.Number(),
      distanceM: Nullable(Type.Number()),
      etaS: Nullable(Type.Number()),
    }),
  ),
});

export interface EmergencyEvacuationRouteOptions extends RouteOptions {
  hub: ScenarioHub;
}

export const emergencyEvacuationRoutes: FastifyPluginAsyncTypebox<
  EmergencyEvacuationRouteOptions
> = async (app, { hub }) => {
  app.get(
    EVACUATION_STEP_PATH.slice(API_PREFIX.length),
    {
      schema: {
        tags: ['emergency'],
        security: SESSION_SECURITY,
        summary: 'The evacuation plan of one step of the active scenario, for the caller scope',
        querystring: Type.Object(
          { step: Type.Integer({ minimum: 0 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            step: Type.Integer(),
            atMs: Type.Integer(),
            evacuation: EvacuationPlanSchema,
          }),
          ...PRIVATE_ERRORS,
        },
      },
    },
    async (request) => ({
      step: request.query.step,
      ...(await hub.evacuationAt(callerOf(request), request.query.step)),
    }),
  );
};
