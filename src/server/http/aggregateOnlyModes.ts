/**
 * The server's half of the public wall modes: while a request says (WALL_MODE_HEADER) that it
 * comes from the leader wall or the tour, routes that answer with a person or their whereabouts
 * are refused, whatever the caller's role. The wall's REST client refuses the same calls before
 * they leave the page; this gate catches a view that forgets to (docs/decisions/0029).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  AGGREGATE_ONLY_MODES,
  PERSON_LEVEL_ROUTES,
  WALL_MODE_HEADER,
  WALL_MODES,
  type WallMode,
} from '../../shared/wallModes';
import { LocalizedError } from '../registry/accessErrors';
import { routeKey } from './routePermissions';

const PERSON_LEVEL = new Set<string>(PERSON_LEVEL_ROUTES);

/** The mode a request names: null without the header; an unknown mode is a client error. */
export function wallModeOf(request: Pick<FastifyRequest, 'headers'>): WallMode | null {
  const header = request.headers[WALL_MODE_HEADER];
  if (header === undefined) return null;
  const value = Array.isArray(header) ? header.join(',') : header;
  const mode = WALL_MODES.find((candidate) => candidate === value);
  if (mode === undefined) {
    throw new LocalizedError(400, {
      zh: `请求头 ${WALL_MODE_HEADER} 应为 ${WALL_MODES.join('、')} 之一`,
      en: `header ${WALL_MODE_HEADER} must be one of ${WALL_MODES.join(', ')}`,
    });
  }
  return mode;
}

export function registerAggregateOnlyModes(
  app: FastifyInstance,
  onRefused: (request: FastifyRequest, message: string) => Promise<unknown> = async () => {},
): void {
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    if (url?.startsWith('/api/') !== true) return;
    const mode = wallModeOf(request);
    if (mode === null || !AGGREGATE_ONLY_MODES.includes(mode)) return;
    if (!PERSON_LEVEL.has(routeKey(request.method, url))) return;
    await onRefused(request, `person-level route refused in the ${mode} mode`);
    throw new LocalizedError(403, {
      zh: '大屏和导览模式只显示汇总数据，不显示个人信息',
      en: `the ${mode} mode shows aggregates only, never a person`,
    });
  });
}
