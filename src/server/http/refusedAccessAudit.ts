/**
 * Adds to a route plugin a hook that audits every 403 its routes answer, and every 404 that
 * hides a record outside the caller's scope (recordRefusal), so a
 * probe of the register leaves a trace whatever the use case that refused it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditRepository } from '../audit/auditRepository';
import { recordRefusal } from '../audit/refusedAccess';
import { ForbiddenError, HiddenRecordError } from '../registry/accessErrors';
import { callerOf } from './authentication';

export function auditRefusedAccess(
  app: FastifyInstance,
  audit: AuditRepository,
  now: () => Date,
): void {
  app.addHook('onError', async (request, _reply, error) => {
    if (!(error instanceof ForbiddenError) && !(error instanceof HiddenRecordError)) return;
    await auditRefusal(audit, now, request, error.message);
  });
}

/** Audits one refused request (recordRefusal): who asked for which route, with the id in it. */
export function auditRefusal(
  audit: AuditRepository,
  now: () => Date,
  request: FastifyRequest,
  message: string,
): Promise<number> {
  const params = request.params as { id?: unknown } | undefined;
  return recordRefusal(
    audit,
    callerOf(request),
    {
      route: request.routeOptions.url ?? request.url,
      targetId: params?.id === undefined ? '' : String(params.id),
      message,
    },
    now(),
  );
}
