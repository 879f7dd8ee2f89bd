/** Buildings, units, persons, search and the audited reveal (the audit log: userRoutes). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { revealPersonIdentifiers } from '../../audit/revealIdentifiers';
import { getBuildingDetail } from '../../registry/buildingQueries';
import { searchResidents } from '../../registry/searchResidents';
import { getPersonDetail, getUnitDetail } from '../../registry/unitQueries';
import { callerOf } from '../authentication';
import { auditRefusedAccess } from '../refusedAccessAudit';
import { IdParams, RevealBody, SearchQuery } from '../requestSchemas';
import {
  BuildingDetailSchema,
  PersonDetailSchema,
  RevealErrorResponse,
  RevealResponseSchema,
  SearchPageSchema,
  UnitDetailSchema,
  ErrorResponse,
} from '../responseSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

export const registryRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { context }) => {
  const { registry, audit, now, search } = context;
  auditRefusedAccess(app, audit, now);

  app.get(
    '/buildings/:id',
    {
      schema: {
        summary: 'A building: floors, units with household/resident counts, occupancy summary',
        tags: ['registry'],
        security: SESSION_SECURITY,
        params: IdParams,
        response: { 200: BuildingDetailSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => getBuildingDetail(registry, callerOf(request), request.params.id),
  );

  app.get(
    '/units/:id',
    {
      schema: {
        summary: 'A unit with its households and residents (identifiers masked)',
        tags: ['registry'],
        security: SESSION_SECURITY,
        params: IdParams,
        response: { 200: UnitDetailSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => getUnitDetail(registry, callerOf(request), request.params.id, now()),
  );

  app.get(
    '/persons/:id',
    {
      schema: {
        summary: 'A resident and where they live (identifiers masked)',
        tags: ['registry'],
        security: SESSION_SECURITY,
        params: IdParams,
        response: { 200: PersonDetailSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => getPersonDetail(registry, callerOf(request), request.params.id, now()),
  );

  app.post(
    '/persons/:id/reveal',
    {
      schema: {
        summary:
          'Full ID number and phone of a resident: needs the reveal permission, a purpose and a reason; audited and rate-limited per user',
        tags: ['registry'],
        security: SESSION_SECURITY,
        params: IdParams,
        body: RevealBody,
        response: {
          200: RevealResponseSchema,
          ...PRIVATE_ERRORS,
          400: RevealErrorResponse,
          429: RevealErrorResponse,
        },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const at = now();
      const { purpose, reason } = request.body;
      return context.revealGuard.admit(caller, purpose, reason, at, (admission) =>
        revealPersonIdentifiers(registry, audit, caller, request.params.id, admission, at),
      );
    },
  );

  app.get(
    '/search',
    {
      schema: {
        summary: 'Residents inside the caller scope by name, ID-number tail, phone tail or address',
        tags: ['registry'],
        security: SESSION_SECURITY,
        querystring: SearchQuery,
        // 503: the search queue is full or the search timed out; try again.
        response: { 200: SearchPageSchema, ...PRIVATE_ERRORS, 503: ErrorResponse },
      },
    },
    async (request) => {
      const { q, page, pageSize } = request.query;
      return searchResidents(search, callerOf(request), q, { page, pageSize });
    },
  );
};
