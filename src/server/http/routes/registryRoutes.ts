/** Buildings, units, persons, search, the audited reveal and the audit log. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listAuditEntries, revealPersonIdentifiers } from '../../audit/revealIdentifiers';
import { getBuildingDetail } from '../../registry/buildingQueries';
import { searchResidents } from '../../registry/searchResidents';
import { getPersonDetail, getUnitDetail } from '../../registry/unitQueries';
import { callerOf } from '../authentication';
import { IdParams, PageQuery, RevealBody, SearchQuery } from '../requestSchemas';
import {
  AuditEntrySchema,
  BuildingDetailSchema,
  PersonDetailSchema,
  RevealResponseSchema,
  SearchHitSchema,
  UnitDetailSchema,
  pageOf,
} from '../responseSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

export const registryRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { context }) => {
  const { registry, audit, now } = context;

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
          'Full ID number and phone of a resident: needs the reveal permission and a reason; audited',
        tags: ['registry'],
        security: SESSION_SECURITY,
        params: IdParams,
        body: RevealBody,
        response: { 200: RevealResponseSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) =>
      revealPersonIdentifiers(
        registry,
        audit,
        callerOf(request),
        request.params.id,
        request.body.reason,
        now(),
      ),
  );

  app.get(
    '/search',
    {
      schema: {
        summary: 'Residents inside the caller scope by name, ID-number tail, phone tail or address',
        tags: ['registry'],
        security: SESSION_SECURITY,
        querystring: SearchQuery,
        response: { 200: pageOf(SearchHitSchema), ...PRIVATE_ERRORS },
      },
    },
    async (request) => {
      const { q, page, pageSize } = request.query;
      return searchResidents(registry, callerOf(request), q, { page, pageSize });
    },
  );

  app.get(
    '/audit',
    {
      schema: {
        summary: 'The audit log, newest first (admin only)',
        tags: ['audit'],
        security: SESSION_SECURITY,
        querystring: PageQuery,
        response: { 200: pageOf(AuditEntrySchema), ...PRIVATE_ERRORS },
      },
    },
    async (request) => listAuditEntries(audit, callerOf(request), request.query),
  );
};
