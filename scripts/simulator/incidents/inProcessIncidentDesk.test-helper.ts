/**
 * Test support: the live loop's simulated dispatcher and phones wired straight to the server's
 * use cases (IncidentService on a district file) instead of HTTP and sockets, so a whole day of
 * the live loop runs in seconds under fake timers. Mirrors what the routes and the /device
 * handlers do: dispatch sends the task to the worker's phone, a phone's `handle` is `accept`.
 */
import type { IncidentCommand } from '../../../src/domain/incidents/incident';
import { userActor, workerActor } from '../../../src/server/incidents/incidentActors';
import { toDeviceTask } from '../../../src/server/incidents/dispatchService';
import { DEVICE_ACTIONS } from '../../../src/server/incidents/incidentDeviceHandlers';
import type { IncidentService } from '../../../src/server/incidents/incidentService';
import type { Caller } from '../../../src/server/registry/accessErrors';
import { MAX_PAGE_SIZE } from '../../../src/shared/api';
import type { DeviceTask, DispatchSuggestion } from '../../../src/shared/incidents';
import type { DispatcherApi } from './simulatedDispatcher';
import type { TaskDeviceLink } from './simulatedTaskWorker';

/** The suggestion offered: the incident grid's own worker, a short walk away. */
const SUGGESTED_WALK_S = 300;
const WALK_SPEED_MPS = 1.2;

export interface InProcessPhoneLink extends TaskDeviceLink {
  deliver(task: DeviceTask): void;
}

export function inProcessPhoneLink(service: IncidentService, workerId: number): InProcessPhoneLink {
  let handler: (task: DeviceTask) => void = () => undefined;
  return {
    onTask: (next) => (handler = next),
    deliver: (task) => handler(task),
    sendTaskCommand: async (command) => {
      const result = await service.transition(
        workerActor(workerId),
        command.incidentId,
        { action: DEVICE_ACTIONS[command.action], note: command.note } as IncidentCommand,
        null,
      );
      return result.ok
        ? { ok: true, incidentId: command.incidentId }
        : { ok: false, error: result.error.code, message: result.error.message.en };
    },
    reportIncident: async () => ({
      ok: false,
      error: 'not_used',
      message: 'reports go by hotline',
    }),
    isConnected: () => true,
    close: () => undefined,
  };
}

export function inProcessDispatcherApi(
  service: IncidentService,
  caller: Caller,
  phones: ReadonlyMap<number, InProcessPhoneLink>,
  workerOfGrid: (gridCode: string) => number | null,
): DispatcherApi {
  const move = async (incidentId: string, command: IncidentCommand) => {
    const actor = userActor(caller, command.action);
    if (actor === null) throw new Error(`${caller.username} may not ${command.action}`);
    const result = await service.transition(actor, incidentId, command, caller.scopes);
    if (!result.ok) throw new Error(`${command.action} ${incidentId}: ${result.error.code}`);
    return result.incident;
  };
  return {
    listActive: async (states) =>
      (await service.list(caller, { state: states.join(','), pageSize: MAX_PAGE_SIZE })).items,
    intakeCheck: async (categoryCode, lon, lat) =>
      service.intakeCheck(caller, categoryCode, { lon, lat }),
    transition: async (incidentId, command) => {
      await move(incidentId, command);
    },
    suggestions: async (incidentId) => {
      const incident = await service.findIncident(incidentId);
      const workerId = incident === null ? null : workerOfGrid(incident.gridCode);
      return workerId === null || incident === null
        ? []
        : [suggestion(workerId, incident.gridCode)];
    },
    dispatch: async (incidentId, workerId, note) => {
      const incident = await move(incidentId, {
        action: 'dispatch',
        assigneeUsername: workerActor(workerId).username,
        department: '网格工作站',
        note,
      });
      phones.get(workerId)?.deliver(toDeviceTask(incident));
    },
    reportByHotline: async (request) => {
      const outcome = await service.reportFromUser(caller, request);
      if (!outcome.ok) throw new Error('hotline report refused');
    },
  };
}

function suggestion(workerId: number, gridCode: string): DispatchSuggestion {
  return {
    workerId,
    assigneeUsername: workerActor(workerId).username,
    displayName: `网格员${workerId}`,
    gridCodes: [gridCode],
    status: 'online',
    lon: 0,
    lat: 0,
    lastFixAtMs: 0,
    distanceM: SUGGESTED_WALK_S * WALK_SPEED_MPS,
    durationS: SUGGESTED_WALK_S,
    routeKind: 'network',
    inIncidentGrid: true,
  };
}
