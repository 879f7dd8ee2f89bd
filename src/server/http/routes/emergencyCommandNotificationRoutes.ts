/**
 * The emergency command's messages to households (docs/decisions/0037): sending them, listing
 * them, acknowledgements taken by hand, and the gateway's delivery receipts. Thin:
 * ResidentNotifications holds the rules.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { RECEIPT_STATES } from '../../../domain/emergency/command/notificationState';
import { MAX_STEP_NOTE_LENGTH } from '../../../domain/emergency/command/planChecklist';
import { API_PREFIX } from '../../../shared/api';
import {
  COMMAND_NOTIFICATIONS_PATH,
  COMMAND_NOTIFY_PATH,
  COMMAND_RECEIPTS_PATH,
  GATEWAY_KEY_HEADER,
} from '../../../shared/emergencyCommand';
import type { CommandService } from '../../emergency/command/commandService';
import type { GatewaySetting } from '../../emergency/command/messageGateway';
import type { ResidentNotifications } from '../../emergency/command/residentNotifications';
import { callerOf, UnauthorizedError } from '../authentication';
import {
  ChannelSchema,
  ERRORS_409,
  EventIdParams,
  literals,
  NotificationSchema,
  TierSchema,
} from '../emergencyCommandSchemas';
import { ErrorResponse } from '../responseSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY } from '../serverContext';

export interface EmergencyCommandNotificationRouteOptions {
  command: CommandService;
  notifications: ResidentNotifications;
  /** The configured gateway (its key authenticates receipts); null: outbox only. */
  gateway: GatewaySetting | null;
}

/** Receipts one call may carry: a gateway batches, but not a city at once. */
const MAX_RECEIPTS = 1_000;
const MAX_TEXT = 300;

const relative = (path: string) => path.slice(API_PREFIX.length);

function keyMatches(given: string | string[] | undefined, key: string): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(key);
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const emergencyCommandNotificationRoutes: FastifyPluginAsyncTypebox<
  EmergencyCommandNotificationRouteOptions
> = async (app, { command, notifications, gateway }) => {
  const common = { tags: ['emergency'], security: SESSION_SECURITY };
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
};
