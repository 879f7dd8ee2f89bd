/**
 * The emergency command's event (docs/decisions/0037): the active one with its checklist, level
 * and timeline, recent events, opening one by hand, plans and their activation, ticking steps,
 * changing the level, terminating. Thin: CommandService holds the rules.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  checklistProgress,
  MAX_STEP_NOTE_LENGTH,
} from '../../../domain/emergency/command/planChecklist';
import { API_PREFIX } from '../../../shared/api';
import {
  COMMAND_EVENTS_PATH,
  COMMAND_LEVEL_PATH,
  COMMAND_PATH,
  COMMAND_PLAN_PATH,
  COMMAND_PLANS_PATH,
  COMMAND_STEPS_PATH,
  COMMAND_SUMMARY_PATH,
  COMMAND_TERMINATE_PATH,
  type CommandEventView,
} from '../../../shared/emergencyCommand';
import type { Caller } from '../../registry/accessErrors';
import type { StoredCommandEvent } from '../../emergency/command/commandRepository';
import { summaryOf, type CommandService } from '../../emergency/command/commandService';
import type { CommandReports } from '../../emergency/command/commandReports';
import type { ResidentNotifications } from '../../emergency/command/residentNotifications';
import { callerOf } from '../authentication';
import {
  CountsSchema,
  ERRORS_409,
  EventViewSchema,
  LevelSchema,
  Nullable,
  PlanSchema,
  SummarySchema,
} from '../emergencyCommandSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY } from '../serverContext';

export interface EmergencyCommandEventRouteOptions {
  command: CommandService;
  notifications: ResidentNotifications;
  reports: CommandReports;
}

const MAX_SUMMARY = 2_000;

const relative = (path: string) => path.slice(API_PREFIX.length);

export const emergencyCommandEventRoutes: FastifyPluginAsyncTypebox<
  EmergencyCommandEventRouteOptions
> = async (app, { command, notifications, reports }) => {
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
};
