/**
 * The tour file format (tours/*.json), checked with TypeBox when a tour is loaded: a tour that
 * does not match is refused with every problem named by its JSON path, never half played.
 * Targets are selectors resolved at run time (the demo district's ids are generated), or the
 * codes and ids the tour editor recorded.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { isGridCode } from '../../domain/gridCode';

export const TOUR_FORMAT_VERSION = 1;
/** A step shorter than this cannot be read; longer than this stalls a delegation. */
export const MIN_STEP_DURATION_S = 2;
export const MAX_STEP_DURATION_S = 600;
export const MAX_TOUR_STEPS = 100;

const Caption = Type.Object(
  {
    zh: Type.String({ minLength: 1, maxLength: 200 }),
    en: Type.String({ minLength: 1, maxLength: 300 }),
  },
  { additionalProperties: false },
);

/** Where the camera goes and what is selected. */
const Target = Type.Union([
  Type.Object({ kind: Type.Literal('district') }, { additionalProperties: false }),
  /** A grid by its code (as the editor records it). */
  Type.Object(
    { kind: Type.Literal('grid'), code: Type.String({ pattern: '^\\d{6,15}$' }) },
    { additionalProperties: false },
  ),
  /** The nth grid (1-based, by code) of a level under the grid selected before, or anywhere. */
  Type.Object(
    {
      kind: Type.Literal('grid'),
      level: Type.Integer({ minimum: 2, maximum: 4 }),
      nth: Type.Integer({ minimum: 1 }),
    },
    { additionalProperties: false },
  ),
  /** A building by id (as the editor records it). */
  Type.Object(
    { kind: Type.Literal('building'), id: Type.Integer({ minimum: 1 }) },
    { additionalProperties: false },
  ),
  /** The tallest building under the grid selected before. */
  Type.Object(
    { kind: Type.Literal('building'), pick: Type.Literal('tallest') },
    { additionalProperties: false },
  ),
  /** The incident closed most recently in the user's scope; its loop is replayed. */
  Type.Object(
    { kind: Type.Literal('incident'), pick: Type.Literal('latestClosed') },
    { additionalProperties: false },
  ),
]);

/** A camera recorded by the editor: it replaces the target's framing. */
const CameraView = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    heightM: Type.Number({ minimum: 0, maximum: 1e7 }),
    headingDeg: Type.Number({ minimum: -360, maximum: 360 }),
    pitchDeg: Type.Number({ minimum: -90, maximum: 90 }),
  },
  { additionalProperties: false },
);

/** Panels a tour may show (aggregates only; the others never appear in the tour mode). */
export const TOUR_PANELS = [
  'grid-tree',
  'legend',
  'breadcrumbs',
  'selection',
  'statistics',
] as const;

const Show = Type.Object(
  {
    heat: Type.Optional(Type.Boolean()),
    theme: Type.Optional(
      Type.Union([
        Type.Literal('none'),
        Type.Literal('occupancy'),
        Type.Literal('rental'),
        Type.Literal('elderlyAlone'),
      ]),
    ),
    panels: Type.Optional(
      Type.Array(Type.Union(TOUR_PANELS.map((panel) => Type.Literal(panel))), {
        uniqueItems: true,
      }),
    ),
  },
  { additionalProperties: false },
);

const Step = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }),
    target: Target,
    camera: Type.Optional(CameraView),
    show: Type.Optional(Show),
    caption: Caption,
    durationS: Type.Number({ minimum: MIN_STEP_DURATION_S, maximum: MAX_STEP_DURATION_S }),
  },
  { additionalProperties: false },
);

export const TourSchema = Type.Object(
  {
    version: Type.Literal(TOUR_FORMAT_VERSION),
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }),
    title: Caption,
    steps: Type.Array(Step, { minItems: 1, maxItems: MAX_TOUR_STEPS }),
  },
  { additionalProperties: false },
);

export type Tour = Static<typeof TourSchema>;
export type TourStep = Static<typeof Step>;
export type TourTarget = Static<typeof Target>;
export type TourCameraView = Static<typeof CameraView>;
export type TourShow = Static<typeof Show>;
export type TourPanel = (typeof TOUR_PANELS)[number];

/** A tour file that does not match the format; `problems` name each place (JSON pointer). */
export class TourFormatError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: ${problems.join('; ')}`);
    this.name = 'TourFormatError';
  }
}

const MAX_LISTED_PROBLEMS = 10;

/** Checks what a file holds; the tour, or TourFormatError listing what is wrong and where. */
export function parseTour(value: unknown, source: string): Tour {
  if (!Value.Check(TourSchema, value)) {
    const problems = [...Value.Errors(TourSchema, value)]
      .slice(0, MAX_LISTED_PROBLEMS)
      .map((error) => `${error.path === '' ? '/' : error.path}: ${error.message}`);
    throw new TourFormatError(source, problems);
  }
  const problems: string[] = [];
  const stepIds = new Set<string>();
  value.steps.forEach((step, index) => {
    if (stepIds.has(step.id)) problems.push(`/steps/${index}/id: "${step.id}" is used twice`);
    stepIds.add(step.id);
    if ('code' in step.target && !isGridCode(step.target.code)) {
      problems.push(`/steps/${index}/target/code: "${step.target.code}" is not a grid code`);
    }
  });
  if (problems.length > 0) throw new TourFormatError(source, problems);
  return value;
}
