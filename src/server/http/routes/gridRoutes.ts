/** Start-up config, the grid tree, grid summaries and buildings, base map, unit themes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { getBasemap, getAppConfig } from '../../registry/mapQueries';
import { getGridSummary, listGridBuildings, listGridNodes } from '../../registry/gridQueries';
import { getUnitThemes } from '../../registry/themeQueries';
import { callerOf } from '../authentication';
import { GridCodeParams, PageQuery, ThemeQuery } from '../requestSchemas';
import {
  AppConfigSchema,
  BasemapSchema,
  BuildingListItemSchema,
  GridNodeSchema,
  GridSummarySchema,
  UnitThemeColumnsSchema,
  pageOf,
} from '../responseSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

export const gridRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { context }) => {
  const { registry } = context;

  app.get(
    '/config',
    {
      schema: {
        summary: 'District, extent and tileset URL the client starts from',
        tags: ['map'],
        security: SESSION_SECURITY,
        response: { 200: AppConfigSchema, ...PRIVATE_ERRORS },
      },
    },
    async () => getAppConfig(registry),
  );

  app.get(
    '/grids',
    {
      schema: {
        summary: 'The whole grid tree with polygons (geometry only, no personal data)',
        tags: ['grids'],
        security: SESSION_SECURITY,
        response: { 200: Type.Array(GridNodeSchema), ...PRIVATE_ERRORS },
      },
    },
    async () => listGridNodes(registry),
  );

  app.get(
    '/grids/:code',
    {
      schema: {
        summary:
          'One grid with counts inside the caller scope (403 when the scope does not touch it)',
        tags: ['grids'],
        security: SESSION_SECURITY,
        params: GridCodeParams,
        response: { 200: GridSummarySchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => getGridSummary(registry, callerOf(request), request.params.code),
  );

  app.get(
    '/grids/:code/buildings',
    {
      schema: {
        summary: 'Buildings of a grid subtree that lie inside the caller scope, paged',
        tags: ['grids'],
        security: SESSION_SECURITY,
        params: GridCodeParams,
        querystring: PageQuery,
        response: { 200: pageOf(BuildingListItemSchema), ...PRIVATE_ERRORS },
      },
    },
    async (request) =>
      listGridBuildings(registry, callerOf(request), request.params.code, request.query),
  );

  app.get(
    '/basemap',
    {
      schema: {
        summary: 'The district base map: roads, blocks, water, green (GeoJSON)',
        tags: ['map'],
        security: SESSION_SECURITY,
        response: { 200: BasemapSchema, ...PRIVATE_ERRORS },
      },
    },
    async () => getBasemap(registry),
  );

  app.get(
    '/themes/units',
    {
      schema: {
        summary:
          'Per-unit figures for colouring the 3D view (parallel columns), inside the caller scope',
        tags: ['map'],
        security: SESSION_SECURITY,
        querystring: ThemeQuery,
        response: { 200: UnitThemeColumnsSchema, ...PRIVATE_ERRORS },
      },
      // Millions of plain numbers: JSON.stringify is many times faster here than the
      // schema-compiled serializer, and there is nothing to strip (no personal fields).
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request) =>
      getUnitThemes(
        registry,
        context.unitThemes,
        callerOf(request),
        request.query.gridCode ?? null,
      ),
  );
};
