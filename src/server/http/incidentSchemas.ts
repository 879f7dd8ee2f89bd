/**
 * TypeBox schemas of the incident API (src/shared/incidents.ts): they validate what dispatchers
 * send, document the API in /api/openapi.json, and drive serialization, which drops anything not
 * listed here.
 */
import { Type, type TLiteral } from '@sinclair/typebox';
import {
  INCIDENT_ACTIONS,
  INCIDENT_ROLES,
  INCIDENT_SOURCES,
  INCIDENT_STATES,
} from '../../domain/incidents/incident';
import { INCIDENT_PRIORITIES } from '../../domain/incidents/incidentCategories';
import {
  MAX_EVALUATION_SCORE,
  MIN_EVALUATION_SCORE,
} from '../../domain/incidents/validateIncidentCommand';
import { OPEN311_MAX_DESCRIPTION_CHARS } from '../../domain/incidents/open311Intake';
import { REPORTER_CHANNELS, SATISFACTION_RATINGS } from '../../domain/incidents/reporterAnswer';
import { WORKER_STATUSES } from '../../domain/tracking/fix';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../shared/api';
import { GRID_CODE_PATTERN } from './requestSchemas';

const MAX_NOTE_LENGTH = 2000;
const MAX_ATTACHMENTS = 10;
const MAX_NAME_LENGTH = 200;
const MAX_URL_LENGTH = 2000;
const MAX_DEPARTMENT_LENGTH = 100;
const MAX_SUGGESTIONS = 50;
const MAX_PAGE_NUMBER = 1_000_000;

export function literals<T extends string>(values: readonly T[]) {
  return Type.Union(values.map((value) => Type.Literal(value)) as Array<TLiteral<T>>);
}

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const LonLatSchema = Type.Object({ lon: Type.Number(), lat: Type.Number() });
const StateSchema = literals(INCIDENT_STATES);
const ActionSchema = literals(INCIDENT_ACTIONS);
const PrioritySchema = literals(INCIDENT_PRIORITIES);
const LocalizedTextSchema = Type.Object({ zh: Type.String(), en: Type.String() });

export const AttachmentSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH }),
    mime: Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH }),
    url: Type.String({ pattern: '^https?://', maxLength: MAX_URL_LENGTH }),
  },
  { additionalProperties: false, description: 'metadata only: the file lives at url' },
);

const TransitionSchema = Type.Object({
  action: Type.Union([ActionSchema, Type.Literal('report')]),
  fromState: Type.Union([StateSchema, Type.Null()]),
  toState: StateSchema,
  actor: Type.Object({ username: Type.String(), role: literals(INCIDENT_ROLES) }),
  atMs: Type.Number(),
  note: Type.String(),
  attachments: Type.Array(AttachmentSchema),
});

const EscalationSchema = Type.Object({
  incidentId: Type.String(),
  fromLevelCode: Type.String(),
  toLevelCode: Type.String(),
  atMs: Type.Number(),
});

const DeadlineStateSchema = Type.Object({
  phase: literals(['not_started', 'on_track', 'near_deadline', 'overdue', 'met', 'missed']),
  dispatchedAtMs: NullableNumber,
  dueAtMs: NullableNumber,
  allowedMs: NullableNumber,
  remainingMs: NullableNumber,
});

const snapshotProperties = {
  id: Type.String(),
  categoryCode: Type.String(),
  priority: PrioritySchema,
  source: literals(INCIDENT_SOURCES),
  location: LonLatSchema,
  gridCode: Type.String(),
  description: Type.String(),
  state: StateSchema,
  department: NullableString,
  assigneeUsername: NullableString,
  reportedAtMs: Type.Number(),
  dispatchedAtMs: NullableNumber,
  dueAtMs: NullableNumber,
  evaluationScore: NullableNumber,
  escalations: Type.Array(EscalationSchema),
};

export const IncidentSnapshotSchema = Type.Object(snapshotProperties);

export const IncidentListItemSchema = Type.Object({
  ...snapshotProperties,
  deadline: DeadlineStateSchema,
  responsibleGridCode: Type.String(),
});

const ArrivalSchema = Type.Object({
  incidentId: Type.String(),
  workerId: Type.Integer(),
  assigneeUsername: Type.String(),
  arrivedAtMs: Type.Number(),
  confirmedAtMs: Type.Number(),
});

export const SatisfactionRatingSchema = literals(SATISFACTION_RATINGS);

/** The reporter's satisfaction with a closed incident, once recorded (decision 0026). */
export const ReporterRatingSchema = Type.Union([
  Type.Object({
    rating: SatisfactionRatingSchema,
    channel: literals(REPORTER_CHANNELS),
    ratedAtMs: Type.Integer(),
  }),
  Type.Null(),
]);

export const IncidentDetailSchema = Type.Object({
  ...snapshotProperties,
  textMasked: Type.Boolean({
    description: 'phones, ID numbers or e-mails in the text were masked (reveal for the original)',
  }),
  history: Type.Array(TransitionSchema),
  deadline: DeadlineStateSchema,
  responsibleGridCode: Type.String(),
  permittedActions: Type.Array(ActionSchema),
  arrivals: Type.Array(ArrivalSchema),
  reporterContact: Type.Union([
    Type.Object({
      nameMasked: Type.String(),
      phoneMasked: Type.String(),
      emailMasked: Type.String(),
    }),
    Type.Null(),
  ]),
  reporterRating: ReporterRatingSchema,
});

export const IncidentListResponseSchema = Type.Object({
  items: Type.Array(IncidentListItemSchema),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  total: Type.Integer(),
  feedSequence: Type.Integer({ description: 'newest feed sequence at read time: resync from it' }),
});

export const PossibleDuplicateSchema = Type.Object({
  incident: IncidentSnapshotSchema,
  distanceM: Type.Number(),
});

export const IntakeCheckSchema = Type.Object({
  gridCode: NullableString,
  inScope: Type.Boolean(),
  possibleDuplicates: Type.Array(PossibleDuplicateSchema),
});

export const CreateIncidentResponseSchema = Type.Object({
  incident: IncidentDetailSchema,
  possibleDuplicates: Type.Array(PossibleDuplicateSchema),
});

export const DispatchSuggestionsResponseSchema = Type.Object({
  incidentId: Type.String(),
  suggestions: Type.Array(
    Type.Object({
      workerId: Type.Integer(),
      assigneeUsername: Type.String(),
      displayName: Type.String(),
      gridCodes: Type.Array(Type.String()),
      status: literals(WORKER_STATUSES),
      lon: Type.Number(),
      lat: Type.Number(),
      lastFixAtMs: Type.Number(),
      distanceM: Type.Number(),
      durationS: Type.Number(),
      routeKind: literals(['network', 'straight_line']),
      inIncidentGrid: Type.Boolean(),
    }),
  ),
});

export const ConfirmDispatchResponseSchema = Type.Object({
  incident: IncidentDetailSchema,
  devicesNotified: Type.Integer(),
});

/** The common error body plus, for a refused command, the state machine's code and messages. */
export const IncidentCommandErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  code: Type.Optional(
    literals([
      'illegal_transition',
      'forbidden_role',
      'not_assignee',
      'assignee_out_of_scope',
      'invalid_command',
    ]),
  ),
  field: Type.Optional(Type.String()),
  messages: Type.Optional(LocalizedTextSchema),
});

// ---- requests ----

const NoteSchema = Type.String({ maxLength: MAX_NOTE_LENGTH });
const AttachmentsSchema = Type.Array(AttachmentSchema, { maxItems: MAX_ATTACHMENTS });
const commandBase = {
  note: Type.Optional(NoteSchema),
  attachments: Type.Optional(AttachmentsSchema),
};
const DepartmentSchema = Type.String({ minLength: 1, maxLength: MAX_DEPARTMENT_LENGTH });

function commandOf(action: string, extra: Record<string, ReturnType<typeof Type.Optional>> = {}) {
  return Type.Object(
    { action: Type.Literal(action), ...commandBase, ...extra },
    { additionalProperties: false },
  );
}

export const IncidentIdParams = Type.Object(
  { id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: 'incident id' }) },
  { additionalProperties: false },
);

export const CreateIncidentBody = Type.Object(
  {
    categoryCode: Type.String({ minLength: 1, maxLength: 64 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    description: Type.String({ maxLength: OPEN311_MAX_DESCRIPTION_CHARS }),
    priority: Type.Optional(PrioritySchema),
    source: Type.Optional(literals(['dispatcher', 'hotline'])),
    note: Type.Optional(NoteSchema),
    attachments: Type.Optional(AttachmentsSchema),
  },
  { additionalProperties: false },
);

export const TransitionBody = Type.Object(
  {
    command: Type.Union([
      commandOf('register', { priority: Type.Optional(PrioritySchema) }),
      commandOf('reject'),
      Type.Object(
        {
          action: Type.Literal('dispatch'),
          assigneeUsername: Type.String({ minLength: 1, maxLength: 64 }),
          department: Type.Optional(DepartmentSchema),
          ...commandBase,
        },
        { additionalProperties: false },
      ),
      commandOf('accept'),
      commandOf('feed_back'),
      commandOf('verify'),
      commandOf('return_for_rework'),
      Type.Object(
        {
          action: Type.Literal('evaluate'),
          score: Type.Integer({ minimum: MIN_EVALUATION_SCORE, maximum: MAX_EVALUATION_SCORE }),
          ...commandBase,
        },
        { additionalProperties: false },
      ),
      commandOf('archive'),
      Type.Object(
        { action: Type.Literal('transfer'), department: DepartmentSchema, ...commandBase },
        { additionalProperties: false },
      ),
    ]),
  },
  { additionalProperties: false },
);

export const ConfirmDispatchBody = Type.Object(
  {
    workerId: Type.Integer({ minimum: 1 }),
    department: Type.Optional(DepartmentSchema),
    note: Type.Optional(NoteSchema),
    attachments: Type.Optional(AttachmentsSchema),
  },
  { additionalProperties: false },
);

export const IncidentListQuerySchema = Type.Object({
  gridCode: Type.Optional(Type.String({ pattern: GRID_CODE_PATTERN })),
  state: Type.Optional(
    Type.String({
      pattern: `^(${INCIDENT_STATES.join('|')})(,(${INCIDENT_STATES.join('|')}))*$`,
      description: 'comma-separated states',
    }),
  ),
  openness: Type.Optional(literals(['open', 'closed'])),
  categoryCode: Type.Optional(Type.String({ maxLength: 64 })),
  priority: Type.Optional(PrioritySchema),
  source: Type.Optional(literals(INCIDENT_SOURCES)),
  assigneeUsername: Type.Optional(Type.String({ maxLength: 64 })),
  reportedFromMs: Type.Optional(Type.Integer({ minimum: 0 })),
  reportedToMs: Type.Optional(Type.Integer({ minimum: 0 })),
  deadlinePhase: Type.Optional(literals(['on_track', 'near_deadline', 'overdue'])),
  page: Type.Integer({ minimum: 1, maximum: MAX_PAGE_NUMBER, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }),
});

export const IntakeCheckQuery = Type.Object({
  categoryCode: Type.String({ minLength: 1, maxLength: 64 }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
});

export const SuggestionsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SUGGESTIONS })),
});

export const IncidentTextRevealResponseSchema = Type.Object({
  incidentId: Type.String(),
  description: Type.String(),
  notes: Type.Array(Type.String(), {
    description: "one per history entry, in the history's order",
  }),
  auditId: Type.Integer(),
});
