/**
 * Assembles the emergency command (wiring only): its stores, the message gateway the
 * configuration names (outbox by default), the use cases, and the hooks the scenario hub and the
 * door-knocking call. `restoreScenario` brings back a scenario that was running at the last stop.
 */
import type { IncidentState } from '../../../shared/incidents';
import type { AuditRepository } from '../../audit/auditRepository';
import type { Caller } from '../../registry/accessErrors';
import type { ServerStores } from '../../store/serverStores';
import type { DoorKnockAssignment } from '../../../shared/emergencyScenario';
import type { DoorKnocking } from '../doorKnocking';
import type { EmergencyRecordRepository } from '../records/emergencyRecordRepository';
import type { ScenarioHub, ScenarioLifecycle } from '../scenarioHub';
import { CommandReports } from './commandReports';
import { CommandService } from './commandService';
import {
  HttpMessageGateway,
  OutboxMessageGateway,
  type GatewayLog,
  type GatewaySetting,
  type MessageGateway,
} from './messageGateway';
import { ResidentNotifications } from './residentNotifications';

export interface CommandModule {
  command: CommandService;
  notifications: ResidentNotifications;
  reports: CommandReports;
  /** The hub's and the door knocking's hooks: recorded in the background, failures logged. */
  onScenario(change: ScenarioLifecycle): void;
  onDoorKnock(caller: Caller, assignments: readonly DoorKnockAssignment[]): void;
  restoreScenario(hub: ScenarioHub): Promise<void>;
}

export function createCommandModule(deps: {
  /** The command's and the notifications' repositories (either engine). */
  stores: Pick<ServerStores, 'command' | 'notifications'>;
  records: Pick<EmergencyRecordRepository, 'listRecords'>;
  audit: Pick<AuditRepository, 'recordAudit'>;
  now: () => Date;
  /** Late-bound: the hub is built with this module's hook. */
  hub: () => ScenarioHub;
  doorKnocking: () => DoorKnocking;
  incidentState: (
    caller: Caller,
    incidentId: string,
  ) => IncidentState | null | Promise<IncidentState | null>;
  gateway: GatewaySetting | null;
  log: GatewayLog;
  onError: (error: unknown) => void;
}): CommandModule {
  const store = deps.stores.command;
  const notificationStore = deps.stores.notifications;
  const gateway: MessageGateway =
    deps.gateway === null
      ? new OutboxMessageGateway(
          (message) =>
            notificationStore.writeOutbox(
              message.notificationId,
              message.channel,
              message.phone,
              message.text,
              deps.now().getTime(),
            ),
          deps.log,
        )
      : new HttpMessageGateway(deps.gateway, deps.log);
  const command = new CommandService({
    store,
    listPlans: async () => deps.records.listRecords('plan'),
    audit: deps.audit,
    now: deps.now,
    endScenario: async (caller) => {
      await deps.hub().end(caller);
    },
  });
  const notifications = new ResidentNotifications({
    command,
    store: notificationStore,
    householdsInZone: async (caller, tier) =>
      (await deps.doorKnocking().list(caller, tier)).households,
    gateway,
    now: deps.now,
  });
  const reports = new CommandReports({
    store,
    notifications,
    listRecords: async () => deps.records.listRecords(null),
    incidentState: deps.incidentState,
    now: deps.now,
  });
  return {
    command,
    notifications,
    reports,
    // The scenario has changed already: a failure here is logged, never undoes the push.
    onScenario(change) {
      command.onScenario(change).catch(deps.onError);
    },
    onDoorKnock(caller, assignments) {
      command.onDoorKnock(caller, assignments).catch(deps.onError);
    },
    async restoreScenario(hub) {
      const kept = await command.scenarioToRestore();
      if (kept !== null) hub.restore(kept.scenarioId, kept.history);
    },
  };
}
