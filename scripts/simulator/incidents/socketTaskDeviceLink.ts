/**
 * The incident side of a simulated phone on `/device` (socket.io-client, `auth: { deviceToken }`):
 * its own connection beside the GPS upload one, as a phone's task app would hold. Reconnects by
 * itself; the server sends open tasks again on every connect.
 */
import { io, type Socket } from 'socket.io-client';
import type { DeviceIncidentResult, DeviceTask } from '../../../src/shared/incidents';
import { SOCKET_PATH } from '../../../src/server/socket/attachSocketGateway';
import {
  DEVICE_NAMESPACE,
  type DeviceClientToServerEvents,
  type DeviceServerToClientEvents,
} from '../../../src/shared/trackingEvents';
import type { TaskDeviceLink } from './simulatedTaskWorker';

export const TASK_ACK_TIMEOUT_MS = 10_000;

export function createSocketTaskDeviceLink(serverUrl: string, deviceToken: string): TaskDeviceLink {
  const socket: Socket<DeviceServerToClientEvents, DeviceClientToServerEvents> = io(
    new URL(DEVICE_NAMESPACE, serverUrl).href,
    { path: SOCKET_PATH, transports: ['websocket'], auth: { deviceToken }, forceNew: true },
  );
  const ask = async (send: () => Promise<DeviceIncidentResult>): Promise<DeviceIncidentResult> => {
    try {
      return await send();
    } catch {
      return { ok: false, error: 'no_answer', message: 'no answer from the server in time' };
    }
  };
  return {
    onTask(handler: (task: DeviceTask) => void) {
      socket.on('task', handler);
    },
    sendTaskCommand: (command) =>
      ask(() => socket.timeout(TASK_ACK_TIMEOUT_MS).emitWithAck('taskCommand', command)),
    reportIncident: (report) =>
      ask(() => socket.timeout(TASK_ACK_TIMEOUT_MS).emitWithAck('reportIncident', report)),
    isConnected: () => socket.connected,
    close() {
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
