/**
 * Pushes security alerts to the administrators' screens connected to /live at that moment. No
 * queue: the alert is in the audit log for whoever was not watching. With several server
 * processes, `relayTo` hands each alert raised here to the others, which `deliver` it.
 */
import type { Namespace } from 'socket.io';
import { SECURITY_ALERT_EVENT, type SecurityAlert } from '../../shared/securityAlerts';
import type { SocketData } from '../socket/attachSocketGateway';
import type { SecurityAlertSink } from './revealGuard';
import { receivesSecurityAlerts } from './revealPermission';

export class SecurityAlerts implements SecurityAlertSink {
  private namespace: Namespace | null = null;
  private relay: ((alert: SecurityAlert) => void) | null = null;

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  relayTo(relay: (alert: SecurityAlert) => void): void {
    this.relay = relay;
  }

  publish(alert: SecurityAlert): void {
    this.relay?.(alert);
    this.deliver(alert);
  }

  /** To this process's administrators' screens only. */
  deliver(alert: SecurityAlert): void {
    if (this.namespace === null) return;
    for (const socket of this.namespace.sockets.values()) {
      const { user } = socket.data as Partial<SocketData>;
      if (user !== undefined && receivesSecurityAlerts(user.role)) {
        socket.emit(SECURITY_ALERT_EVENT, alert);
      }
    }
  }
}
