/**
 * The Fastify app every route is registered on, and what applies to all its routes: cookies,
 * compression, security headers, the error answers, the session check, each route's permission
 * and the wall modes (refusals audited), the OpenAPI document. Wiring only.
 */
import fastifyCookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyRequest } from 'fastify';
import type { AuditRepository } from '../audit/auditRepository';
import type { SessionService } from '../auth/sessionService';
import { registerAggregateOnlyModes } from './aggregateOnlyModes';
import { registerAuthentication } from './authentication';
import { registerCompression } from './compression';
import { registerErrorHandler } from './errorHandler';
import { loggerOptions } from './logging';
import { registerOpenApi } from './openApi';
import { auditRefusal } from './refusedAccessAudit';
import { registerRoutePermissions } from './routePermissions';
import { registerSecurityHeaders } from './securityHeaders';
import { formatValidationErrors, validatorCompiler } from './validation';

/** Request bodies here are tiny (login, reveal reason); anything large is a mistake or abuse. */
const BODY_LIMIT_BYTES = 16 * 1024;

export type HttpApp = ReturnType<typeof createHttpApp>;

/** The bare app: no plugin registered yet, so that it can be closed from the first step on. */
export function createHttpApp(options: { trustProxy: boolean | string; logger: boolean }) {
  const app = Fastify({
    trustProxy: options.trustProxy,
    logger: options.logger ? loggerOptions() : false,
    bodyLimit: BODY_LIMIT_BYTES,
    schemaErrorFormatter: formatValidationErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  return app;
}

/** What every route gets, registered before the first route. */
export async function registerAppPlugins(
  app: HttpApp,
  deps: { sessions: SessionService; audit: AuditRepository; now: () => Date },
): Promise<void> {
  await app.register(fastifyCookie);
  await registerCompression(app);
  registerSecurityHeaders(app);
  registerErrorHandler(app);
  registerAuthentication(app, deps.sessions);
  // A refusal by role or by wall mode is audited like one by scope: who asked for what.
  const onRefused = (request: FastifyRequest, message: string) =>
    auditRefusal(deps.audit, deps.now, request, message);
  registerRoutePermissions(app, onRefused);
  registerAggregateOnlyModes(app, onRefused);
  await registerOpenApi(app);
}
