/**
 * Headers on every answer. The CSP allows only this origin: Cesium needs 'unsafe-eval' (its
 * widgets bind with knockout, which compiles bindings with new Function), blob: workers and
 * WebAssembly; images and fonts may be data:/blob: URLs. API answers are never cached. socket.io
 * answers (engine.io writes them itself, outside Fastify) get the same headers and no-store.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const NO_STORE = 'no-store';

const STATIC_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(STATIC_HEADERS)) void reply.header(name, value);
    if (request.url.startsWith('/api/')) void reply.header('cache-control', NO_STORE);
    return payload;
  });
}

/** The same headers on a raw Node response, before its writer sets its own. */
export function setSecurityHeaders(response: ServerResponse): void {
  for (const [name, value] of Object.entries(STATIC_HEADERS)) response.setHeader(name, value);
  response.setHeader('cache-control', NO_STORE);
}
