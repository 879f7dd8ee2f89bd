/**
 * The emergency command (docs/decisions/0037): the active event with its checklist, level and
 * timeline; plans; messages to households; the gateway's receipts; the after-action report.
 * Handlers are thin: CommandService, ResidentNotifications and CommandReports hold the rules.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CommandReports } from '../../emergency/command/commandReports';
import type { CommandService } from '../../emergency/command/commandService';
import type { GatewaySetting } from '../../emergency/command/messageGateway';
import type { ResidentNotifications } from '../../emergency/command/residentNotifications';
import type { RouteOptions } from '../serverContext';
import { emergencyCommandEventRoutes } from './emergencyCommandEventRoutes';
import { emergencyCommandNotificationRoutes } from './emergencyCommandNotificationRoutes';
import { emergencyCommandReportRoutes } from './emergencyCommandReportRoutes';

export interface EmergencyCommandRouteOptions extends RouteOptions {
  command: CommandService;
  notifications: ResidentNotifications;
  reports: CommandReports;
  /** The configured gateway (its key authenticates receipts); null: outbox only. */
  gateway: GatewaySetting | null;
}

export const emergencyCommandRoutes: FastifyPluginAsyncTypebox<
  EmergencyCommandRouteOptions
> = async (app, { command, notifications, reports, gateway }) => {
  // In this order: the OpenAPI document lists the routes as they are registered. The children
  // take the prefix this plugin was registered with.
  await app.register(emergencyCommandEventRoutes, { command, notifications, reports });
  await app.register(emergencyCommandNotificationRoutes, { command, notifications, gateway });
  await app.register(emergencyCommandReportRoutes, { command, reports });
};
