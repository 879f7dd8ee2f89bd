/**
 * The built app (SPA: unknown GET paths of the app answer index.html) and the 3D tilesets. API,
 * tileset and Cesium asset paths that do not exist answer a JSON 404, never the app's HTML, for
 * every method; a prefix with its own 404 (Open311's) answers that. This is the one not-found
 * handler: the static wildcard route hands every miss to it, whatever plugin owns the prefix.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TILESET_ROUTE } from '../../shared/tileset';

const INDEX_FILE = 'index.html';
const NOT_BUILT_MESSAGE = 'The client app is not built yet: run `npm run build`, then reload.';
const NO_FALLBACK_PREFIXES = [
  '/api/',
  `${TILESET_ROUTE}/`,
  '/cesium/',
  '/socket.io/',
  '/photogrammetry/',
];

export interface PrefixNotFound {
  /** A path prefix without the trailing slash, e.g. '/open311'. */
  prefix: string;
  answer: (request: FastifyRequest, reply: FastifyReply) => FastifyReply;
}

function pathOf(url: string): string {
  return url.split('?')[0] ?? url;
}

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

function wantsAppShell(method: string, url: string): boolean {
  const path = pathOf(url);
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (path === '/api' || NO_FALLBACK_PREFIXES.some((prefix) => path.startsWith(prefix)))
    return false;
  return true;
}

export async function registerStaticFiles(
  app: FastifyInstance,
  options: {
    staticDir: string;
    tilesetsDir: string;
    /** More folders served as they are, e.g. the district's own 3D model. */
    extraRoots?: ReadonlyArray<{ prefix: string; root: string }>;
    /** Prefixes that answer their own 404 (never the app). */
    ownNotFound?: readonly PrefixNotFound[];
  },
): Promise<void> {
  const staticRoot = resolve(options.staticDir);
  const appBuilt = existsSync(join(staticRoot, INDEX_FILE));
  if (appBuilt) {
    await app.register(fastifyStatic, { root: staticRoot, prefix: '/', wildcard: true });
  }
  const tilesetsRoot = resolve(options.tilesetsDir);
  if (existsSync(tilesetsRoot)) {
    await app.register(fastifyStatic, {
      root: tilesetsRoot,
      prefix: `${TILESET_ROUTE}/`,
      decorateReply: false,
    });
  }
  for (const extra of options.extraRoots ?? []) {
    await app.register(fastifyStatic, {
      root: resolve(extra.root),
      prefix: `${extra.prefix}/`,
      decorateReply: false,
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const path = pathOf(request.url);
    const own = options.ownNotFound?.find((entry) => isUnder(path, entry.prefix));
    if (own !== undefined) return own.answer(request, reply);
    if (!wantsAppShell(request.method, request.url)) {
      return reply.status(404).send({
        statusCode: 404,
        error: 'Not Found',
        message: `no route ${request.method} ${path}`,
      });
    }
    if (!appBuilt) return reply.type('text/plain; charset=utf-8').send(NOT_BUILT_MESSAGE);
    return reply.sendFile(INDEX_FILE, staticRoot);
  });
}
