/**
 * The emergency command's after-action report (docs/decisions/0037), as JSON for the printable
 * page and as an audited XLSX download. Thin: CommandReports builds it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { API_PREFIX } from '../../../shared/api';
import { COMMAND_EVENTS_PATH } from '../../../shared/emergencyCommand';
import { COMMAND_ACTIONS } from '../../emergency/command/commandAudit';
import type { CommandService } from '../../emergency/command/commandService';
import type { CommandReports } from '../../emergency/command/commandReports';
import { writeCommandWorkbook } from '../../emergency/command/commandWorkbook';
import { callerOf } from '../authentication';
import { EventIdParams, ReportSchema } from '../emergencyCommandSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY } from '../serverContext';

export interface EmergencyCommandReportRouteOptions {
  command: CommandService;
  reports: CommandReports;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_RESPONSE = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

const relative = (path: string) => path.slice(API_PREFIX.length);

export const emergencyCommandReportRoutes: FastifyPluginAsyncTypebox<
  EmergencyCommandReportRouteOptions
> = async (app, { command, reports }) => {
  const common = { tags: ['emergency'], security: SESSION_SECURITY };
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
