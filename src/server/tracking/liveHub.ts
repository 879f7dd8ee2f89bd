/**
 * The /live fan-out, so a wall sees every worker's newest position without one message per fix:
 * takes committed positions, SOS and access changes from the TrackingBus, and once per tick sends
 * each subscribed screen the newest position of every worker it may see that changed — encoded
 * once per distinct subscription, not once per screen — plus status changes and grid enter/leave
 * events. Knows nothing of socket.io: screens are reached through LiveScreenSink (liveGateway.ts
 * implements it), so tests can drive it with a fake clock.
 */
import { isInScope } from '../../domain/gridCode';
import type { Position } from '../../domain/tracking/fix';
import type { GridTransitionEvent, WorkerGrid } from '../../domain/tracking/gridTransitions';
import {
  DEFAULT_STATUS_THRESHOLDS,
  type StatusThresholds,
} from '../../domain/tracking/workerStatus';
import {
  POSITION_TICK_MS,
  type SubscribeResult,
  type WorkerDirectoryEntry,
  type WorkerStatusChange,
} from '../../shared/trackingEvents';
import type { GridRecord } from '../../domain/registry';
import { encodeLiveFrame } from './liveFrames';
import { LiveScreen, type LiveScreenSink, type LiveViewer } from './liveScreen';
import { LiveWorkerStates, workerGridsOf } from './liveWorkerStates';
import { SubscriptionCache, refuseSubscription, type Subscription } from './liveSubscriptions';
import type { TrackingBus } from './trackingBus';
import type { TrackingRepository, WorkerRecord } from './trackingRepository';
import { toDirectoryEntry } from './workerMapper';

/** How often statuses are re-derived from the clock (offline and idle come from silence). */
export const STATUS_SWEEP_MS = 5_000;

export interface LiveHubDependencies {
  bus: TrackingBus;
  tracking: Pick<TrackingRepository, 'listWorkers' | 'newestPositions' | 'activeSos'>;
  /** Every grid with its polygon (base grids give the workers' own areas). */
  listGrids: () => Promise<readonly GridRecord[]>;
  /** The user's current scopes and permissions, or null when the user no longer exists. */
  findViewer: (username: string) => Promise<LiveViewer | null>;
  nowMs: () => number;
}

export interface LiveHubOptions {
  tickMs: number;
  statusSweepMs: number;
  thresholds: StatusThresholds;
}

export const DEFAULT_LIVE_HUB_OPTIONS: LiveHubOptions = {
  tickMs: POSITION_TICK_MS,
  statusSweepMs: STATUS_SWEEP_MS,
  thresholds: DEFAULT_STATUS_THRESHOLDS,
};

export class LiveHub {
  private readonly screens = new Map<string, LiveScreen>();
  private readonly states: LiveWorkerStates;
  private readonly subscriptions: SubscriptionCache;
  private workers = new Map<number, WorkerRecord>();
  private workerGrids = new Map<number, WorkerGrid[]>();
  private knownGridCodes = new Set<string>();
  private pendingTransitions: GridTransitionEvent[] = [];
  private pendingStatusChanges: WorkerStatusChange[] = [];
  private readonly unsubscribers: Array<() => void> = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly options: LiveHubOptions;
  private reloading: Promise<void> = Promise.resolve();
  private rechecking: Promise<void> = Promise.resolve();
  private sweepingSessions: Promise<void> | null = null;

  /**
   * A hub seeded from the store: the workers, each one's newest fix and the SOS states. It
   * listens to the bus before it reads, and a seeded fix never replaces a newer one taken from
   * the bus meanwhile.
   */
  static async create(
    deps: LiveHubDependencies,
    options: Partial<LiveHubOptions> = {},
  ): Promise<LiveHub> {
    const hub = new LiveHub(deps, options);
    const [workers, grids, newestPositions, activeSos] = await Promise.all([
      deps.tracking.listWorkers(),
      deps.listGrids(),
      deps.tracking.newestPositions(),
      deps.tracking.activeSos(),
    ]);
    hub.applyWorkers(workers, grids);
    hub.states.seed(newestPositions, activeSos, deps.nowMs());
    return hub;
  }

  private constructor(
    private readonly deps: LiveHubDependencies,
    options: Partial<LiveHubOptions> = {},
  ) {
    this.options = { ...DEFAULT_LIVE_HUB_OPTIONS, ...options };
    this.states = new LiveWorkerStates(
      (workerId) => this.workerGrids.get(workerId) ?? [],
      this.options.thresholds,
    );
    this.subscriptions = new SubscriptionCache([]);
    const { bus } = deps;
    this.unsubscribers.push(
      bus.on('positionsCommitted', (positions) => this.takePositions(positions)),
      bus.on('sosChanged', ({ workerId, active }) => this.takeSos(workerId, active)),
      bus.on('userAccessChanged', ({ username }) => this.queueRecheckUser(username)),
      bus.on('workersChanged', () => this.queueReloadWorkers()),
    );
  }

  /** Starts the tick and the status sweep (tests call tick() and sweepStatuses() instead). */
  start(): void {
    if (this.timers.length > 0) return;
    const tickTimer = setInterval(() => this.tick(), this.options.tickMs);
    const sweepTimer = setInterval(() => void this.sweepStatuses(), this.options.statusSweepMs);
    tickTimer.unref();
    sweepTimer.unref();
    this.timers.push(tickTimer, sweepTimer);
  }

  /**
   * Settles when the store reads under way (a session sweep, a user's recheck, a reload of the
   * workers) have ended, so that the server closes its database only after them.
   */
  async stop(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    for (const screen of this.screens.values()) screen.close();
    this.screens.clear();
    await Promise.all([this.sweepingSessions, this.rechecking, this.reloading]);
  }

  get screenCount(): number {
    return this.screens.size;
  }

  statusOf(workerId: number) {
    return this.states.statusOf(workerId);
  }

  /** The newest fix (by fix time) of a worker since the start, or undefined. */
  newestPositionOf(workerId: number): Position | undefined {
    return this.states.newestOf(workerId);
  }

  addScreen(screenId: string, viewer: LiveViewer, sink: LiveScreenSink): void {
    this.screens.set(
      screenId,
      new LiveScreen(screenId, viewer, sink, (workerIds) => this.encodeNewest(workerIds)),
    );
  }

  removeScreen(screenId: string): void {
    this.screens.get(screenId)?.close();
    this.screens.delete(screenId);
  }

  /**
   * Replaces the screen's subscription. The answer lists every visible worker (the screen drops
   * any it knew that is not listed); their newest positions follow in a frame right away.
   */
  subscribe(screenId: string, gridCodes: readonly string[]): SubscribeResult {
    const screen = this.screens.get(screenId);
    if (screen === undefined) return { ok: false, error: 'out_of_scope', refusedGridCodes: [] };
    const refusal = refuseSubscription(gridCodes, this.knownGridCodes, screen.viewer.scopes);
    if (refusal !== null) return refusal;
    const subscription = this.subscriptions.subscriptionFor(gridCodes);
    screen.subscription = subscription;
    screen.keepDirtyWhere((workerId) => subscription.visibleWorkerIds.has(workerId));
    screen.markDirty(
      [...subscription.visibleWorkerIds].filter((workerId) => this.states.newestOf(workerId)),
    );
    // After the answer has gone out, so that the screen knows the directory before positions.
    queueMicrotask(() => screen.flushDirty());
    return {
      ok: true,
      gridCodes: [...subscription.gridCodes],
      workers: this.directoryOf(subscription, screen.viewer),
    };
  }

  /** One tick: newest changed positions out to caught-up screens, pending ids for the others. */
  tick(): void {
    const changed = this.states.takeChanged();
    const statusChanges = this.pendingStatusChanges;
    this.pendingStatusChanges = [];
    statusChanges.push(...this.states.refreshStatuses(this.deps.nowMs(), changed.keys()));
    const transitions = this.pendingTransitions;
    this.pendingTransitions = [];
    if (changed.size === 0 && statusChanges.length === 0 && transitions.length === 0) return;

    const framesByKey = new Map<string, Uint8Array | null>();
    for (const screen of this.screens.values()) {
      const subscription = screen.subscription;
      if (subscription === null) continue;
      this.sendEvents(screen, subscription, statusChanges, transitions);
      if (changed.size === 0) continue;
      if (!screen.isCaughtUp) {
        for (const workerId of changed.keys()) {
          if (subscription.visibleWorkerIds.has(workerId)) screen.markDirty([workerId]);
        }
        continue;
      }
      let frame = framesByKey.get(subscription.key);
      if (frame === undefined) {
        frame = encodeLiveFrame(
          changed.values(),
          (workerId) => this.states.statusOf(workerId),
          this.deps.nowMs(),
          (workerId) => subscription.visibleWorkerIds.has(workerId),
        );
        framesByKey.set(subscription.key, frame);
      }
      if (frame !== null) screen.sendFrame(frame);
    }
  }

  /**
   * Re-derives every status from the clock, then drops screens whose session ended (a logout or
   * revocation through any node). Resolves when the sessions are checked; a check still running
   * from the sweep before is not doubled.
   */
  async sweepStatuses(): Promise<void> {
    this.pendingStatusChanges.push(...this.states.refreshStatuses(this.deps.nowMs()));
    if (this.pendingStatusChanges.length > 0) this.tick();
    if (this.sweepingSessions !== null) return;
    this.sweepingSessions = this.dropEndedSessions()
      // The store did not answer: the screens stay until a sweep that can ask.
      .catch((error: unknown) => console.error(error))
      .finally(() => (this.sweepingSessions = null));
    await this.sweepingSessions;
  }

  private async dropEndedSessions(): Promise<void> {
    const screens = [...this.screens.values()];
    const live = await Promise.all(screens.map((screen) => screen.sink.isSessionLive()));
    screens.forEach((screen, index) => {
      // A screen that left while its session was read is gone already.
      if (live[index] === true || this.screens.get(screen.screenId) !== screen) return;
      this.removeScreen(screen.screenId);
      screen.sink.disconnect();
    });
  }

  private takePositions(positions: readonly Position[]): void {
    for (const position of positions) {
      if (!this.workers.has(position.workerId)) continue;
      this.states.applyPosition(position, this.pendingTransitions);
    }
  }

  private takeSos(workerId: number, active: boolean): void {
    this.states.setSos(workerId, active);
    // SOS does not wait for the sweep: it goes out with the next tick at the latest, now.
    this.pendingStatusChanges.push(...this.states.refreshStatuses(this.deps.nowMs(), [workerId]));
    this.tick();
  }

  /**
   * Scopes changed or the user is gone: every screen of the user is cut back as soon as the user
   * is read. Rechecks run one after another, so an older read never lands after a newer one.
   */
  private queueRecheckUser(username: string): void {
    this.rechecking = this.rechecking
      .then(() => this.deps.findViewer(username))
      .then((viewer) => {
        if (this.unsubscribers.length > 0) this.recheckUser(username, viewer);
      })
      .catch((error: unknown) => console.error(error));
  }

  private recheckUser(username: string, viewer: LiveViewer | null): void {
    for (const screen of [...this.screens.values()]) {
      if (screen.viewer.username !== username) continue;
      if (viewer === null) {
        this.removeScreen(screen.screenId);
        screen.sink.disconnect();
        continue;
      }
      screen.viewer = viewer;
      const subscription = screen.subscription;
      if (subscription === null) continue;
      const revoked = subscription.gridCodes.filter((code) => !isInScope(code, viewer.scopes));
      if (revoked.length === 0) continue;
      const kept = this.subscriptions.subscriptionFor(
        subscription.gridCodes.filter((code) => isInScope(code, viewer.scopes)),
      );
      screen.subscription = kept;
      screen.keepDirtyWhere((workerId) => kept.visibleWorkerIds.has(workerId));
      screen.sink.sendScopeRevoked(revoked);
      screen.sink.sendWorkers(this.directoryOf(kept, viewer));
    }
  }

  /**
   * Assignments changed: each screen gets the entries that appeared, changed or left its scopes.
   * A worker that left is sent with its new grids (none when deleted), so the screen drops it.
   */
  /** Reloads one after another, so an older read never lands after a newer one. */
  private queueReloadWorkers(): void {
    this.reloading = this.reloading
      .then(() => Promise.all([this.deps.tracking.listWorkers(), this.deps.listGrids()]))
      .then(([workers, grids]) => {
        if (this.unsubscribers.length > 0) this.reloadWorkers(workers, grids);
      })
      .catch((error: unknown) => console.error(error));
  }

  private reloadWorkers(workers: readonly WorkerRecord[], grids: readonly GridRecord[]): void {
    const previousWorkers = this.workers;
    this.applyWorkers(workers, grids);
    for (const screen of this.screens.values()) {
      const previous = screen.subscription;
      if (previous === null) continue;
      const next = this.subscriptions.subscriptionFor(previous.gridCodes);
      screen.subscription = next;
      screen.keepDirtyWhere((workerId) => next.visibleWorkerIds.has(workerId));
      const left: WorkerDirectoryEntry[] = [];
      for (const workerId of previous.visibleWorkerIds) {
        if (next.visibleWorkerIds.has(workerId)) continue;
        const worker = this.workers.get(workerId) ??
          previousWorkers.get(workerId) ?? { workerId, name: '', nameEn: '', gridCodes: [] };
        const gone = this.workers.has(workerId) ? worker : { ...worker, gridCodes: [] };
        left.push(toDirectoryEntry(gone, this.states.statusOf(workerId), screen.viewer.canReveal));
      }
      screen.sink.sendWorkers([...this.directoryOf(next, screen.viewer), ...left]);
    }
  }

  private applyWorkers(workers: readonly WorkerRecord[], grids: readonly GridRecord[]): void {
    this.knownGridCodes = new Set(grids.map((grid) => grid.code));
    this.workers = new Map(workers.map((worker) => [worker.workerId, worker]));
    this.workerGrids = workerGridsOf(workers, grids);
    this.subscriptions.replaceWorkers(workers);
  }

  private sendEvents(
    screen: LiveScreen,
    subscription: Subscription,
    statusChanges: readonly WorkerStatusChange[],
    transitions: readonly GridTransitionEvent[],
  ): void {
    const visibleChanges = statusChanges.filter((change) =>
      subscription.visibleWorkerIds.has(change.workerId),
    );
    if (visibleChanges.length > 0) screen.sink.sendWorkerStatus(visibleChanges);
    const visibleTransitions = transitions.filter((event) =>
      subscription.visibleWorkerIds.has(event.workerId),
    );
    if (visibleTransitions.length > 0) screen.sink.sendGridTransitions(visibleTransitions);
  }

  private directoryOf(subscription: Subscription, viewer: LiveViewer): WorkerDirectoryEntry[] {
    const entries: WorkerDirectoryEntry[] = [];
    for (const workerId of subscription.visibleWorkerIds) {
      const worker = this.workers.get(workerId);
      if (worker === undefined) continue;
      entries.push(toDirectoryEntry(worker, this.states.statusOf(workerId), viewer.canReveal));
    }
    return entries.sort((first, second) => first.workerId - second.workerId);
  }

  private encodeNewest(workerIds: Iterable<number>): Uint8Array | null {
    const positions: Position[] = [];
    for (const workerId of workerIds) {
      const position = this.states.newestOf(workerId);
      if (position !== undefined) positions.push(position);
    }
    return encodeLiveFrame(
      positions,
      (workerId) => this.states.statusOf(workerId),
      this.deps.nowMs(),
    );
  }
}
