/**
 * The hotline desk's API (decision 0026): address search, duplicates before sending, taking a
 * call, and the call-back list with the audited number and the caller's rating. Thin: the use
 * cases are incidents/hotlineDesk.ts; every route needs `hotline.take` (routePermissions.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { INCIDENT_STATES } from '../../../domain/incidents/incident';
import { OPEN311_MAX_DESCRIPTION_CHARS } from '../../../domain/incidents/open311Intake';
import {
  HOTLINE_ADDRESSES_PATH,
  HOTLINE_CALLBACKS_PATH,
  HOTLINE_CALLS_PATH,
  HOTLINE_INTAKE_CHECK_PATH,
  MAX_ADDRESS_QUERY_LENGTH,
} from '../../../shared/hotline';
import { API_PREFIX } from '../../../shared/api';
import { HotlineDesk, type AddressSearch } from '../../incidents/hotlineDesk';
import { callerOf } from '../authentication';
import {
  IncidentIdParams,
  IntakeCheckQuery,
  IntakeCheckSchema,
  PossibleDuplicateSchema,
  ReporterRatingSchema,
  SatisfactionRatingSchema,
  literals,
} from '../incidentSchemas';
import { ErrorResponse } from '../responseSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

export interface HotlineRouteOptions extends RouteOptions {
  /** The register's buildings, for the address search. */
  addresses: AddressSearch;
}

const MAX_ADDRESS_LENGTH = 500;
const MAX_PHONE_INPUT_LENGTH = 32;
const TAGS = ['hotline'];
const ERRORS = { ...PRIVATE_ERRORS, 409: ErrorResponse };

const AddressMatchSchema = Type.Object({
  buildingId: Type.Integer(),
  name: Type.String(),
  address: Type.String(),
  gridCode: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
});

const HotlineCallBody = Type.Object(
  {
    callerPhone: Type.String({ minLength: 1, maxLength: MAX_PHONE_INPUT_LENGTH }),
    categoryCode: Type.String({ minLength: 1, maxLength: 64 }),
    description: Type.String({ minLength: 1, maxLength: OPEN311_MAX_DESCRIPTION_CHARS }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    address: Type.Optional(Type.String({ maxLength: MAX_ADDRESS_LENGTH })),
  },
  { additionalProperties: false },
);

const HotlineCallbackSchema = Type.Object({
  incidentId: Type.String(),
  categoryCode: Type.String(),
  closedState: literals(INCIDENT_STATES),
  closingNote: Type.String(),
  closedAtMs: Type.Integer(),
  callerPhoneMasked: Type.String(),
  rating: ReporterRatingSchema,
});

/** Paths relative to the API prefix this plugin is registered under. */
const relative = (path: string) => path.slice(API_PREFIX.length);

export const hotlineRoutes: FastifyPluginAsyncTypebox<HotlineRouteOptions> = async (
  app,
  { context, addresses },
) => {
  const desk = new HotlineDesk({
    incidents: context.incidents.service,
    answers: context.incidents.answers,
    addresses,
    audit: context.audit,
    now: context.now,
  });
  app.get(
    relative(HOTLINE_ADDRESSES_PATH),
    {
      schema: {
        summary: 'Buildings of the register in the caller scope whose address or name holds q',
        tags: TAGS,
        security: SESSION_SECURITY,
        querystring: Type.Object({
          q: Type.String({ minLength: 1, maxLength: MAX_ADDRESS_QUERY_LENGTH }),
        }),
        response: { 200: Type.Object({ items: Type.Array(AddressMatchSchema) }), ...ERRORS },
      },
    },
    async (request) => ({
      items: await desk.searchAddresses(callerOf(request), request.query.q),
    }),
  );

  app.get(
    relative(HOTLINE_INTAKE_CHECK_PATH),
    {
      schema: {
        summary: 'Before taking a call: the grid under the point and open duplicates near it',
        tags: TAGS,
        security: SESSION_SECURITY,
        querystring: IntakeCheckQuery,
        response: { 200: IntakeCheckSchema, ...ERRORS },
      },
    },
    async (request) => {
      const { categoryCode, lon, lat } = request.query;
      return desk.intakeCheck(callerOf(request), categoryCode, { lon, lat });
    },
  );

  app.post(
    relative(HOTLINE_CALLS_PATH),
    {
      schema: {
        summary: 'Take a call: a hotline incident, the caller number stored sealed (audited)',
        tags: TAGS,
        security: SESSION_SECURITY,
        body: HotlineCallBody,
        response: {
          201: Type.Object({
            incidentId: Type.String(),
            gridCode: Type.String(),
            state: literals(INCIDENT_STATES),
            callerPhoneMasked: Type.String(),
            possibleDuplicates: Type.Array(PossibleDuplicateSchema),
          }),
          ...ERRORS,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await desk.takeCall(callerOf(request), request.body)),
  );

  app.get(
    relative(HOTLINE_CALLBACKS_PATH),
    {
      schema: {
        summary: 'Closed hotline cases in the caller scope whose caller waits for the call-back',
        tags: TAGS,
        security: SESSION_SECURITY,
        response: { 200: Type.Object({ items: Type.Array(HotlineCallbackSchema) }), ...ERRORS },
      },
    },
    async (request) => ({ items: await desk.callbacks(callerOf(request)) }),
  );

  app.post(
    `${relative(HOTLINE_CALLBACKS_PATH)}/:id/number`,
    {
      schema: {
        summary: 'The caller number in full, to dial the call-back (audited)',
        tags: TAGS,
        security: SESSION_SECURITY,
        params: IncidentIdParams,
        response: { 200: Type.Object({ phone: Type.String() }), ...ERRORS },
      },
    },
    async (request) => ({
      phone: await desk.callerNumber(callerOf(request), request.params.id),
    }),
  );

  app.post(
    `${relative(HOTLINE_CALLBACKS_PATH)}/:id`,
    {
      schema: {
        summary: 'The call-back made, with the caller satisfaction when given (once per incident)',
        tags: TAGS,
        security: SESSION_SECURITY,
        params: IncidentIdParams,
        body: Type.Object(
          { rating: Type.Optional(SatisfactionRatingSchema) },
          { additionalProperties: false },
        ),
        response: { 200: HotlineCallbackSchema, ...ERRORS },
      },
    },
    async (request) =>
      desk.completeCallback(callerOf(request), request.params.id, request.body.rating),
  );
};
