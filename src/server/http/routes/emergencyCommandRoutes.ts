/**
 * The emergency command (docs/decisions/0037): the active event with its checklist, level and
 * timeline; plans; messages to households; the gateway's receipts; the after-action report.
 * Handlers are thin: CommandService, ResidentNotifications and CommandReports hold the rules.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AEGL_TIERS } from '../../../domain/emergency/chemicals';
import { TIMELINE_KINDS } from '../../../domain/emergency/command/commandTimeline';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATES,
  RECEIPT_STATES,
} from '../../../domain/emergency/command/notificationState';
import {
  checklistProgress,
  MAX_STEP_NOTE_LENGTH,
} from '../../../domain/emergency/command/planChecklist';
import { RESPONSE_LEVEL_SCALE } from '../../../domain/emergency/command/responseLevel';
import { API_PREFIX } from '../../../shared/api';
import {
  COMMAND_EVENTS_PATH,
  COMMAND_LEVEL_PATH,
  COMMAND_NOTIFICATIONS_PATH,
  COMMAND_NOTIFY_PATH,
  COMMAND_PATH,
  COMMAND_PLAN_PATH,
  COMMAND_PLANS_PATH,
  COMMAND_RECEIPTS_PATH,
  COMMAND_STEPS_PATH,
  COMMAND_SUMMARY_PATH,
  COMMAND_TERMINATE_PATH,
  GATEWAY_KEY_HEADER,
  type CommandEventView,
} from '../../../shared/emergencyCommand';
import { INCIDENT_STATES } from '../../../domain/incidents/incident';
import type { Caller } from '../../registry/accessErrors';
import type { StoredCommandEvent } from '../../emergency/command/commandRepository';
import {
  COMMAND_ACTIONS,
  summaryOf,
  type CommandService,
} from '../../emergency/command/commandService';
import type { CommandReports } from '../../emergency/command/commandReports';
import { writeCommandWorkbook } from '../../emergency/command/commandWorkbook';
import type { GatewaySetting } from '../../emergency/command/messageGateway';
import type { ResidentNotifications } from '../../emergency/command/residentNotifications';
import { callerOf, UnauthorizedError } from '../authentication';
import { ErrorResponse } from '../responseSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

export interface EmergencyCommandRouteOptions extends RouteOptions {
  command: CommandService;
  notifications: ResidentNotifications;
  reports: CommandReports;
  /** The configured gateway (its key authenticates receipts); null: outbox only. */
  gateway: GatewaySetting | null;
}

/** Receipts one call may carry: a gateway batches, but not a city at once. */
const MAX_RECEIPTS = 1_000;
const MAX_TEXT = 300;
const MAX_SUMMARY = 2_000;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_RESPONSE = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((value) => Type.Literal(value)));
const LevelSchema = literals(RESPONSE_LEVEL_SCALE);
const TierSchema = literals(AEGL_TIERS);
const ChannelSchema = literals(NOTIFICATION_CHANNELS);
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

const SummarySchema = Type.Object({
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
const CountsSchema = Type.Object({
  tier: Type.String(),
  households: Type.Integer(),
  outbox: Type.Integer(),
  sent: Type.Integer(),
  delivered: Type.Integer(),
  acknowledged: Type.Integer(),
  failed: Type.Integer(),
});
const EventViewSchema = Type.Intersect([
  SummarySchema,
  Type.Object({
    checklist: Type.Array(ChecklistStepSchema),
    timeline: Type.Array(TimelineEntrySchema),
    notificationCounts: Type.Array(CountsSchema),
    gateway: literals(['outbox', 'http'] as const),
  }),
]);
const PlanSchema = Type.Object({
  recordId: Type.Integer(),
  name: Type.String(),
  incidentType: Type.String(),
  level: LevelSchema,
  steps: Type.Array(Type.String()),
  units: Type.Array(Type.String()),
  matchesType: Type.Boolean(),
  matchesLevel: Type.Boolean(),
});
const NotificationSchema = Type.Object({
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
const ReportSchema = Type.Object({
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
const EventIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const ERRORS_409 = { ...PRIVATE_ERRORS, 409: ErrorResponse };

const relative = (path: string) => path.slice(API_PREFIX.length);

function keyMatches(given: string | string[] | undefined, key: string): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(key);
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const emergencyCommandRoutes: FastifyPluginAsyncTypebox<
  EmergencyCommandRouteOptions
> = async (app, { command, notifications, reports, gateway }) => {
  const common = { tags: ['emergency'], security: SESSION_SECURITY };
  const viewOf = async (caller: Caller, event: StoredCommandEvent): Promise<CommandEventView> => ({
    ...summaryOf(event),
    checklist: event.planSeq === 0 ? [] : await reports.checklist(event),
    timeline: await reports.timeline(event.id),
    notificationCounts: await notifications.counts(caller, event.id),
    gateway: notifications.gatewayName,
  });
  const activeView = async (caller: Caller) => viewOf(caller, await command.requireActive());

  app.get(
    relative(COMMAND_PATH),
    {
      schema: {
        ...common,
        summary:
          'The active emergency event: checklist, level, timeline, message counts (404: none)',
        response: { 200: EventViewSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => activeView(callerOf(request)),
  );
  app.get(
    relative(COMMAND_SUMMARY_PATH),
    {
      schema: {
        ...common,
        summary: 'The active event as aggregates for the public wall modes (null: none)',
        response: {
          200: Type.Object({
            summary: Type.Union([
              Type.Object({
                title: Type.String(),
                incidentType: Type.String(),
                level: LevelSchema,
                planName: Nullable(Type.String()),
                stepsDone: Type.Integer(),
                stepsTotal: Type.Integer(),
                openedAtMs: Type.Integer(),
                notificationCounts: Type.Array(CountsSchema),
              }),
              Type.Null(),
            ]),
          }),
          ...PRIVATE_ERRORS,
        },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const event = await command.activeEvent();
      if (event === null) return { summary: null };
      const progress = checklistProgress(event.planSeq === 0 ? [] : await reports.checklist(event));
      return {
        summary: {
          title: event.title,
          incidentType: event.incidentType,
          level: event.level,
          planName: event.planName,
          stepsDone: progress.done,
          stepsTotal: progress.total,
          openedAtMs: event.openedAtMs,
          notificationCounts: await notifications.counts(caller, event.id),
        },
      };
    },
  );
  app.get(
    relative(COMMAND_EVENTS_PATH),
    {
      schema: {
        ...common,
        summary: 'Recent emergency events, newest first',
        response: { 200: Type.Object({ events: Type.Array(SummarySchema) }), ...PRIVATE_ERRORS },
      },
    },
    async () => ({ events: await command.listEvents() }),
  );
  app.post(
    relative(COMMAND_EVENTS_PATH),
    {
      schema: {
        ...common,
        summary: 'Opens an emergency event by hand (409 while one is active)',
        body: Type.Object(
          {
            title: Type.String({ minLength: 1, maxLength: 100 }),
            incidentType: Type.String({ minLength: 1, maxLength: 50 }),
            level: LevelSchema,
          },
          { additionalProperties: false },
        ),
        response: { 200: EventViewSchema, ...ERRORS_409 },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return viewOf(caller, await command.open(caller, request.body));
    },
  );
  app.get(
    relative(COMMAND_PLANS_PATH),
    {
      schema: {
        ...common,
        summary: "Plans, those of the active event's type and level first",
        querystring: Type.Object(
          { level: Type.Optional(LevelSchema) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ plans: Type.Array(PlanSchema) }), ...PRIVATE_ERRORS },
      },
    },
    async (request) => ({ plans: await command.planCandidates(request.query.level) }),
  );
  app.post(
    relative(COMMAND_PLAN_PATH),
    {
      schema: {
        ...common,
        summary: "Activates a plan: its steps become the event's checklist",
        body: Type.Object(
          { recordId: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        response: { 200: EventViewSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return viewOf(caller, await command.activatePlan(caller, request.body.recordId));
    },
  );
  app.post(
    `${relative(COMMAND_STEPS_PATH)}/:index`,
    {
      schema: {
        ...common,
        summary: 'Ticks a step of the checklist (who and when are recorded)',
        params: Type.Object({ index: Type.Integer({ minimum: 0 }) }),
        body: Type.Object(
          { note: Type.Optional(Type.String({ maxLength: MAX_STEP_NOTE_LENGTH })) },
          { additionalProperties: false },
        ),
        response: { 200: EventViewSchema, ...ERRORS_409 },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return viewOf(
        caller,
        await command.tickStep(caller, request.params.index, request.body.note ?? ''),
      );
    },
  );
  app.post(
    relative(COMMAND_LEVEL_PATH),
    {
      schema: {
        ...common,
        summary:
          'Raises or lowers the response level (reason required; 409 when another commander changed it first); answers the new level’s plans',
        body: Type.Object(
          { level: LevelSchema, reason: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ event: EventViewSchema, plans: Type.Array(PlanSchema) }),
          ...ERRORS_409,
        },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const event = await command.changeLevel(caller, request.body.level, request.body.reason);
      return {
        event: await viewOf(caller, event),
        plans: (await command.planCandidates()).filter((plan) => plan.matchesLevel),
      };
    },
  );
  app.post(
    relative(COMMAND_TERMINATE_PATH),
    {
      schema: {
        ...common,
        summary: 'Terminates the event with a summary (its scenario ends on every screen)',
        body: Type.Object(
          { summary: Type.String({ minLength: 1, maxLength: MAX_SUMMARY }) },
          { additionalProperties: false },
        ),
        response: { 200: SummarySchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => summaryOf(await command.terminate(callerOf(request), request.body.summary)),
  );
  app.post(
    relative(COMMAND_NOTIFY_PATH),
    {
      schema: {
        ...common,
        summary:
          'Messages the households of the caller scope in a zone (or a worse one), one per household; failed ones again',
        body: Type.Object(
          {
            tier: TierSchema,
            channel: ChannelSchema,
            text: Type.String({ minLength: 1, maxLength: MAX_TEXT }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            households: Type.Integer(),
            outbox: Type.Integer(),
            sent: Type.Integer(),
            failed: Type.Integer(),
            skipped: Type.Integer(),
            withoutPhone: Type.Integer(),
          }),
          ...PRIVATE_ERRORS,
        },
      },
    },
    async (request) => notifications.notify(callerOf(request), request.body),
  );
  app.get(
    relative(COMMAND_NOTIFICATIONS_PATH),
    {
      schema: {
        ...common,
        summary: 'Messages of the active event in the caller scope, per household (phones masked)',
        response: {
          200: Type.Object({ notifications: Type.Array(NotificationSchema) }),
          ...PRIVATE_ERRORS,
        },
      },
    },
    async (request) => ({
      notifications: await notifications.list(
        callerOf(request),
        (await command.requireActive()).id,
      ),
    }),
  );
  app.post(
    `${relative(COMMAND_NOTIFICATIONS_PATH)}/:id/acknowledge`,
    {
      schema: {
        ...common,
        summary: "Records a household's acknowledgement taken by phone or in person",
        params: EventIdParams,
        body: Type.Object(
          { note: Type.Optional(Type.String({ maxLength: MAX_STEP_NOTE_LENGTH })) },
          { additionalProperties: false },
        ),
        response: { 200: NotificationSchema, ...ERRORS_409 },
      },
    },
    async (request) =>
      notifications.acknowledge(callerOf(request), request.params.id, request.body.note ?? ''),
  );
  app.post(
    relative(COMMAND_RECEIPTS_PATH),
    {
      config: { public: true },
      schema: {
        summary: `Delivery receipts of the configured message gateway (its key in ${GATEWAY_KEY_HEADER})`,
        tags: ['emergency'],
        body: Type.Object(
          {
            receipts: Type.Array(
              Type.Object(
                { messageId: Type.String({ maxLength: 40 }), status: literals(RECEIPT_STATES) },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: MAX_RECEIPTS },
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ applied: Type.Integer() }),
          400: ErrorResponse,
          401: ErrorResponse,
        },
      },
      // The key is checked before the body is read: no gateway, or a wrong key, is a 401.
      preValidation: async (request) => {
        if (gateway === null || !keyMatches(request.headers[GATEWAY_KEY_HEADER], gateway.key)) {
          throw new UnauthorizedError();
        }
      },
    },
    async (request) => notifications.applyReceipts(request.body.receipts),
  );
  app.get(
    `${relative(COMMAND_EVENTS_PATH)}/:id/report`,
    {
      schema: {
        ...common,
        summary: 'The after-action report of an event (the printable page is made from it)',
        params: EventIdParams,
        response: { 200: ReportSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => reports.build(callerOf(request), request.params.id),
  );
  app.get(
    `${relative(COMMAND_EVENTS_PATH)}/:id/report.xlsx`,
    {
      schema: {
        ...common,
        summary:
          'The after-action report as XLSX (timeline, zones, people, notifications, records, tasks); audited',
        params: EventIdParams,
        response: { 200: FILE_RESPONSE, ...PRIVATE_ERRORS },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const report = await reports.build(caller, request.params.id);
      const workbook = await writeCommandWorkbook(report);
      await command.audit(
        caller,
        COMMAND_ACTIONS.export,
        report.event.id,
        `xlsx, ${report.notifications.length} notices`,
      );
      return reply
        .headers({
          'content-type': XLSX_TYPE,
          'content-disposition': `attachment; filename="emergency-event-${report.event.id}.xlsx"`,
        })
        .send(workbook);
    },
  );
};
