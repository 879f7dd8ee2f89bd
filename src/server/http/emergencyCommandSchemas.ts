/**
 * Response and request schemas of the emergency command's routes (docs/decisions/0037): the
 * event, its checklist and timeline, plans, messages to households and the after-action report.
 */
import { Type } from '@sinclair/typebox';
import { AEGL_TIERS } from '../../domain/emergency/chemicals';
import { TIMELINE_KINDS } from '../../domain/emergency/command/commandTimeline';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATES,
} from '../../domain/emergency/command/notificationState';
import { RESPONSE_LEVEL_SCALE } from '../../domain/emergency/command/responseLevel';
import { INCIDENT_STATES } from '../../domain/incidents/incident';
import { ErrorResponse } from './responseSchemas';
import { PRIVATE_ERRORS } from './serverContext';

export const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((value) => Type.Literal(value)));
export const LevelSchema = literals(RESPONSE_LEVEL_SCALE);
export const TierSchema = literals(AEGL_TIERS);
export const ChannelSchema = literals(NOTIFICATION_CHANNELS);
export const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

export const SummarySchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  incidentType: Type.String(),
  level: LevelSchema,
  status: literals(['active', 'terminated'] as const),
  scenarioId: Nullable(Type.String()),
  planRecordId: NullableInt,
  planName: Nullable(Type.String()),
  planUnits: Type.Array(Type.String()),
  openedAtMs: Type.Integer(),
  openedBy: Type.String(),
  terminatedAtMs: NullableInt,
  terminatedBy: Nullable(Type.String()),
  summary: Nullable(Type.String()),
});
const ChecklistStepSchema = Type.Object({
  index: Type.Integer(),
  text: Type.String(),
  doneAtMs: NullableInt,
  doneBy: Nullable(Type.String()),
  note: Nullable(Type.String()),
});
const TimelineEntrySchema = Type.Object({
  id: Type.Integer(),
  atMs: Type.Integer(),
  actor: Type.String(),
  kind: literals(TIMELINE_KINDS),
  payload: Type.Object({}, { additionalProperties: true }),
});
export const CountsSchema = Type.Object({
  tier: Type.String(),
  households: Type.Integer(),
  outbox: Type.Integer(),
  sent: Type.Integer(),
  delivered: Type.Integer(),
  acknowledged: Type.Integer(),
  failed: Type.Integer(),
});
export const EventViewSchema = Type.Intersect([
  SummarySchema,
  Type.Object({
    checklist: Type.Array(ChecklistStepSchema),
    timeline: Type.Array(TimelineEntrySchema),
    notificationCounts: Type.Array(CountsSchema),
    gateway: literals(['outbox', 'http'] as const),
  }),
]);
export const PlanSchema = Type.Object({
  recordId: Type.Integer(),
  name: Type.String(),
  incidentType: Type.String(),
  level: LevelSchema,
  steps: Type.Array(Type.String()),
  units: Type.Array(Type.String()),
  matchesType: Type.Boolean(),
  matchesLevel: Type.Boolean(),
});
export const NotificationSchema = Type.Object({
  id: Type.Integer(),
  householdId: Type.Integer(),
  gridCode: Type.String(),
  buildingName: Type.String(),
  roomLabel: Type.String(),
  tier: Type.String(),
  channel: ChannelSchema,
  phoneMasked: Type.String({ description: 'masked: the last 4 digits only' }),
  state: literals(NOTIFICATION_STATES),
  gateway: Type.String(),
  attempts: Type.Integer(),
  error: Nullable(Type.String()),
  updatedAtMs: Type.Integer(),
  acknowledgedBy: Nullable(Type.String()),
  note: Nullable(Type.String()),
});
export const ReportSchema = Type.Object({
  event: SummarySchema,
  generatedAtMs: Type.Integer(),
  timeline: Type.Array(
    Type.Intersect([
      TimelineEntrySchema,
      Type.Object({ text: Type.Object({ zh: Type.String(), en: Type.String() }) }),
    ]),
  ),
  zones: Type.Array(
    Type.Object({
      tier: TierSchema,
      residents: Type.Integer(),
      buildings: Type.Integer(),
      byTag: Type.Record(Type.String(), Type.Integer()),
    }),
  ),
  checklists: Type.Array(
    Type.Object({ planSeq: Type.Integer(), steps: Type.Array(ChecklistStepSchema) }),
  ),
  notificationCounts: Type.Array(CountsSchema),
  notifications: Type.Array(NotificationSchema),
  records: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      name: Type.String(),
      gridCode: Nullable(Type.String()),
      role: literals(['activated_plan', 'district_record'] as const),
    }),
  ),
  doorKnockTasks: Type.Array(
    Type.Object({
      incidentId: Type.String(),
      buildingId: Type.Integer(),
      households: Type.Integer(),
      dispatchedAtAssignment: Type.Boolean(),
      state: Type.Union([literals(INCIDENT_STATES), Type.Null()]),
    }),
  ),
});
export const EventIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const ERRORS_409 = { ...PRIVATE_ERRORS, 409: ErrorResponse };
