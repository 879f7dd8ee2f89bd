/**
 * Open311 GeoReport v2 at /open311/v2 (JSON format only): services.json, requests.json (query
 * and create), requests/:id.json. Public: no session; creating is rate-limited per client address
 * and validated by the domain's intake; `api_key` is accepted and not required. Every error is
 * GeoReport's own shape, a list of {code, description}, whatever went wrong.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyReply } from 'fastify';
import { toOpen311Services, type Open311Locale } from '../../../domain/incidents/open311Mapping';
import type { Open311Error } from '../../../domain/incidents/open311Intake';
import { OPEN311_PATH } from '../../../shared/incidents';
import type { FixedWindowRateLimit } from '../../incidents/fixedWindowRateLimit';
import type { Open311CreateInput, Open311Service } from '../../incidents/open311Service';

/** Creates per client address per window (a citizen reports a few things, not dozens a minute). */
export const OPEN311_CREATES_PER_WINDOW = 10;
export const OPEN311_WINDOW_MS = 60_000;
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
const HTTP_SERVER_ERROR_MIN = 500;

export interface Open311RouteOptions {
  open311: Open311Service;
  createLimit: FixedWindowRateLimit;
}

const Open311ErrorsSchema = Type.Array(
  Type.Object({ code: Type.Integer(), description: Type.String() }),
  { description: 'GeoReport v2 error list' },
);

const ServiceSchema = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.String(),
  keywords: Type.String(),
  group: Type.String(),
});

const ServiceRequestSchema = Type.Object({
  service_request_id: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  status_notes: Type.String(),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: Type.String(),
  service_notice: Type.String(),
  requested_datetime: Type.String(),
  updated_datetime: Type.String(),
  expected_datetime: Type.Union([Type.String(), Type.Null()]),
  address: Type.String(),
  lat: Type.Number(),
  long: Type.Number(),
  media_url: Type.String(),
});

const LocaleQuery = {
  locale: Type.Optional(
    Type.Union([Type.Literal('zh'), Type.Literal('en')], {
      description: 'language of names and notes (default zh)',
    }),
  ),
  jurisdiction_id: Type.Optional(Type.String({ maxLength: 64 })),
};

const RequestsQuery = Type.Object({
  ...LocaleQuery,
  service_request_id: Type.Optional(Type.String({ maxLength: 4000 })),
  service_code: Type.Optional(Type.String({ maxLength: 400 })),
  status: Type.Optional(Type.String({ maxLength: 20 })),
  start_date: Type.Optional(Type.String({ maxLength: 40 })),
  end_date: Type.Optional(Type.String({ maxLength: 40 })),
});

const TextOrNumber = Type.Union([Type.String({ maxLength: 5000 }), Type.Number()]);
const CreateBody = Type.Object(
  {
    api_key: Type.Optional(Type.String({ description: 'accepted, not required' })),
    jurisdiction_id: Type.Optional(Type.String()),
    service_code: Type.Optional(Type.String()),
    lat: Type.Optional(TextOrNumber),
    long: Type.Optional(TextOrNumber),
    address_string: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    media_url: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    first_name: Type.Optional(Type.String()),
    last_name: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
    device_id: Type.Optional(Type.String()),
    account_id: Type.Optional(Type.String()),
  },
  { description: 'form-encoded or JSON' },
);

const CreatedSchema = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    service_notice: Type.String(),
    account_id: Type.Union([Type.String(), Type.Null()]),
  }),
);

function localeOf(query: { locale?: Open311Locale }): Open311Locale {
  return query.locale ?? 'zh';
}

function sendErrors(reply: FastifyReply, status: number, errors: Open311Error[]): FastifyReply {
  return reply.status(status).send(errors);
}

function errorsOf(status: number, description: string): Open311Error[] {
  return [{ code: status, description }];
}

export const open311Routes: FastifyPluginAsyncTypebox<Open311RouteOptions> = async (
  app,
  { open311, createLimit },
) => {
  app.addContentTypeParser(FORM_CONTENT_TYPE, { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  // Errors before a handler runs (bad JSON, too large) answer in GeoReport's shape too.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      error.statusCode !== undefined && error.statusCode < HTTP_SERVER_ERROR_MIN
        ? error.statusCode
        : HTTP_SERVER_ERROR_MIN;
    if (status >= HTTP_SERVER_ERROR_MIN) request.log.error({ err: error }, 'open311 failed');
    return sendErrors(
      reply,
      status,
      errorsOf(status, status >= HTTP_SERVER_ERROR_MIN ? 'internal error' : error.message),
    );
  });
  const errorResponses = { 400: Open311ErrorsSchema, 404: Open311ErrorsSchema };
  const common = { tags: ['open311'] };

  app.get(
    '/services.json',
    {
      attachValidation: true,
      schema: {
        ...common,
        summary: 'GeoReport v2 service list: our incident categories',
        querystring: Type.Object(LocaleQuery),
        response: { 200: Type.Array(ServiceSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      if (request.validationError !== undefined) {
        return sendErrors(reply, 400, errorsOf(400, request.validationError.message));
      }
      return toOpen311Services(localeOf(request.query));
    },
  );

  app.get(
    '/requests.json',
    {
      attachValidation: true,
      schema: {
        ...common,
        summary: 'GeoReport v2 query: by ids, or by service_code, status and date range',
        querystring: RequestsQuery,
        response: { 200: Type.Array(ServiceRequestSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      if (request.validationError !== undefined) {
        return sendErrors(reply, 400, errorsOf(400, request.validationError.message));
      }
      const answer = open311.query(request.query, localeOf(request.query));
      return answer.ok ? answer.value : sendErrors(reply, 400, answer.errors);
    },
  );

  app.get(
    '/requests/:id.json',
    {
      attachValidation: true,
      schema: {
        ...common,
        summary: 'GeoReport v2: one service request (a list of one)',
        params: Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }) }),
        querystring: Type.Object(LocaleQuery),
        response: { 200: Type.Array(ServiceRequestSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      if (request.validationError !== undefined) {
        return sendErrors(reply, 400, errorsOf(400, request.validationError.message));
      }
      const found = open311.find(request.params.id, localeOf(request.query));
      if (found === null) {
        return sendErrors(reply, 404, errorsOf(404, `no service request ${request.params.id}`));
      }
      return [found];
    },
  );

  app.post(
    '/requests.json',
    {
      attachValidation: true,
      schema: {
        ...common,
        summary: 'GeoReport v2 create (citizen report; lat/long required; rate-limited)',
        body: CreateBody,
        response: {
          201: CreatedSchema,
          ...errorResponses,
          429: Open311ErrorsSchema,
        },
      },
    },
    async (request, reply) => {
      if (!createLimit.tryTake(request.ip)) {
        void reply.header('retry-after', String(createLimit.retryAfterS(request.ip)));
        return sendErrors(reply, 429, errorsOf(429, 'too many requests, try again later'));
      }
      if (request.validationError !== undefined) {
        return sendErrors(reply, 400, errorsOf(400, request.validationError.message));
      }
      const answer = open311.create(request.body as Open311CreateInput);
      if (!answer.ok) return sendErrors(reply, 400, answer.errors);
      return reply.status(201).send([
        {
          service_request_id: answer.value.service_request_id,
          service_notice: '',
          account_id: null,
        },
      ]);
    },
  );
};

export { OPEN311_PATH };
