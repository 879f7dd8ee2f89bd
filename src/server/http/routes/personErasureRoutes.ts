/** DELETE /api/persons/:id: a person's deletion (admin, with a reason; audited). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { erasePerson, type PersonErasure } from '../../registry/erasePerson';
import { callerOf } from '../authentication';
import { auditRefusedAccess } from '../refusedAccessAudit';
import { IdParams } from '../requestSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

const MAX_REASON_LENGTH = 500;

export const ErasureBody = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: MAX_REASON_LENGTH,
      pattern: '\\S',
      description: 'why the person is deleted (kept in the audit log)',
    }),
  },
  { additionalProperties: false },
);

export const personErasureRoutes: FastifyPluginAsyncTypebox<
  RouteOptions & { erasure: PersonErasure }
> = async (app, { context, erasure }) => {
  auditRefusedAccess(app, context.audit, context.now);
  app.delete(
    '/persons/:id',
    {
      schema: {
        summary:
          'Delete a person from the register (PIPL erasure; admin only, with a reason; audited). History keeps the id only',
        tags: ['registry'],
        security: SESSION_SECURITY,
        params: IdParams,
        body: ErasureBody,
        response: { 204: Type.Null(), ...PRIVATE_ERRORS },
      },
    },
    async (request, reply) => {
      await erasePerson(
        erasure,
        callerOf(request),
        request.params.id,
        request.body.reason,
        context.now(),
      );
      return reply.status(204).send(null);
    },
  );
};
