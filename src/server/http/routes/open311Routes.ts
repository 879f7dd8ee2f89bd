/**
 * Open311 GeoReport v2 at /open311/v2, as the specification reads: discovery, services, service
 * definitions, requests (query and create), one request and tokens, each as `.json`, `.xml` and
 * without extension (XML, the default). Public: no session. Citizens create without a key,
 * rate-limited per client address; a partner platform's `api_key` lifts the limit and a wrong
 * key is a 403. A `jurisdiction_id` other than the district's is a 404. Every error, before or
 * in a handler, is the specification's list of {code, description} in the path's format.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { toOpen311Services, type Open311Locale } from '../../../domain/incidents/open311Mapping';
import { OPEN311_PATH } from '../../../shared/incidents';
import type { RateLimit } from '../../incidents/fixedWindowRateLimit';
import type { Open311CreateInput, Open311Service } from '../../incidents/open311Service';
import type { Open311Partners } from '../../incidents/open311Partners';
import type { ResidentReportGuard } from '../../incidents/residentReportGuard';
import { open311Discovery } from '../open311/open311Discovery';
import {
  open311MediaRoutes,
  withAbsoluteMediaUrls,
  type Open311MediaOptions,
} from './open311MediaRoutes';
import {
  mediaTypeOfSuffix,
  OPEN311_SUFFIXES,
  open311Error,
  sendOpen311,
  sendOpen311Errors,
} from '../open311/open311Format';
import {
  CreateBody,
  CreatedSchema,
  DiscoverySchema,
  LocaleQuery,
  Open311ErrorsSchema,
  RatingBody,
  RatingReceiptSchema,
  RequestsQuery,
  ServiceDefinitionSchema,
  ServiceRequestSchema,
  ServiceSchema,
  TokenAnswerSchema,
} from '../open311/open311Schemas';

/** Creates per client address per window (a citizen reports a few things, not dozens a minute). */
export const OPEN311_CREATES_PER_WINDOW = 10;
export const OPEN311_WINDOW_MS = 60_000;
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
const HTTP_SERVER_ERROR_MIN = 500;
const ID_MAX_LENGTH = 64;

export interface Open311RouteOptions {
  open311: Open311Service;
  createLimit: RateLimit;
  partners: Open311Partners;
  /** Citizens' device limit and proof of work (the resident page sends both). */
  residentGuard: ResidentReportGuard;
  /** The one jurisdiction served here (the district's code). */
  jurisdictionId: () => string;
  /** Residents' photos of their own requests (the media extension). */
  media: Omit<Open311MediaOptions, 'residentGuard'>;
}

function localeOf(query: { locale?: Open311Locale }): Open311Locale {
  return query.locale ?? 'zh';
}

function jurisdictionOf(request: FastifyRequest): unknown {
  const fromQuery = (request.query as { jurisdiction_id?: unknown } | undefined)?.jurisdiction_id;
  const body = request.body;
  const fromBody =
    typeof body === 'object' && body !== null
      ? (body as { jurisdiction_id?: unknown }).jurisdiction_id
      : undefined;
  return fromQuery ?? fromBody;
}

function notFound(request: FastifyRequest, reply: FastifyReply, what: string): FastifyReply {
  return sendOpen311Errors(request, reply, 404, open311Error(404, `${what} (未找到)`));
}

export const open311Routes: FastifyPluginAsyncTypebox<Open311RouteOptions> = async (
  app,
  { open311, createLimit, partners, residentGuard, jurisdictionId, media },
) => {
  app.addContentTypeParser(FORM_CONTENT_TYPE, { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  // Errors before a handler runs (validation, bad JSON, too large) answer in GeoReport's shape.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      error.statusCode !== undefined && error.statusCode < HTTP_SERVER_ERROR_MIN
        ? error.statusCode
        : HTTP_SERVER_ERROR_MIN;
    const serverError = status >= HTTP_SERVER_ERROR_MIN;
    if (serverError) request.log.error({ err: error }, 'open311 failed');
    const description = serverError ? 'internal error (服务器内部错误)' : error.message;
    return sendOpen311Errors(request, reply, status, open311Error(status, description));
  });
  app.addHook('preHandler', async (request, reply) => {
    const asked = jurisdictionOf(request);
    if (asked !== undefined && asked !== '' && asked !== jurisdictionId()) {
      return notFound(request, reply, `jurisdiction_id ${String(asked)} is not served here`);
    }
    return undefined;
  });
  // In this plugin's own context: its errors answer as GeoReport's, like every route here.
  await open311MediaRoutes(app, { ...media, residentGuard });
  const errorResponses = { 400: Open311ErrorsSchema, 404: Open311ErrorsSchema };
  for (const suffix of OPEN311_SUFFIXES) {
    // OpenAPI names the answer's media type; the body's shape is the same in both formats.
    const common = { tags: ['open311'], produces: [mediaTypeOfSuffix(suffix)] };
    app.get(
      `/discovery${suffix}`,
      {
        schema: {
          ...common,
          summary: 'GeoReport v2 discovery: the endpoint, its formats and contacts',
          response: { 200: DiscoverySchema },
        },
      },
      async (request, reply) => {
        const url = `${request.protocol}://${request.host}${OPEN311_PATH}`;
        return sendOpen311(request, reply, 200, 'discovery', open311Discovery(url));
      },
    );

    app.get(
      `/services${suffix}`,
      {
        schema: {
          ...common,
          summary: 'GeoReport v2 service list: our incident categories',
          querystring: Type.Object(LocaleQuery),
          response: { 200: Type.Array(ServiceSchema), ...errorResponses },
        },
      },
      async (request, reply) =>
        sendOpen311(request, reply, 200, 'services', toOpen311Services(localeOf(request.query))),
    );

    app.get(
      `/services/:service_code${suffix}`,
      {
        schema: {
          ...common,
          summary: 'GeoReport v2 service definition: the attributes a category asks',
          params: Type.Object({ service_code: Type.String({ maxLength: ID_MAX_LENGTH }) }),
          querystring: Type.Object(LocaleQuery),
          response: { 200: ServiceDefinitionSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { service_code: serviceCode } = request.params;
        const definition = open311.definition(serviceCode, localeOf(request.query));
        if (definition === null) return notFound(request, reply, `no service ${serviceCode}`);
        return sendOpen311(request, reply, 200, 'service_definition', definition);
      },
    );

    app.get(
      `/requests${suffix}`,
      {
        schema: {
          ...common,
          summary: 'GeoReport v2 query: by ids, or by service_code, status and date range',
          querystring: RequestsQuery,
          response: { 200: Type.Array(ServiceRequestSchema), ...errorResponses },
        },
      },
      async (request, reply) => {
        const answer = await open311.query(request.query, localeOf(request.query));
        return answer.ok
          ? sendOpen311(
              request,
              reply,
              200,
              'service_requests',
              withAbsoluteMediaUrls(request, answer.value),
            )
          : sendOpen311Errors(request, reply, 400, answer.errors);
      },
    );

    app.get(
      `/requests/:id${suffix}`,
      {
        schema: {
          ...common,
          summary: 'GeoReport v2: one service request (a list of one)',
          params: Type.Object({ id: Type.String({ maxLength: ID_MAX_LENGTH }) }),
          querystring: Type.Object(LocaleQuery),
          response: { 200: Type.Array(ServiceRequestSchema), ...errorResponses },
        },
      },
      async (request, reply) => {
        const found = await open311.find(request.params.id, localeOf(request.query));
        if (found === null) {
          return notFound(request, reply, `no service request ${request.params.id}`);
        }
        const [view] = withAbsoluteMediaUrls(request, [found]);
        return sendOpen311(request, reply, 200, 'service_requests', [view]);
      },
    );

    app.get(
      `/tokens/:token${suffix}`,
      {
        schema: {
          ...common,
          summary: 'GeoReport v2: the service request a create answered with this token',
          params: Type.Object({ token: Type.String({ maxLength: ID_MAX_LENGTH }) }),
          querystring: Type.Object(LocaleQuery),
          response: { 200: TokenAnswerSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const found = await open311.findByToken(request.params.token);
        if (found === null) return notFound(request, reply, 'no service request for this token');
        return sendOpen311(request, reply, 200, 'service_requests', [found]);
      },
    );

    app.post(
      `/requests${suffix}`,
      {
        schema: {
          ...common,
          summary: 'GeoReport v2 create (lat/long required; citizens rate-limited)',
          body: CreateBody,
          response: {
            201: CreatedSchema,
            ...errorResponses,
            403: Open311ErrorsSchema,
            429: Open311ErrorsSchema,
          },
        },
      },
      async (request, reply) => {
        const caller = partners.check(request.body.api_key);
        if (!caller.ok) {
          const description =
            caller.reason === 'missing'
              ? 'api_key is required (须提供 api_key)'
              : 'api_key is not valid (api_key 无效)';
          return sendOpen311Errors(request, reply, 403, open311Error(403, description));
        }
        if (caller.partner === null && !(await createLimit.tryTake(request.ip))) {
          void reply.header('retry-after', String(await createLimit.retryAfterS(request.ip)));
          const description = 'too many requests, try again later (请求过于频繁，请稍后再试)';
          return sendOpen311Errors(request, reply, 429, open311Error(429, description));
        }
        if (caller.partner === null) {
          const verdict = await residentGuard.check(request.body);
          if (!verdict.ok) {
            if (verdict.retryAfterS !== undefined) {
              void reply.header('retry-after', String(verdict.retryAfterS));
            }
            const error = open311Error(verdict.status, verdict.description);
            return sendOpen311Errors(request, reply, verdict.status, error);
          }
        }
        const answer = await open311.create(request.body as Open311CreateInput, caller.partner);
        if (!answer.ok) return sendOpen311Errors(request, reply, 400, answer.errors);
        const receipt = { ...answer.value, service_notice: '', account_id: null };
        return sendOpen311(request, reply, 201, 'service_requests', [receipt]);
      },
    );

    app.post(
      `/requests/:id/rating${suffix}`,
      {
        schema: {
          ...common,
          summary:
            'Extension (not GeoReport v2): the reporter rates a closed request once — a partner ' +
            'with its api_key, a citizen with the token its create answered with',
          params: Type.Object({ id: Type.String({ maxLength: ID_MAX_LENGTH }) }),
          body: RatingBody,
          response: {
            200: RatingReceiptSchema,
            ...errorResponses,
            403: Open311ErrorsSchema,
            409: Open311ErrorsSchema,
          },
        },
      },
      async (request, reply) => {
        const caller = partners.check(request.body.api_key);
        if (!caller.ok && caller.reason === 'unknown') {
          const error = open311Error(403, 'api_key is not valid (api_key 无效)');
          return sendOpen311Errors(request, reply, 403, error);
        }
        const partner = caller.ok ? caller.partner : null;
        const answer = await open311.rate(request.params.id, request.body, partner);
        if (!answer.ok) {
          return sendOpen311Errors(request, reply, answer.status ?? 400, answer.errors);
        }
        return sendOpen311(request, reply, 200, 'service_requests', [answer.value]);
      },
    );
  }
};

export { OPEN311_PATH };
