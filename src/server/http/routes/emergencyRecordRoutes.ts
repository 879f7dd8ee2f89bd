/**
 * Emergency records over HTTP: lists for the wall's readers, writes for administrators
 * (`emergency.manage`, gated in routePermissions and audited by the use case), a sensor's
 * device token, and the PM2.5 grid layer. On the leader wall and the tour a record's contact
 * (a person's name and masked phone) is left out, as every person-level field is there.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { API_PREFIX } from '../../../shared/api';
import {
  AIR_QUALITY_PATH,
  EMERGENCY_RECORDS_PATH,
  type EmergencyRecordInput,
  type EmergencyRecordView,
} from '../../../shared/emergencyRecords';
import { AGGREGATE_ONLY_MODES } from '../../../shared/wallModes';
import { airQualityByGrid } from '../../emergency/records/airQualityByGrid';
import type { EmergencyRecordsModule } from '../../emergency/records/emergencyRecordsModule';
import { wallModeOf } from '../aggregateOnlyModes';
import { callerOf } from '../authentication';
import {
  EmergencyRecordBody,
  EmergencyRecordViewSchema,
  GridAirQualitySchema,
  RecordKindQuery,
} from '../emergencyRecordSchemas';
import { IdParams } from '../requestSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

export interface EmergencyRecordRouteOptions extends RouteOptions {
  records: EmergencyRecordsModule;
}

const relative = (path: string) => path.slice(API_PREFIX.length);
const CONTACT_FIELDS = ['contactName', 'contactPhone'];

function withoutContact(view: EmergencyRecordView): EmergencyRecordView {
  const attributes = Object.fromEntries(
    Object.entries(view.attributes).filter(([key]) => !CONTACT_FIELDS.includes(key)),
  );
  return { ...view, attributes };
}

const WRITE_ERRORS = { ...PRIVATE_ERRORS, 409: PRIVATE_ERRORS[400] };

export const emergencyRecordRoutes: FastifyPluginAsyncTypebox<EmergencyRecordRouteOptions> = async (
  app,
  { context, records },
) => {
  const tags = ['emergency'];
  const security = SESSION_SECURITY;
  const base = relative(EMERGENCY_RECORDS_PATH);

  app.get(
    base,
    {
      schema: {
        summary:
          'Emergency records of one kind or all (contacts masked; none on the public wall modes)',
        tags,
        security,
        querystring: RecordKindQuery,
        response: { 200: Type.Array(EmergencyRecordViewSchema), ...PRIVATE_ERRORS },
      },
    },
    async (request) => {
      const list = await records.service.list(request.query.kind ?? null);
      const mode = wallModeOf(request);
      return mode !== null && AGGREGATE_ONLY_MODES.includes(mode) ? list.map(withoutContact) : list;
    },
  );

  app.post(
    base,
    {
      schema: {
        summary: 'Creates an emergency record (administrators; audited)',
        tags,
        security,
        body: EmergencyRecordBody,
        response: { 200: EmergencyRecordViewSchema, ...WRITE_ERRORS },
      },
    },
    async (request) =>
      records.service.create(callerOf(request), request.body as EmergencyRecordInput),
  );

  app.put(
    `${base}/:id`,
    {
      schema: {
        summary: 'Replaces an emergency record; a body without contactPhone keeps the stored one',
        tags,
        security,
        params: IdParams,
        body: EmergencyRecordBody,
        response: { 200: EmergencyRecordViewSchema, ...WRITE_ERRORS },
      },
    },
    async (request) =>
      records.service.update(
        callerOf(request),
        request.params.id,
        request.body as EmergencyRecordInput,
      ),
  );

  app.delete(
    `${base}/:id`,
    {
      schema: {
        summary: 'Deletes an emergency record (a sensor with its tokens and state; audited)',
        tags,
        security,
        params: IdParams,
        response: { 204: Type.Null(), ...PRIVATE_ERRORS },
      },
    },
    async (request, reply) => {
      await records.service.remove(callerOf(request), request.params.id);
      records.gateway.disconnectSensor(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    `${base}/:id/token`,
    {
      schema: {
        summary: "Issues a sensor's device token for /sensor (shown once; audited)",
        tags,
        security,
        params: IdParams,
        response: {
          200: Type.Object({ sensorId: Type.Integer(), token: Type.String() }),
          ...PRIVATE_ERRORS,
        },
      },
    },
    async (request) => records.service.issueSensorToken(callerOf(request), request.params.id),
  );

  app.delete(
    `${base}/:id/token`,
    {
      schema: {
        summary: "Revokes a sensor's device tokens and drops its connections (audited)",
        tags,
        security,
        params: IdParams,
        response: { 200: Type.Object({ revoked: Type.Integer() }), ...PRIVATE_ERRORS },
      },
    },
    async (request) => {
      const revoked = await records.service.revokeSensorTokens(
        callerOf(request),
        request.params.id,
      );
      records.gateway.disconnectSensor(request.params.id);
      return { revoked };
    },
  );

  app.get(
    relative(AIR_QUALITY_PATH),
    {
      schema: {
        summary: 'PM2.5 per base grid over 24 hours, as IAQI and HJ 633-2012 band',
        tags,
        security,
        response: { 200: Type.Array(GridAirQualitySchema), ...PRIVATE_ERRORS },
      },
    },
    async () => airQualityByGrid(records.sensors, context.now().getTime()),
  );
};
