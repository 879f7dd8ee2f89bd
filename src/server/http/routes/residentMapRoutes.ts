/**
 * The resident page's map (decision 0032), public like the page itself: the district's boundary
 * and its base map (roads, blocks, water, green — geography only, nothing of any person), so a
 * resident whose phone gives no position picks it on a map that needs nothing from elsewhere.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { GRID_LEVELS } from '../../../domain/registry';
import { API_PREFIX } from '../../../shared/api';
import { RESIDENT_MAP_API_PATH, type ResidentMap } from '../../../shared/residentMap';
import { NotFoundError } from '../../registry/accessErrors';
import { getAppConfig, getBasemap } from '../../registry/mapQueries';
import { BasemapSchema, ErrorResponse } from '../responseSchemas';
import type { RouteOptions } from '../serverContext';

const Position = Type.Array(Type.Unknown());

const ResidentMapSchema = Type.Object({
  districtName: Type.String(),
  districtNameEn: Type.String(),
  boundary: Type.Object({ type: Type.String(), coordinates: Type.Array(Position) }),
  bbox: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]),
  center: Type.Object({ lon: Type.Number(), lat: Type.Number() }),
  basemap: BasemapSchema,
});

export const residentMapRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (
  app,
  { context },
) => {
  const { registry } = context;
  app.get(
    RESIDENT_MAP_API_PATH.slice(API_PREFIX.length),
    {
      config: { public: true },
      schema: {
        summary: "The resident page's map: the district's boundary and base map (public)",
        tags: ['map'],
        response: { 200: ResidentMapSchema, 404: ErrorResponse },
      },
    },
    async (): Promise<ResidentMap> => {
      const config = await getAppConfig(registry);
      const district =
        (await registry.findGrid(config.districtCode)) ??
        (await registry.listGrids()).find((grid) => grid.level === GRID_LEVELS.district);
      if (district === undefined) throw new NotFoundError('district');
      return {
        districtName: config.districtName,
        districtNameEn: config.districtNameEn,
        boundary: district.polygon,
        bbox: config.bbox,
        center: config.center,
        basemap: await getBasemap(registry),
      };
    },
  );
};
