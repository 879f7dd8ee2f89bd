/** Request and response schemas of the phone's change requests and their review (docs/decisions/0025). */
import { Type } from '@sinclair/typebox';
import {
  CHANGE_KINDS,
  MAX_NAME_CHARS,
  MAX_TENANTS_CHARS,
  MAX_VISIT_NOTE_CHARS,
} from '../../domain/register/householdChange';
import { PERSON_TAGS, RELATIONS } from '../../domain/registry';
import { PersonViewSchema } from './responseSchemas';

const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((value) => Type.Literal(value)));
const Tags = Type.Array(literals(PERSON_TAGS), { maxItems: PERSON_TAGS.length });
const Id = Type.Integer({ minimum: 1 });
const Phone = Type.String({ minLength: 1, maxLength: 24 });
const Day = Type.String({ minLength: 10, maxLength: 10 });
const closed = { additionalProperties: false } as const;

const TargetViewSchema = Type.Record(
  Type.String({ maxLength: 32 }),
  Type.String({ maxLength: 400 }),
);
const TargetStateSchema = Type.Object(
  { version: Type.String({ maxLength: 64 }), view: TargetViewSchema },
  closed,
);

export const ChangeSchema = Type.Union([
  Type.Object(
    { kind: Type.Literal('visit'), note: Type.String({ maxLength: MAX_VISIT_NOTE_CHARS }) },
    closed,
  ),
  Type.Object(
    {
      kind: Type.Literal('move_in'),
      name: Type.String({ maxLength: MAX_NAME_CHARS }),
      idNumber: Type.String({ maxLength: 24 }),
      relation: literals(RELATIONS),
      phone: Type.Union([Phone, Type.Null()]),
      tags: Tags,
    },
    closed,
  ),
  Type.Object({ kind: Type.Literal('move_out'), personId: Id }, closed),
  Type.Object({ kind: Type.Literal('phone'), personId: Id, phone: Phone }, closed),
  Type.Object({ kind: Type.Literal('tags'), personId: Id, tags: Tags }, closed),
  Type.Object(
    {
      kind: Type.Literal('rental'),
      landlordName: Type.String({ maxLength: MAX_NAME_CHARS }),
      tenants: Type.String({ maxLength: MAX_TENANTS_CHARS }),
      startDate: Day,
      endDate: Day,
    },
    closed,
  ),
]);

export const SubmissionSchema = Type.Object(
  {
    clientId: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    householdId: Id,
    observedAt: Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}T[0-9:.]+(Z|[+-]\\d{2}:\\d{2})$',
      maxLength: 40,
    }),
    base: TargetStateSchema,
    change: ChangeSchema,
  },
  closed,
);

export const ReceiptSchema = Type.Object({
  id: Type.Integer(),
  status: Type.String(),
  duplicate: Type.Boolean(),
});

export const DeviceBuildingsSchema = Type.Object({
  buildings: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      address: Type.String(),
      gridCode: Type.String(),
    }),
  ),
});

export const DeviceUnitsSchema = Type.Object({
  units: Type.Array(
    Type.Object({ id: Type.Integer(), floor: Type.Integer(), roomLabel: Type.String() }),
  ),
});

export const DeviceUnitSchema = Type.Object({
  id: Type.Integer(),
  roomLabel: Type.String(),
  address: Type.String(),
  households: Type.Array(
    Type.Object({
      id: Type.Integer(),
      type: Type.String(),
      headPersonId: Type.Union([Type.Integer(), Type.Null()]),
      members: Type.Array(PersonViewSchema),
      state: TargetStateSchema,
      memberStates: Type.Record(Type.String(), TargetStateSchema),
    }),
  ),
});

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const ConflictSchema = Type.Union([
  Type.Object({ seen: TargetViewSchema, now: TargetViewSchema }),
  Type.Null(),
]);

export const RequestViewSchema = Type.Object({
  id: Type.Integer(),
  status: Type.String(),
  householdId: Type.Integer(),
  unitId: Type.Integer(),
  gridCode: Type.String(),
  address: Type.String(),
  roomLabel: Type.String(),
  workerName: Type.String(),
  change: Type.Object({
    kind: literals(CHANGE_KINDS),
    personId: Type.Union([Type.Integer(), Type.Null()]),
    note: Nullable(Type.String()),
    name: Nullable(Type.String()),
    idNumberMasked: Nullable(
      Type.String({ description: 'masked: only the last 4 characters shown' }),
    ),
    phoneMasked: Nullable(Type.String({ description: 'masked: only the last 4 digits shown' })),
    relation: Nullable(Type.String()),
    tags: Type.Union([Type.Array(Type.String()), Type.Null()]),
    landlordName: Nullable(Type.String()),
    tenants: Nullable(Type.String()),
    startDate: Nullable(Type.String()),
    endDate: Nullable(Type.String()),
  }),
  observedAt: Type.String(),
  submittedAt: Type.String(),
  reviewedBy: Nullable(Type.String()),
  reviewedAt: Nullable(Type.String()),
  reviewReason: Nullable(Type.String()),
  conflict: ConflictSchema,
});

export const RequestListQuery = Type.Object(
  {
    status: Type.Optional(literals(['pending', 'reviewed'] as const)),
    unitId: Type.Optional(Id),
  },
  closed,
);

export const ApproveBody = Type.Object({ acceptConflict: Type.Optional(Type.Boolean()) }, closed);
export const RejectBody = Type.Object({ reason: Type.String({ maxLength: 500 }) }, closed);
