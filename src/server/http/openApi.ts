/** The OpenAPI 3 document, generated from the route schemas and served at /api/openapi.json. */
import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../../shared/api';

export const OPENAPI_PATH = '/api/openapi.json';

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      // 3.1: its schemas are JSON Schema 2020-12, so nullable fields may say type 'null'.
      openapi: '3.1.0',
      info: {
        title: 'Grid governance command center API',
        version: '0.1.0',
        description:
          'ID numbers and phones are masked in every answer (last 4 characters kept); the full ' +
          'values come only from POST /api/persons/{id}/reveal, which needs a reason and is audited.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer' },
          cookieAuth: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
    },
  });
}

export function registerOpenApiRoute(app: FastifyInstance): void {
  app.get(OPENAPI_PATH, { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}
