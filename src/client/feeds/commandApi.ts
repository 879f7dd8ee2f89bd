/**
 * The emergency command's REST calls (docs/decisions/0037), built on the API client's one request
 * helper so they share its session, wall-mode header and person-level refusal.
 */
import { API_PREFIX } from '../../shared/api';
import type { ResponseLevel } from '../../domain/emergency/command/responseLevel';
import {
  COMMAND_EVENTS_PATH,
  COMMAND_LEVEL_PATH,
  COMMAND_NOTIFICATIONS_PATH,
  COMMAND_NOTIFY_PATH,
  COMMAND_PATH,
  COMMAND_PLAN_PATH,
  COMMAND_PLANS_PATH,
  COMMAND_STEPS_PATH,
  COMMAND_SUMMARY_PATH,
  COMMAND_TERMINATE_PATH,
  commandReportPath,
  type CommandEventSummary,
  type CommandEventView,
  type CommandReport,
  type CommandSummary,
  type LevelChangeResponse,
  type NotificationView,
  type NotifyRequest,
  type NotifyResponse,
  type OpenEventRequest,
  type PlanCandidate,
} from '../../shared/emergencyCommand';
import type { PERSON_LEVEL_ROUTES } from '../../shared/wallModes';

type Method = 'GET' | 'POST';
type PersonRoute = (typeof PERSON_LEVEL_ROUTES)[number];
type Request = <T>(
  method: Method,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
  personRoute?: PersonRoute,
) => Promise<T>;

const relative = (path: string) => path.slice(API_PREFIX.length);

export function createCommandApi(request: Request) {
  return {
    /** The active event (a 404 when none: the panel shows "no event"). */
    commandEvent: (signal?: AbortSignal) =>
      request<CommandEventView>(
        'GET',
        relative(COMMAND_PATH),
        undefined,
        signal,
        'GET /api/emergency/command',
      ),
    /** Aggregates only: the public modes' view of the command. */
    commandSummary: (signal?: AbortSignal) =>
      request<{ summary: CommandSummary | null }>(
        'GET',
        relative(COMMAND_SUMMARY_PATH),
        undefined,
        signal,
      ),
    commandEvents: (signal?: AbortSignal) =>
      request<{ events: CommandEventSummary[] }>(
        'GET',
        relative(COMMAND_EVENTS_PATH),
        undefined,
        signal,
      ),
    openCommandEvent: (body: OpenEventRequest) =>
      request<CommandEventView>('POST', relative(COMMAND_EVENTS_PATH), body),
    commandPlans: (level: ResponseLevel | null, signal?: AbortSignal) =>
      request<{ plans: PlanCandidate[] }>(
        'GET',
        `${relative(COMMAND_PLANS_PATH)}${level === null ? '' : `?level=${level}`}`,
        undefined,
        signal,
      ),
    activatePlan: (recordId: number) =>
      request<CommandEventView>('POST', relative(COMMAND_PLAN_PATH), { recordId }),
    tickStep: (index: number, note: string) =>
      request<CommandEventView>(
        'POST',
        `${relative(COMMAND_STEPS_PATH)}/${index}`,
        note === '' ? {} : { note },
      ),
    changeLevel: (level: ResponseLevel, reason: string) =>
      request<LevelChangeResponse>('POST', relative(COMMAND_LEVEL_PATH), { level, reason }),
    terminateEvent: (summary: string) =>
      request<CommandEventSummary>('POST', relative(COMMAND_TERMINATE_PATH), { summary }),
    notifyZone: (body: NotifyRequest) =>
      request<NotifyResponse>('POST', relative(COMMAND_NOTIFY_PATH), body),
    commandNotifications: (signal?: AbortSignal) =>
      request<{ notifications: NotificationView[] }>(
        'GET',
        relative(COMMAND_NOTIFICATIONS_PATH),
        undefined,
        signal,
        'GET /api/emergency/command/notifications',
      ),
    acknowledgeNotification: (id: number, note: string) =>
      request<NotificationView>(
        'POST',
        `${relative(COMMAND_NOTIFICATIONS_PATH)}/${id}/acknowledge`,
        note === '' ? {} : { note },
      ),
    commandReport: (eventId: number, signal?: AbortSignal) =>
      request<CommandReport>(
        'GET',
        relative(commandReportPath(eventId)),
        undefined,
        signal,
        'GET /api/emergency/command/events/:id/report',
      ),
  };
}
