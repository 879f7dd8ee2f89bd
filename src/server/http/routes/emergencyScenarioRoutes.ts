/**
 * The active emergency scenario (held by ScenarioHub, pushed on /live) and its door-knocking
 * list and tasks. Handlers are thin: the hub and DoorKnocking hold the rules.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AEGL_TIERS } from '../../../domain/emergency/chemicals';
import { DOOR_KNOCK_NEEDS } from '../../../domain/emergency/doorKnockOrder';
import { INCIDENT_STATES } from '../../../domain/incidents/incident';
import { API_PREFIX } from '../../../shared/api';
import {
  DOOR_KNOCK_ASSIGN_PATH,
  DOOR_KNOCK_PATH,
  EMERGENCY_SCENARIO_PATH,
} from '../../../shared/emergencyScenario';
import type { DoorKnocking } from '../../emergency/doorKnocking';
import { NO_SCENARIO, type ScenarioHub } from '../../emergency/scenarioHub';
import { callerOf } from '../authentication';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';
import { EvacuationPlanSchema } from './emergencyEvacuationRoutes';
import { PlumeAssessmentBody, PlumeAssessmentSchema } from './emergencyRoutes';

export interface EmergencyScenarioRouteOptions extends RouteOptions {
  hub: ScenarioHub;
  doorKnocking: DoorKnocking;
}

/** Households one assignment may name: more than any zone of the demo district holds at once. */
const MAX_ASSIGNED_HOUSEHOLDS = 2_000;

const TierSchema = Type.Union(AEGL_TIERS.map((tier) => Type.Literal(tier)));
const StateSchema = Type.Union(INCIDENT_STATES.map((state) => Type.Literal(state)));

const ActiveScenarioSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  startedAtMs: Type.Integer(),
  updatedAtMs: Type.Integer(),
  history: Type.Array(Type.Object({ atMs: Type.Integer(), request: PlumeAssessmentBody })),
  assessment: PlumeAssessmentSchema,
  evacuation: Type.Optional(EvacuationPlanSchema),
});

const DoorKnockHouseholdSchema = Type.Object({
  householdId: Type.Integer(),
  buildingId: Type.Integer(),
  buildingName: Type.String(),
  buildingNameEn: Type.String(),
  gridCode: Type.String(),
  floor: Type.Integer(),
  roomLabel: Type.String(),
  tier: TierSchema,
  residents: Type.Integer(),
  needs: Type.Object(
    Object.fromEntries(DOOR_KNOCK_NEEDS.map((need) => [need, Type.Integer({ minimum: 0 })])),
  ),
  headName: Type.String({ description: 'surname only for roles that may not reveal' }),
  headPhoneMasked: Type.Union([Type.String(), Type.Null()]),
  task: Type.Union([
    Type.Object({
      incidentId: Type.String(),
      state: StateSchema,
      assigneeDisplayName: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
});

const relative = (path: string) => path.slice(API_PREFIX.length);

export const emergencyScenarioRoutes: FastifyPluginAsyncTypebox<
  EmergencyScenarioRouteOptions
> = async (app, { hub, doorKnocking }) => {
  const common = { tags: ['emergency'], security: SESSION_SECURITY };
  app.get(
    relative(EMERGENCY_SCENARIO_PATH),
    {
      schema: {
        ...common,
        summary: 'The active emergency scenario with the counts of the caller scope (404: none)',
        response: { 200: ActiveScenarioSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => {
      const scenario = await hub.current(callerOf(request));
      if (scenario === null) throw NO_SCENARIO;
      return scenario;
    },
  );
  app.put(
    relative(EMERGENCY_SCENARIO_PATH),
    {
      schema: {
        ...common,
        summary: 'Starts or changes the active scenario; every screen in scope gets it at once',
        body: PlumeAssessmentBody,
        response: { 200: ActiveScenarioSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => hub.change(callerOf(request), request.body),
  );
  app.delete(
    relative(EMERGENCY_SCENARIO_PATH),
    {
      schema: {
        ...common,
        summary: 'Ends the active scenario on every screen',
        response: { 200: Type.Object({ ended: Type.Boolean() }), ...PRIVATE_ERRORS },
      },
    },
    async (request) => ({ ended: await hub.end(callerOf(request)) }),
  );
  app.get(
    relative(DOOR_KNOCK_PATH),
    {
      schema: {
        ...common,
        summary: 'Households of the caller scope inside a zone, in door-knocking order',
        querystring: Type.Object({ tier: TierSchema }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            scenarioId: Type.String(),
            tier: TierSchema,
            households: Type.Array(DoorKnockHouseholdSchema),
          }),
          ...PRIVATE_ERRORS,
        },
      },
    },
    async (request) => doorKnocking.list(callerOf(request), request.query.tier),
  );
  app.post(
    relative(DOOR_KNOCK_ASSIGN_PATH),
    {
      schema: {
        ...common,
        summary: 'Door-knocking tasks to the nearest available workers, one per building',
        body: Type.Object(
          {
            householdIds: Type.Array(Type.Integer({ minimum: 1 }), {
              minItems: 1,
              maxItems: MAX_ASSIGNED_HOUSEHOLDS,
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            assignments: Type.Array(
              Type.Object({
                buildingId: Type.Integer(),
                incidentId: Type.String(),
                householdIds: Type.Array(Type.Integer()),
                workerId: Type.Union([Type.Integer(), Type.Null()]),
                state: StateSchema,
              }),
            ),
          }),
          ...PRIVATE_ERRORS,
        },
      },
    },
    async (request) => ({
      assignments: await doorKnocking.assign(callerOf(request), request.body.householdIds),
    }),
  );
};
