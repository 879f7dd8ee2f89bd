/**
 * Assembles the emergency side of the server (wiring only; docs/decisions/0034–0037): the plume
 * assessment's routes, the scenario hub with its evacuation planner and live feed, door
 * knocking, the emergency command and the emergency records with their sensors, over the
 * server's stores and incident module. Registered once among the API's routes (http/apiRoutes.ts);
 * createServer attaches it to socket.io.
 */
import type { FastifyInstance } from 'fastify';
import type { Server } from 'socket.io';
import type { LonLat } from '../../domain/registry';
import { API_PREFIX } from '../../shared/api';
import { LIVE_NAMESPACE } from '../../shared/trackingEvents';
import type { AuditRepository } from '../audit/auditRepository';
import { emergencyCommandRoutes } from '../http/routes/emergencyCommandRoutes';
import { emergencyEvacuationRoutes } from '../http/routes/emergencyEvacuationRoutes';
import { emergencyRecordRoutes } from '../http/routes/emergencyRecordRoutes';
import { emergencyRoutes } from '../http/routes/emergencyRoutes';
import { emergencyScenarioRoutes } from '../http/routes/emergencyScenarioRoutes';
import type { ServerContext } from '../http/serverContext';
import type { IncidentModule } from '../incidents/incidentModule';
import type { LonLatLine } from '../../domain/geo/clipLinesToArea';
import type { ServerStores } from '../store/serverStores';
import type { JobGate } from '../startPeriodic';
import { createCommandModule, type CommandModule } from './command/commandModule';
import type { GatewaySetting } from './command/messageGateway';
import { DoorKnocking } from './doorKnocking';
import { EvacuationPlanner } from './evacuationPlanner';
import { createEmergencyRecordsModule } from './records/emergencyRecordsModule';
import { SCENARIO_TARGET_TYPE } from './scenarioAudit';
import { ScenarioHub } from './scenarioHub';
import { attachScenarioLiveFeed } from './scenarioLiveFeed';
import type { ScenarioSnapshot } from './scenarioState';

export interface EmergencyModuleDeps {
  context: ServerContext;
  stores: ServerStores;
  incidents: IncidentModule;
  audit: AuditRepository;
  now: () => Date;
  workerName: (workerId: number) => Promise<string | null>;
  messageGateway: GatewaySetting | null;
  /** The district's roads (evacuation routes). */
  roadLines: () => LonLatLine[];
  /** The base grid under a point (emergency records). */
  locateGrid: (point: LonLat) => string | null | Promise<string | null>;
  mayRunJobs: JobGate;
  /** This node's id in a cluster (each sensor's alarm judged by one node); null: alone. */
  alarmHolder: string | null;
  /** A scenario changed here: told to the other nodes. */
  onScenarioChanged: (snapshot: ScenarioSnapshot | null) => void;
}

export interface EmergencyModule {
  scenarioHub: ScenarioHub;
  /** The scenario's live feed and the sensors' namespace. */
  attach(io: Server): void;
  /** Settles when the stale-sensor job's pass in flight has ended. */
  close(): Promise<void>;
}

export async function registerEmergencyModule(
  app: FastifyInstance,
  deps: EmergencyModuleDeps,
): Promise<EmergencyModule> {
  const { context, stores, incidents, audit, now, workerName, messageGateway } = deps;
  const users = stores.users;
  const emergencyStore = stores.emergency;
  await app.register(emergencyRoutes, { prefix: API_PREFIX, context, emergency: emergencyStore });
  const emergencyRecordStore = stores.emergencyRecords;
  const evacuation = new EvacuationPlanner({
    repository: stores.evacuation,
    records: emergencyRecordStore,
    roadLines: deps.roadLines,
  });
  const scenarioHub = new ScenarioHub({
    repository: emergencyStore,
    audit,
    now,
    findScopes: async (username) => (await users.findUser(username))?.scopes ?? null,
    planEvacuation: (request, at) => evacuation.plan(request, at),
    onLifecycle: (change) => commandModule.onScenario(change),
    onChanged: deps.onScenarioChanged,
    onError: (error) => app.log.error(error),
  });
  await app.register(emergencyEvacuationRoutes, { prefix: API_PREFIX, context, hub: scenarioHub });
  const stopScenarioAccess = context.bus.on('userAccessChanged', ({ username }) => {
    void scenarioHub.recheckUser(username);
  });
  const doorKnocking = new DoorKnocking({
    hub: scenarioHub,
    repository: stores.doorKnock,
    incidents: incidents.service,
    dispatch: incidents.dispatch,
    workerName,
    audit: (caller, action, targetId, reason) =>
      audit.recordAudit({
        at: now().toISOString(),
        username: caller.username,
        action,
        targetType: SCENARIO_TARGET_TYPE,
        targetId,
        fields: '',
        reason,
      }),
    now,
    onAssigned: (caller, assignments) => commandModule.onDoorKnock(caller, assignments),
  });
  await app.register(emergencyScenarioRoutes, {
    prefix: API_PREFIX,
    context,
    hub: scenarioHub,
    doorKnocking,
  });
  // The emergency command (docs/decisions/0037): events, plans, messages, report.
  const commandModule: CommandModule = createCommandModule({
    stores,
    records: emergencyRecordStore,
    audit,
    now,
    hub: () => scenarioHub,
    doorKnocking: () => doorKnocking,
    incidentState: async (caller, incidentId) => {
      try {
        return (await incidents.service.findInScope(caller, incidentId)).state;
      } catch {
        return null;
      }
    },
    gateway: messageGateway,
    log: (fields, message) => app.log.info(fields, message),
    onError: (error) => app.log.error(error),
  });
  await commandModule.restoreScenario(scenarioHub);
  await app.register(emergencyCommandRoutes, {
    prefix: API_PREFIX,
    context,
    ...commandModule,
    gateway: messageGateway,
  });
  const emergencyRecords = createEmergencyRecordsModule({
    records: emergencyRecordStore,
    sensors: stores.sensors,
    incidents: incidents.service,
    audit,
    locateGrid: deps.locateGrid,
    now,
    onError: (error) => app.log.error(error),
    mayRunJobs: deps.mayRunJobs,
    ...(deps.alarmHolder === null
      ? {}
      : { alarmLease: { store: stores.leases, holder: deps.alarmHolder } }),
  });
  await app.register(emergencyRecordRoutes, {
    prefix: API_PREFIX,
    context,
    records: emergencyRecords,
  });
  let detachScenarioFeed: () => void = () => {};
  return {
    scenarioHub,
    attach(io) {
      emergencyRecords.attach(io);
      detachScenarioFeed = attachScenarioLiveFeed(io.of(LIVE_NAMESPACE), scenarioHub);
    },
    async close() {
      detachScenarioFeed();
      stopScenarioAccess();
      await emergencyRecords.close();
    },
  };
}
