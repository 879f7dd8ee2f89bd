/**
 * Units as volumes for a district's own 3D model (no feature ids): the volumes of a box or grid
 * subtree inside the caller's scope, and where the model is. The client resolves clicks and
 * draws highlights and theme colours from these volumes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { unitVolumesOf } from '../../../domain/geo/unitVolumes';
import type { PhotogrammetrySetting } from '../../model/photogrammetryConfig';
import type { UnitVolumes } from '../../model/unitVolumes';
import { callerOf } from '../authentication';
import { GRID_CODE_PATTERN } from '../requestSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

export interface ModelRouteOptions extends RouteOptions {
  volumes: UnitVolumes;
  photogrammetry: PhotogrammetrySetting | null;
}

/** A district's worth of buildings near the camera; the client asks again as it moves. */
export const MAX_VOLUME_BUILDINGS = 2_000;

const Longitude = Type.Number({ minimum: -180, maximum: 180 });
const Latitude = Type.Number({ minimum: -90, maximum: 90 });

const VolumeQuery = Type.Object(
  {
    west: Type.Optional(Longitude),
    south: Type.Optional(Latitude),
    east: Type.Optional(Longitude),
    north: Type.Optional(Latitude),
    gridCode: Type.Optional(Type.String({ pattern: GRID_CODE_PATTERN })),
  },
  { additionalProperties: false },
);

const UnitVolumeSchema = Type.Object({
  unitId: Type.Integer(),
  buildingId: Type.Integer(),
  floor: Type.Integer(),
  unitNo: Type.Integer(),
  rings: Type.Array(Type.Array(Type.Tuple([Type.Number(), Type.Number()])), {
    description: 'outer ring then holes, [lon, lat] WGS84, not closed',
  }),
  bottomM: Type.Number({ description: 'height of the floor above the model datum, metres' }),
  topM: Type.Number(),
});

const VolumesSchema = Type.Object({
  volumes: Type.Array(UnitVolumeSchema),
  truncated: Type.Boolean({ description: `more than ${MAX_VOLUME_BUILDINGS} buildings matched` }),
});

const PhotogrammetrySchema = Type.Object({
  configured: Type.Boolean(),
  url: Type.Optional(Type.String()),
  offset: Type.Optional(
    Type.Object({ eastM: Type.Number(), northM: Type.Number(), upM: Type.Number() }),
  ),
});

class AreaError extends Error {
  statusCode = 400;
}

export const modelRoutes: FastifyPluginAsyncTypebox<ModelRouteOptions> = async (
  app,
  { volumes, photogrammetry },
) => {
  app.get(
    '/volumes',
    {
      schema: {
        summary:
          'Unit volumes (footprint, floor base and top) of the buildings in a box or grid subtree, inside the caller scope',
        tags: ['map'],
        security: SESSION_SECURITY,
        querystring: VolumeQuery,
        response: { 200: VolumesSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => {
      const { west, south, east, north, gridCode } = request.query;
      const sides = [west, south, east, north];
      const given = sides.filter((side) => side !== undefined).length;
      if (given !== 0 && given !== 4) {
        throw new AreaError(
          'give all of west, south, east and north, or none / 范围须同时给出东南西北四个值',
        );
      }
      if (given === 0 && gridCode === undefined) {
        throw new AreaError(
          'give a box (west, south, east, north) or a gridCode / 须给出范围或网格编码',
        );
      }
      if (given === 4 && (west! > east! || south! > north!)) {
        throw new AreaError(
          'west must not exceed east, nor south north / 西不能大于东，南不能大于北',
        );
      }
      const area = {
        bbox: given === 4 ? ([west!, south!, east!, north!] as const) : null,
        gridCode: gridCode ?? null,
      };
      const { buildings, truncated } = await volumes.listVolumeBuildings(
        area,
        callerOf(request).scopes,
        MAX_VOLUME_BUILDINGS,
      );
      return { volumes: buildings.flatMap(unitVolumesOf), truncated };
    },
  );

  app.get(
    '/photogrammetry',
    {
      schema: {
        summary:
          "The district's own 3D model (3D Tiles URL and position correction), if configured",
        tags: ['map'],
        security: SESSION_SECURITY,
        response: { 200: PhotogrammetrySchema, ...PRIVATE_ERRORS },
      },
    },
    async () =>
      photogrammetry === null
        ? { configured: false }
        : { configured: true, url: photogrammetry.url, offset: photogrammetry.offset },
  );
};
