/**
 * Pushes security alerts to the administrators' screens connected to /live at that moment. No
 * queue: the alert is in the audit log for whoever was not watching.
 */
import type { Namespace } from 'socket.io';
import { SECURITY_ALERT_EVENT, type SecurityAlert } from '../../shared/securityAlerts';
import type { SocketData } from '../socket/attachSocketGateway';
import type { SecurityAlertSink } from './revealGuard';
import { receivesSecurityAlerts } from './revealPermission';

export class SecurityAlerts implements SecurityAlertSink {
  private namespace: Namespace | null = null;

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  publish(alert: SecurityAlert): void {
    if (this.namespace === null) return;
    for (const socket of this.namespace.sockets.values()) {
      const { user } = socket.data as Partial<SocketData>;
      if (user !== undefined && receivesSecurityAlerts(user.role)) {
        socket.emit(SECURITY_ALERT_EVENT, alert);
      }
    }
  }
}
