/**
 * Errors become `{statusCode, error, message}`. Use-case outcomes map to 401/403/404; server
 * faults answer a generic 500 (details go to the log only, never to the client).
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { LoginRejected } from '../auth/sessionService';
import { ForbiddenError, NotFoundError } from '../registry/accessErrors';
import { UnauthorizedError } from './authentication';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

const HTTP_CLIENT_ERROR_MIN = 400;
const HTTP_SERVER_ERROR_MIN = 500;

function statusOf(error: FastifyError | Error): number {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof LoginRejected) return error.reason === 'locked' ? 429 : 401;
  if ('validation' in error && error.validation !== undefined) return 400;
  const status = 'statusCode' in error ? error.statusCode : undefined;
  return status !== undefined && status >= HTTP_CLIENT_ERROR_MIN && status < HTTP_SERVER_ERROR_MIN
    ? status
    : 500;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const statusCode = statusOf(error);
    if (statusCode >= HTTP_SERVER_ERROR_MIN) request.log.error({ err: error }, 'request failed');
    const message = statusCode >= HTTP_SERVER_ERROR_MIN ? 'internal error' : error.message;
    return reply
      .status(statusCode)
      .send({ statusCode, error: STATUS_TEXT[statusCode] ?? 'Error', message });
  });
}
