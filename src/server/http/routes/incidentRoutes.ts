/**
 * The incident API: the dispatcher's map form, the list with filters, the detail
 * with its timeline, steps of the loop, dispatch suggestions and the confirmed dispatch. Thin:
 * the use cases in src/server/incidents decide; a refused step answers the state machine's typed
 * error (409 illegal transition, 403 role or assignee, 400 invalid command) and changes nothing.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { IncidentError } from '../../../domain/incidents/incidentErrors';
import type { IncidentCommand } from '../../../domain/incidents/incident';
import type { IncidentCommandErrorResponse } from '../../../shared/incidents';
import { ForbiddenError } from '../../registry/accessErrors';
import { userActor } from '../../incidents/incidentActors';
import { BadRequestError, OUTSIDE_DISTRICT_MESSAGE } from '../../incidents/incidentService';
import { revealIncidentText } from '../../audit/revealIncidentText';
import { callerOf } from '../authentication';
import { RevealBody } from '../requestSchemas';
import { RevealErrorResponse } from '../responseSchemas';
import {
  ConfirmDispatchBody,
  ConfirmDispatchResponseSchema,
  CreateIncidentBody,
  CreateIncidentResponseSchema,
  IncidentCommandErrorSchema,
  IncidentDetailSchema,
  IncidentIdParams,
  IncidentListQuerySchema,
  IncidentListResponseSchema,
  IncidentTextRevealResponseSchema,
  IntakeCheckQuery,
  IntakeCheckSchema,
  DispatchSuggestionsResponseSchema,
  SuggestionsQuery,
  TransitionBody,
} from '../incidentSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

const REFUSAL_STATUS: Record<IncidentError['code'], 400 | 403 | 409> = {
  invalid_command: 400,
  forbidden_role: 403,
  not_assignee: 403,
  assignee_out_of_scope: 403,
  illegal_transition: 409,
};

const STATUS_TEXT: Record<400 | 403 | 409, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  409: 'Conflict',
};

const COMMAND_ERRORS = {
  400: IncidentCommandErrorSchema,
  401: IncidentCommandErrorSchema,
  403: IncidentCommandErrorSchema,
  404: IncidentCommandErrorSchema,
  409: IncidentCommandErrorSchema,
};

export function toCommandErrorResponse(
  error: IncidentError,
): IncidentCommandErrorResponse & { statusCode: 400 | 403 | 409 } {
  const statusCode = REFUSAL_STATUS[error.code];
  return {
    statusCode,
    error: STATUS_TEXT[statusCode],
    message: error.message.en,
    code: error.code,
    ...(error.code === 'invalid_command' ? { field: error.field } : {}),
    messages: error.message,
  };
}

function sendRefusal(reply: FastifyReply, error: IncidentError): FastifyReply {
  const body = toCommandErrorResponse(error);
  return reply.status(body.statusCode).send(body);
}

export const incidentRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { context }) => {
  const { service, dispatch } = context.incidents;

  app.get(
    '/incidents',
    {
      schema: {
        summary: 'Incidents inside the caller scope, newest report first, filtered and paged',
        tags: ['incidents'],
        security: SESSION_SECURITY,
        querystring: IncidentListQuerySchema,
        response: { 200: IncidentListResponseSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => service.list(callerOf(request), request.query),
  );

  app.get(
    '/incidents/intake-check',
    {
      schema: {
        summary: 'For the map form: the base grid under a point and possible duplicates near it',
        tags: ['incidents'],
        security: SESSION_SECURITY,
        querystring: IntakeCheckQuery,
        response: { 200: IntakeCheckSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => {
      const { categoryCode, lon, lat } = request.query;
      return service.intakeCheck(callerOf(request), categoryCode, { lon, lat });
    },
  );

  app.post(
    '/incidents',
    {
      schema: {
        summary: 'Report an incident from the map (the grid is found by point-in-polygon)',
        tags: ['incidents'],
        security: SESSION_SECURITY,
        body: CreateIncidentBody,
        response: { 201: CreateIncidentResponseSchema, ...COMMAND_ERRORS },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const outcome = await service.reportFromUser(caller, request.body);
      if (!outcome.ok) {
        if ('error' in outcome) return sendRefusal(reply, outcome.error);
        throw new BadRequestError(OUTSIDE_DISTRICT_MESSAGE);
      }
      return reply.status(201).send({
        incident: await service.toDetail(caller, outcome.incident),
        possibleDuplicates: outcome.possibleDuplicates,
      });
    },
  );

  app.get(
    '/incidents/:id',
    {
      schema: {
        summary: 'One incident with its timeline, deadline state, arrivals and permitted actions',
        tags: ['incidents'],
        security: SESSION_SECURITY,
        params: IncidentIdParams,
        response: { 200: IncidentDetailSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => service.detail(callerOf(request), request.params.id),
  );

  app.post(
    '/incidents/:id/transitions',
    {
      schema: {
        summary: 'One step of the closed loop (register, reject, dispatch, verify, ...)',
        tags: ['incidents'],
        security: SESSION_SECURITY,
        params: IncidentIdParams,
        body: TransitionBody,
        response: { 200: IncidentDetailSchema, ...COMMAND_ERRORS },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const command = request.body.command as IncidentCommand;
      const actor = userActor(caller, command.action);
      if (actor === null) throw new ForbiddenError('your role may only read incidents');
      const result = await service.transition(actor, request.params.id, command, caller.scopes);
      if (!result.ok) return sendRefusal(reply, result.error);
      return service.toDetail(caller, result.incident);
    },
  );

  app.post(
    '/incidents/:id/reveal',
    {
      schema: {
        summary:
          'Description and notes as typed (phones, ID numbers, e-mails unmasked): needs the reveal permission, a purpose and a reason; audited and rate-limited per user',
        tags: ['incidents'],
        security: SESSION_SECURITY,
        params: IncidentIdParams,
        body: RevealBody,
        response: {
          200: IncidentTextRevealResponseSchema,
          ...PRIVATE_ERRORS,
          400: RevealErrorResponse,
          429: RevealErrorResponse,
        },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const at = context.now();
      const { purpose, reason } = request.body;
      return context.revealGuard.admit(caller, purpose, reason, at, (admission) =>
        revealIncidentText(service, context.audit, caller, request.params.id, admission, at),
      );
    },
  );

  app.get(
    '/incidents/:id/dispatch-suggestions',
    {
      schema: {
        summary: 'Nearest available workers by walking time along the street network',
        tags: ['incidents'],
        security: SESSION_SECURITY,
        params: IncidentIdParams,
        querystring: SuggestionsQuery,
        response: { 200: DispatchSuggestionsResponseSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => ({
      incidentId: request.params.id,
      suggestions: await dispatch.suggestions(
        callerOf(request),
        request.params.id,
        request.query.limit,
      ),
    }),
  );

  app.post(
    '/incidents/:id/dispatch',
    {
      schema: {
        summary: "Confirm a dispatch to a worker; the task goes to the worker's devices",
        tags: ['incidents'],
        security: SESSION_SECURITY,
        params: IncidentIdParams,
        body: ConfirmDispatchBody,
        response: { 200: ConfirmDispatchResponseSchema, ...COMMAND_ERRORS },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { result, devicesNotified } = await dispatch.confirm(
        caller,
        request.params.id,
        request.body,
      );
      if (!result.ok) return sendRefusal(reply, result.error);
      return { incident: await service.toDetail(caller, result.incident), devicesNotified };
    },
  );
};
