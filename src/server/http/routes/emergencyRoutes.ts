/**
 * The emergency module's plume assessment: threat zones of a release and, per zone, the
 * residents of the caller's scope living in buildings inside it, as counts. The rules are the
 * domain's (src/domain/emergency); the schemas only shape the wire, the domain refuses values.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AEGL_TIERS } from '../../../domain/emergency/chemicals';
import { AGE_BANDS, VULNERABILITY_TAGS } from '../../../domain/emergency/residentsAtRisk';
import { API_PREFIX } from '../../../shared/api';
import { PLUME_ASSESSMENT_PATH } from '../../../shared/emergency';
import { assessPlume, type EmergencyRepository } from '../../emergency/plumeAssessment';
import { callerOf } from '../authentication';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

export interface EmergencyRouteOptions extends RouteOptions {
  emergency: EmergencyRepository;
}

const MAX_NAME_LENGTH = 80;

const ReleaseSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('continuous'),
      rateGPerS: Type.Number({ description: 'release rate, g/s' }),
      durationS: Type.Optional(Type.Number({ description: 'release duration, s' })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('instantaneous'),
      massKg: Type.Number({ description: 'mass released at once, kg' }),
    },
    { additionalProperties: false },
  ),
]);

export const PlumeAssessmentBody = Type.Object(
  {
    substance: Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH }),
    release: ReleaseSchema,
    releaseHeightM: Type.Optional(Type.Number()),
    source: Type.Object(
      { lon: Type.Number(), lat: Type.Number() },
      { additionalProperties: false },
    ),
    windMs: Type.Number({ description: 'wind speed at 10 m, m/s' }),
    windFromDeg: Type.Optional(Type.Number({ description: 'where the wind comes FROM, degrees' })),
    stability: Type.Optional(Type.String({ maxLength: 1, description: 'Pasquill–Gifford A–F' })),
    weather: Type.Optional(
      Type.Object(
        {
          cloudCoverTenths: Type.Number(),
          ceilingM: Type.Optional(Type.Number()),
          atMs: Type.Optional(Type.Integer({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
    ),
    terrain: Type.Optional(Type.String({ maxLength: MAX_NAME_LENGTH })),
    exposureMin: Type.Optional(
      Type.Integer({ description: 'AEGL duration: 10, 30, 60, 240, 480' }),
    ),
  },
  { additionalProperties: false },
);

const counts = (keys: readonly string[]) =>
  Type.Object(Object.fromEntries(keys.map((key) => [key, Type.Integer({ minimum: 0 })])));
const nullableNumber = Type.Union([Type.Number(), Type.Null()]);

const ZoneAssessmentSchema = Type.Object({
  tier: Type.Union(AEGL_TIERS.map((tier) => Type.Literal(tier))),
  ppm: nullableNumber,
  maxDistanceM: nullableNumber,
  maxHalfWidthM: nullableNumber,
  arrivalAtMaxDistanceS: nullableNumber,
  truncated: Type.Boolean(),
  polygon: Type.Union([
    Type.Object({
      type: Type.Literal('Polygon'),
      coordinates: Type.Array(Type.Array(Type.Array(Type.Number()))),
    }),
    Type.Null(),
  ]),
  buildings: Type.Integer({ minimum: 0 }),
  residents: Type.Integer({ minimum: 0 }),
  byAgeBand: counts(AGE_BANDS.map((band) => band.code)),
  byTag: counts(VULNERABILITY_TAGS),
});

export const PlumeAssessmentSchema = Type.Object({
  substance: Type.Object({
    id: Type.String(),
    nameZh: Type.String(),
    nameEn: Type.String(),
    casNumber: Type.String(),
  }),
  stability: Type.String(),
  stabilitySource: Type.Union([Type.Literal('entered'), Type.Literal('turner')]),
  terrain: Type.String(),
  exposureMin: Type.Integer(),
  windMs: Type.Number(),
  windFromDeg: Type.Number(),
  zones: Type.Array(ZoneAssessmentSchema),
  buildings: Type.Array(
    Type.Tuple([
      Type.Integer({ description: 'building id' }),
      Type.Integer({ description: 'zone bits: bit i for zones[i]' }),
      Type.Integer({ description: 'seconds until the gas front arrives' }),
    ]),
  ),
});

/** Paths relative to the API prefix this plugin is registered under. */
const relative = (path: string) => path.slice(API_PREFIX.length);

export const emergencyRoutes: FastifyPluginAsyncTypebox<EmergencyRouteOptions> = async (
  app,
  { context, emergency },
) => {
  app.post(
    relative(PLUME_ASSESSMENT_PATH),
    {
      schema: {
        summary:
          'Threat zones of a toxic release (Gaussian plume or puff, AEGL tiers) and the residents of the caller scope inside each, as counts',
        tags: ['emergency'],
        security: SESSION_SECURITY,
        body: PlumeAssessmentBody,
        response: { 200: PlumeAssessmentSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => assessPlume(emergency, callerOf(request), request.body, context.now()),
  );
};
