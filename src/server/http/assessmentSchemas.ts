/** Request and response schemas of the assessment routes (src/shared/assessment.ts). */
import { Type } from '@sinclair/typebox';
import { DEDUCTION_KINDS, INDICATOR_CODES } from '../../domain/assessment/assessmentScheme';
import { SUBJECT_LEVELS } from '../../domain/assessment/scoreAssessment';
import { GRID_CODE_PATTERN } from './requestSchemas';

const Count = Type.Integer({ minimum: 0 });
const Share = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const DAY_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

export const AssessmentQuerySchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('month'), Type.Literal('quarter'), Type.Literal('custom')]),
    month: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM' })),
    quarter: Type.Optional(Type.String({ pattern: '^\\d{4}-Q[1-4]$', description: 'YYYY-Qn' })),
    from: Type.Optional(
      Type.String({ pattern: DAY_PATTERN, description: 'first day, YYYY-MM-DD' }),
    ),
    to: Type.Optional(Type.String({ pattern: DAY_PATTERN, description: 'last day, included' })),
  },
  { additionalProperties: false },
);

const IndicatorsSchema = Type.Object({
  reported: Count,
  deadlinesJudged: Count,
  deadlinesMet: Count,
  onTimeRate: Share,
  overdueCount: Count,
  feedbacksJudged: Count,
  reworkedIncidents: Count,
  reworkRate: Share,
  evaluations: Count,
  satisfaction: NullableNumber,
  foundByWorkers: Count,
  foundShare: Share,
  patrolCoverage: Share,
  responses: Count,
  responseMeanMs: NullableNumber,
  responseOnTimeShare: Share,
});

const SubjectScoreSchema = Type.Object({
  key: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  rank: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  score: NullableNumber,
  baseScore: NullableNumber,
  deductionPoints: Type.Number({ minimum: 0 }),
  indicators: IndicatorsSchema,
  deductions: Type.Array(
    Type.Object({
      kind: Type.Union(DEDUCTION_KINDS.map((kind) => Type.Literal(kind))),
      count: Count,
      points: Type.Number({ minimum: 0 }),
      incidentIds: Type.Array(Type.String()),
    }),
  ),
});

export const AssessmentReportSchema = Type.Object({
  period: Type.Object({
    label: Type.String(),
    firstDay: Type.String(),
    lastDay: Type.String(),
    startMs: Type.Integer(),
    endMs: Type.Integer(),
  }),
  complete: Type.Boolean(),
  asOfMs: Type.Integer(),
  patrolFixesFromMs: Type.Integer(),
  scheme: Type.Object({ version: Type.Integer(), effectiveFrom: Type.String() }),
  rankings: Type.Object(
    Object.fromEntries(SUBJECT_LEVELS.map((level) => [level, Type.Array(SubjectScoreSchema)])),
  ),
});

const Points = Type.Number({ minimum: 0, maximum: 100 });

/** The scheme's shape; ranges and the weight sum are the domain's validateAssessmentScheme. */
export const AssessmentSchemeSchema = Type.Object(
  {
    weights: Type.Object(Object.fromEntries(INDICATOR_CODES.map((code) => [code, Type.Number()])), {
      additionalProperties: false,
    }),
    targets: Type.Object(
      {
        workerFoundShare: Type.Number(),
        workerFoundPer30Days: Type.Number(),
        patrolCoverageShare: Type.Number(),
        responseMinutes: Type.Number(),
        lowSatisfactionAtMost: Type.Number(),
      },
      { additionalProperties: false },
    ),
    deductions: Type.Object(
      Object.fromEntries(
        DEDUCTION_KINDS.map((kind) => [
          kind,
          Type.Object(
            { pointsEach: Type.Number(), maxPoints: Type.Union([Points, Type.Null()]) },
            { additionalProperties: false },
          ),
        ]),
      ),
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

const SchemeVersionSchema = Type.Object({
  version: Type.Integer(),
  effectiveFrom: Type.String(),
  scheme: AssessmentSchemeSchema,
  createdBy: Type.String(),
  createdAtMs: Type.Integer(),
});

export const SchemeVersionsSchema = Type.Object({
  today: Type.String(),
  inForceVersion: Type.Union([Type.Integer(), Type.Null()]),
  versions: Type.Array(SchemeVersionSchema),
});

export const CreateSchemeVersionSchema = Type.Object(
  {
    effectiveFrom: Type.String({ pattern: DAY_PATTERN, description: 'YYYY-MM-DD, after today' }),
    scheme: AssessmentSchemeSchema,
  },
  { additionalProperties: false },
);

export { SchemeVersionSchema };

export const AreaScoreQuerySchema = Type.Object(
  {
    gridCode: Type.Optional(
      Type.String({
        pattern: GRID_CODE_PATTERN,
        description: 'district, street, community or base grid; left out: the whole scope',
      }),
    ),
    month: Type.Optional(
      Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM; left out: last month' }),
    ),
  },
  { additionalProperties: false },
);

const AreaScoreEntrySchema = Type.Object({
  gridCode: Type.String(),
  level: Type.Union([Type.Literal('street'), Type.Literal('community'), Type.Literal('grid')]),
  score: NullableNumber,
  baseScore: NullableNumber,
  deductionPoints: Type.Number({ minimum: 0 }),
  rank: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  siblings: Count,
  indicators: IndicatorsSchema,
  deductions: Type.Array(
    Type.Object({
      kind: Type.Union(DEDUCTION_KINDS.map((kind) => Type.Literal(kind))),
      count: Count,
      points: Type.Number({ minimum: 0 }),
    }),
  ),
});

/** Aggregates only: the serializer drops any field not named here (no names, no incidents). */
export const AreaScoreSchema = Type.Object({
  gridCode: Type.Union([Type.String(), Type.Null()]),
  period: Type.Object({ label: Type.String(), firstDay: Type.String(), lastDay: Type.String() }),
  complete: Type.Boolean(),
  scheme: Type.Object({ version: Type.Integer() }),
  area: Type.Union([AreaScoreEntrySchema, Type.Null()]),
  children: Type.Array(AreaScoreEntrySchema),
});
