/**
 * What the request log may hold. Never credentials or session tokens (redacted), and never query
 * strings: they carry search terms such as names and addresses, which are personal data.
 */
const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
];

interface LoggedRequest {
  method: string;
  url: string;
  ip?: string;
}

export function serializeRequest(request: LoggedRequest) {
  return { method: request.method, path: request.url.split('?')[0], remoteAddress: request.ip };
}

export function loggerOptions() {
  return { redact: LOG_REDACT_PATHS, serializers: { req: serializeRequest } };
}
