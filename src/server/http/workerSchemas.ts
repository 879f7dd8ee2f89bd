/**
 * Request and response schemas of the worker routes (workers, the worker card, replay tracks,
 * user scopes). Responses list every property they may carry: the serializer drops the rest, so
 * a worker's phone could not slip out even if a view gained it.
 */
import { Type } from '@sinclair/typebox';
import { WORKER_STATUSES } from '../../domain/tracking/fix';
import { MAX_REPLAY_POINTS, MAX_REPLAY_WORKERS } from '../../shared/tracking';
import { GRID_CODE_PATTERN } from './requestSchemas';

const MAX_WORKER_ID = 2 ** 32 - 1;
const MAX_USERNAME_LENGTH = 64;
const MAX_SCOPES = 100;
const MIN_REPLAY_POINTS = 2;
/** The largest time a JavaScript Date holds (ECMA-262 §21.4.1.1). */
const MAX_DATE_MS = 8.64e15;

const WorkerStatusSchema = Type.Union(WORKER_STATUSES.map((status) => Type.Literal(status)));
const LonLatTimeSchema = Type.Object({
  fixTimeMs: Type.Number(),
  lon: Type.Number(),
  lat: Type.Number(),
});
const WorkerStopSchema = Type.Object({
  startMs: Type.Number(),
  endMs: Type.Number(),
  lon: Type.Number(),
  lat: Type.Number(),
});

export const WorkerSummarySchema = Type.Object({
  workerId: Type.Integer(),
  displayName: Type.String({ description: 'masked ("张*") without the reveal permission' }),
  gridCodes: Type.Array(Type.String()),
  gridNames: Type.Array(Type.String()),
  status: WorkerStatusSchema,
  lastFix: Type.Union([LonLatTimeSchema, Type.Null()]),
});

export const WorkerTodaySchema = Type.Object({
  worker: WorkerSummarySchema,
  dayStartMs: Type.Number(),
  fixCount: Type.Integer(),
  distanceWalkedM: Type.Number(),
  patrolCoverage: Type.Number({ minimum: 0, maximum: 1 }),
  walkedStreetM: Type.Number(),
  gridStreetM: Type.Number(),
  stops: Type.Array(WorkerStopSchema),
});

export const TracksResponseSchema = Type.Object({
  fromMs: Type.Number(),
  toMs: Type.Number(),
  tracks: Type.Array(
    Type.Object({
      workerId: Type.Integer(),
      displayName: Type.String(),
      points: Type.Array(LonLatTimeSchema),
      stops: Type.Array(WorkerStopSchema),
      storedCount: Type.Integer(),
      downsampled: Type.Boolean(),
    }),
  ),
});

export const UserScopesSchema = Type.Object({
  username: Type.String(),
  scopes: Type.Array(Type.String()),
});

export const WorkersQuery = Type.Object(
  {
    grid: Type.Optional(
      Type.String({ pattern: GRID_CODE_PATTERN, description: 'grid code prefix' }),
    ),
  },
  { additionalProperties: false },
);

export const WorkerIdParams = Type.Object(
  { workerId: Type.Integer({ minimum: 1, maximum: MAX_WORKER_ID }) },
  { additionalProperties: false },
);

export const TracksQuery = Type.Object(
  {
    workerIds: Type.String({
      // Decimal ids without leading zeros: one spelling per id (see strictIntegers.ts).
      pattern: `^[1-9]\\d{0,9}(,[1-9]\\d{0,9}){0,${MAX_REPLAY_WORKERS - 1}}$`,
      description: `comma-separated worker ids, at most ${MAX_REPLAY_WORKERS}`,
    }),
    fromMs: Type.Integer({
      minimum: 0,
      maximum: MAX_DATE_MS,
      description: 'range start, epoch ms (inclusive)',
    }),
    toMs: Type.Integer({
      minimum: 0,
      maximum: MAX_DATE_MS,
      description: 'range end, epoch ms (inclusive)',
    }),
    maxPoints: Type.Optional(
      Type.Integer({ minimum: MIN_REPLAY_POINTS, maximum: MAX_REPLAY_POINTS }),
    ),
  },
  { additionalProperties: false },
);

export const UsernameParams = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: MAX_USERNAME_LENGTH }) },
  { additionalProperties: false },
);

export const UpdateScopesBody = Type.Object(
  {
    scopes: Type.Array(Type.String({ pattern: GRID_CODE_PATTERN }), { maxItems: MAX_SCOPES }),
  },
  { additionalProperties: false },
);
