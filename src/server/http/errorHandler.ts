/**
 * Errors become `{statusCode, error, message}`. Use-case outcomes map to 401/403/404; server
 * faults answer a generic 500 (details go to the log only, never to the client).
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { LoginRejected } from '../auth/sessionService';
import { ForbiddenError, NotFoundError } from '../registry/accessErrors';
import { SearchUnavailableError } from '../registry/residentSearcher';
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
  503: 'Service Unavailable',
};

const HTTP_CLIENT_ERROR_MIN = 400;
const HTTP_SERVER_ERROR_MIN = 500;

function statusOf(error: FastifyError | Error): number {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof SearchUnavailableError) return 503;
  if (error instanceof LoginRejected) return error.reason === 'locked' ? 429 : 401;
  if ('validation' in error && error.validation !== undefined) return 400;
  const status = 'statusCode' in error ? error.statusCode : undefined;
  return status !== undefined && status >= HTTP_CLIENT_ERROR_MIN && status < HTTP_SERVER_ERROR_MIN
    ? status
    : 500;
}

/** Seconds until a retry may succeed, when the refusal knows (login lockout, reveal limit). */
function retryAfterOf(error: Error): number | null {
  const value = 'retryAfterS' in error ? error.retryAfterS : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.ceil(value) : null;
}

/** The refusal in zh and en, when the use case gave both. */
function messagesOf(error: Error): { zh: string; en: string } | null {
  const value = 'messages' in error ? error.messages : undefined;
  if (typeof value !== 'object' || value === null) return null;
  const { zh, en } = value as Record<string, unknown>;
  return typeof zh === 'string' && typeof en === 'string' ? { zh, en } : null;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const statusCode = statusOf(error);
    // A 503 is load, not a fault: its message says what to do and holds nothing internal.
    const fault = statusCode >= HTTP_SERVER_ERROR_MIN && statusCode !== 503;
    if (fault) request.log.error({ err: error }, 'request failed');
    const message = fault ? 'internal error' : error.message;
    const retryAfterS = statusCode === 429 ? retryAfterOf(error) : null;
    if (retryAfterS !== null) void reply.header('retry-after', String(retryAfterS));
    const messages = statusCode < HTTP_SERVER_ERROR_MIN ? messagesOf(error) : null;
    return reply.status(statusCode).send({
      statusCode,
      error: STATUS_TEXT[statusCode] ?? 'Error',
      message,
      ...(messages === null ? {} : { messages }),
    });
  });
}
