/**
 * The device transport over socket.io: `/device` with the device token in the handshake, acks
 * with a timeout, socket.io's own reconnection for lost links and server restarts. The token is
 * never logged.
 */
import { io, type Socket } from 'socket.io-client';
import { SOCKET_PATH } from '../../src/server/socket/attachSocketGateway';
import {
  DEVICE_NAMESPACE,
  type DeviceClientToServerEvents,
  type DeviceServerToClientEvents,
} from '../../src/shared/trackingEvents';
import type { DeviceTransport, DeviceTransportEvents } from './simulatedDevice';

/** A batch not acknowledged in this time is sent again. */
export const ACK_TIMEOUT_MS = 10_000;
/** Reconnect quickly at first, then at most this far apart while a server is down. */
const RECONNECT_DELAY_MS = 1_000;
const RECONNECT_DELAY_MAX_MS = 5_000;

export function createSocketDeviceTransport(
  serverUrl: string,
  deviceToken: string,
  events: DeviceTransportEvents,
  ackTimeoutMs: number = ACK_TIMEOUT_MS,
): DeviceTransport {
  const socket: Socket<DeviceServerToClientEvents, DeviceClientToServerEvents> = io(
    new URL(DEVICE_NAMESPACE, serverUrl).href,
    {
      path: SOCKET_PATH,
      transports: ['websocket'],
      auth: { deviceToken },
      autoConnect: false,
      // One connection per phone, as real phones have, not one shared for all simulated devices.
      forceNew: true,
      reconnectionDelay: RECONNECT_DELAY_MS,
      reconnectionDelayMax: RECONNECT_DELAY_MAX_MS,
    },
  );
  let closed = false;
  socket.on('connect', () => events.onConnect());
  socket.on('disconnect', (reason) => {
    events.onDisconnect(reason);
    // Dropped by the server on purpose (shutting down for a restart): socket.io does not retry
    // that by itself. A revoked token ends the device first (tokenRevoked comes before).
    if (reason === 'io server disconnect') {
      setTimeout(() => {
        if (!closed) socket.connect();
      }, RECONNECT_DELAY_MS);
    }
  });
  socket.on('tokenRevoked', () => events.onTokenRevoked());
  socket.on('connect_error', (error) => {
    // An inactive socket after an error was refused by the server's middleware: it will not retry.
    if (!socket.active) events.onRefused(error.message);
  });
  return {
    connect: () => void socket.connect(),
    disconnect: () => void socket.disconnect(),
    isConnected: () => socket.connected,
    async sendFixes(batch) {
      // Never let socket.io buffer a batch while offline: the outbox resends it anyway.
      if (!socket.connected) throw new Error('not connected');
      return socket.timeout(ackTimeoutMs).emitWithAck('fixes', batch);
    },
    async sendSos(active, atMs) {
      if (!socket.connected) throw new Error('not connected');
      await socket.timeout(ackTimeoutMs).emitWithAck('sos', { active, atMs });
    },
    close() {
      closed = true;
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
