/**
 * GeoReport v2 formats: every endpoint answers `.json`, `.xml`, and XML when the path has no
 * extension (the specification's default). The format is read from the path alone, so a route,
 * an error before the handler and a 404 all answer alike. Errors are the specification's list of
 * {code, description} (XML: <errors><error>…</error></errors>).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Open311Error } from '../../../domain/incidents/open311Intake';
import { toXmlDocument, type XmlValue } from './xmlDocument';

export type Open311Format = 'json' | 'xml';

/** The path endings each endpoint is registered with. */
export const OPEN311_SUFFIXES = ['', '.xml', '.json'] as const;
const XML_MEDIA_TYPE = 'text/xml';
const JSON_MEDIA_TYPE = 'application/json';
const JSON_CONTENT_TYPE = `${JSON_MEDIA_TYPE}; charset=utf-8`;
const XML_CONTENT_TYPE = `${XML_MEDIA_TYPE}; charset=utf-8`;
/** What discovery lists as our formats. */
export const OPEN311_MEDIA_TYPES = [XML_MEDIA_TYPE, JSON_MEDIA_TYPE];

/** The specification's element names: a list element and each of its items. */
const ITEM_TAGS: Readonly<Record<string, string>> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

function itemTagOf(listTag: string): string {
  const tag = ITEM_TAGS[listTag];
  if (tag === undefined) throw new Error(`no item element known for <${listTag}>`);
  return tag;
}

export function mediaTypeOfSuffix(suffix: (typeof OPEN311_SUFFIXES)[number]): string {
  return suffix === '.json' ? JSON_MEDIA_TYPE : XML_MEDIA_TYPE;
}

export function formatOfUrl(url: string): Open311Format {
  const path = url.split('?')[0] ?? url;
  return path.endsWith('.json') ? 'json' : 'xml';
}

/**
 * Sends `body` in the request's format; `rootTag` names the XML document element (services,
 * service_requests, service_definition, discovery, errors).
 */
export function sendOpen311(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  rootTag: string,
  body: unknown,
): FastifyReply {
  void reply.status(status);
  if (formatOfUrl(request.url) === 'json') return reply.type(JSON_CONTENT_TYPE).send(body);
  return reply.type(XML_CONTENT_TYPE).send(toXmlDocument(rootTag, body as XmlValue, itemTagOf));
}

export function sendOpen311Errors(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  errors: readonly Open311Error[],
): FastifyReply {
  return sendOpen311(request, reply, status, 'errors', errors);
}

export function open311Error(status: number, description: string): Open311Error[] {
  return [{ code: status, description }];
}

/** Unknown paths and methods under /open311: a 404 in the specification's shape. */
export function sendOpen311NotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0] ?? request.url;
  return sendOpen311Errors(
    request,
    reply,
    404,
    open311Error(404, `no such Open311 endpoint: ${request.method} ${path} (无此接口)`),
  );
}
