/**
 * Several server processes behind one proxy (docs/decisions/0039): what one process pushes to
 * its own screens must reach the screens of the others. Rather than sending screens' messages
 * across, each process relays the facts its feeds are made of — committed fixes, SOS, device
 * connections, access and worker changes (the TrackingBus), the incident feed's newest sequence,
 * security alerts, register changes, the emergency scenario — and every process fans them out to its own screens with
 * its own per-screen scope checks, exactly as a single process does. Carried by the socket.io
 * adapter's server-side events (the streams adapter publishes them on Redis pub/sub, in each
 * process's order; every process reads each message, its own then dropped).
 */
import type { Server } from 'socket.io';
import type { Position } from '../../domain/tracking/fix';
import type { SecurityAlert } from '../../shared/securityAlerts';
import type { ScenarioSnapshot } from '../emergency/scenarioState';
import type { IncidentFeed } from '../incidents/incidentFeed';
import type { TrackingBus, TrackingBusEvents } from '../tracking/trackingBus';
import { packPositions, unpackPositions } from './relayedPositions';

export const CLUSTER_RELAY_EVENT = 'gcc:relay';

/** Bus events relayed; positions arrive on the other processes marked 'relayed'. */
const RELAYED_BUS_EVENTS = [
  'positionsCommitted',
  'sosChanged',
  'deviceConnection',
  'userAccessChanged',
  'workersChanged',
] as const satisfies ReadonlyArray<keyof TrackingBusEvents>;

type RelayedBusEvent = (typeof RELAYED_BUS_EVENTS)[number];

export type RelayMessage =
  | { kind: 'bus'; event: Exclude<RelayedBusEvent, 'positionsCommitted'>; args: unknown[] }
  /** Committed fixes, packed (relayedPositions.ts); their origin is 'relayed' on arrival. */
  | { kind: 'positions'; packed: Uint8Array }
  | { kind: 'incidentFeed'; sequence: number }
  | { kind: 'securityAlert'; alert: SecurityAlert }
  | { kind: 'registerChanged'; district: boolean }
  | { kind: 'scenario'; snapshot: ScenarioSnapshot | null };

export interface ClusterRelayDeps {
  io: Pick<Server, 'serverSideEmit' | 'on' | 'off'>;
  bus: TrackingBus;
  feed: IncidentFeed;
  /** Shows a relayed alert on this process's screens (not relayed again). */
  deliverSecurityAlert: (alert: SecurityAlert) => void;
  /** Another process changed the register: drop what was derived from it here. */
  onRegisterChanged: (district: boolean) => void;
  /** Another process changed or ended the emergency scenario: show it on the screens here. */
  applyScenario: (snapshot: ScenarioSnapshot | null) => void;
  onError: (error: unknown) => void;
}

export class ClusterRelay {
  /** True while a relayed fact is applied here: the bus listeners must not send it back. */
  private applyingRelayed = false;
  private readonly stops: Array<() => void> = [];

  constructor(private readonly deps: ClusterRelayDeps) {}

  async start(): Promise<void> {
    const { bus, feed, io } = this.deps;
    for (const event of RELAYED_BUS_EVENTS) {
      this.stops.push(
        bus.on(event, (...args: unknown[]) => {
          if (this.applyingRelayed) return;
          // A fix's own origin is not sent: on the other side every relayed fix is 'relayed'.
          if (event === 'positionsCommitted') {
            this.send({ kind: 'positions', packed: packPositions(args[0] as Position[]) });
          } else {
            this.send({ kind: 'bus', event, args });
          }
        }),
      );
    }
    const onRelayed = (message: RelayMessage): void => this.apply(message);
    io.on(CLUSTER_RELAY_EVENT, onRelayed);
    this.stops.push(() => io.off(CLUSTER_RELAY_EVENT, onRelayed));
    await feed.followDatabase((sequence) => this.send({ kind: 'incidentFeed', sequence }));
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  securityAlert(alert: SecurityAlert): void {
    this.send({ kind: 'securityAlert', alert });
  }

  /** `district`: grids, buildings or the base map may have changed too (an import). */
  registerChanged(district: boolean): void {
    this.send({ kind: 'registerChanged', district });
  }

  scenarioChanged(snapshot: ScenarioSnapshot | null): void {
    this.send({ kind: 'scenario', snapshot });
  }

  private send(message: RelayMessage): void {
    try {
      this.deps.io.serverSideEmit(CLUSTER_RELAY_EVENT, message);
    } catch (error) {
      this.deps.onError(error);
    }
  }

  private apply(message: RelayMessage): void {
    this.applyingRelayed = true;
    try {
      switch (message.kind) {
        case 'bus':
          this.applyBusEvent(message.event, message.args);
          break;
        case 'positions':
          this.deps.bus.emit('positionsCommitted', unpackPositions(message.packed), 'relayed');
          break;
        case 'incidentFeed':
          // Read back from the database: in order, whatever order notices arrive in.
          void this.deps.feed.catchUp();
          break;
        case 'securityAlert':
          this.deps.deliverSecurityAlert(message.alert);
          break;
        case 'registerChanged':
          this.deps.onRegisterChanged(message.district);
          break;
        case 'scenario':
          this.deps.applyScenario(message.snapshot);
          break;
      }
    } catch (error) {
      this.deps.onError(error);
    } finally {
      this.applyingRelayed = false;
    }
  }

  private applyBusEvent(
    event: Exclude<RelayedBusEvent, 'positionsCommitted'>,
    args: unknown[],
  ): void {
    const { bus } = this.deps;
    // The payloads were built by the same code on the other process, from the same types.
    switch (event) {
      case 'sosChanged':
        bus.emit(event, args[0] as Parameters<TrackingBusEvents[typeof event]>[0]);
        break;
      case 'deviceConnection':
        bus.emit(event, args[0] as Parameters<TrackingBusEvents[typeof event]>[0]);
        break;
      case 'userAccessChanged':
        bus.emit(event, args[0] as Parameters<TrackingBusEvents[typeof event]>[0]);
        break;
      case 'workersChanged':
        bus.emit(event);
        break;
    }
  }
}
