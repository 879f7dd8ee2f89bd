/**
 * One connected screen on /live: who it is, what it subscribed to, and its flow control. A frame
 * goes out only after the previous one was acknowledged; meanwhile the screen collects the ids of
 * workers that changed (a set, so at most one entry per worker) and, once it acknowledges, gets
 * one frame with the newest position of each — a slow screen never builds up a queue.
 */
import type { GridTransitionEvent } from '../../domain/tracking/gridTransitions';
import type { WorkerDirectoryEntry, WorkerStatusChange } from '../../shared/trackingEvents';
import type { Role } from '../../shared/api';
import { permissionsOf } from '../auth/roles';
import type { Subscription } from './liveSubscriptions';

/** Who is watching: enough to check scopes and masking. */
export interface LiveViewer {
  username: string;
  scopes: readonly string[];
  canReveal: boolean;
}

export function toLiveViewer(user: {
  username: string;
  role: Role;
  scopes: readonly string[];
}): LiveViewer {
  return {
    username: user.username,
    scopes: [...user.scopes],
    canReveal: permissionsOf(user.role).canReveal,
  };
}

/** How the hub reaches a screen; the socket.io gateway implements it. */
export interface LiveScreenSink {
  sendPositions(frame: Uint8Array, onAck: () => void): void;
  sendWorkerStatus(changes: WorkerStatusChange[]): void;
  sendGridTransitions(events: GridTransitionEvent[]): void;
  sendWorkers(entries: WorkerDirectoryEntry[]): void;
  sendScopeRevoked(gridCodes: string[]): void;
  /** Ends the connection: the user is gone or the session ended. */
  disconnect(): void;
  /** Whether the session the screen authenticated with is still live (read from the store). */
  isSessionLive(): Promise<boolean>;
}

export class LiveScreen {
  subscription: Subscription | null = null;
  private awaitingAck = false;
  private readonly dirtyWorkerIds = new Set<number>();
  private closed = false;

  constructor(
    readonly screenId: string,
    public viewer: LiveViewer,
    readonly sink: LiveScreenSink,
    /** The newest positions of these workers as one frame, or null when there are none. */
    private readonly encodeNewest: (workerIds: Iterable<number>) => Uint8Array | null,
  ) {}

  get isCaughtUp(): boolean {
    return !this.awaitingAck;
  }

  get pendingCount(): number {
    return this.dirtyWorkerIds.size;
  }

  /** Sends a frame shared with other screens; the caller checked isCaughtUp. */
  sendFrame(frame: Uint8Array): void {
    this.awaitingAck = true;
    let acknowledged = false;
    this.sink.sendPositions(frame, () => {
      if (acknowledged) return;
      acknowledged = true;
      this.awaitingAck = false;
      this.flushDirty();
    });
  }

  /** Remembers workers for the frame after the next acknowledgement. */
  markDirty(workerIds: Iterable<number>): void {
    for (const workerId of workerIds) this.dirtyWorkerIds.add(workerId);
  }

  /** Drops pending workers this screen may no longer see (after a scope or worker change). */
  keepDirtyWhere(isVisible: (workerId: number) => boolean): void {
    for (const workerId of this.dirtyWorkerIds) {
      if (!isVisible(workerId)) this.dirtyWorkerIds.delete(workerId);
    }
  }

  /** Sends the pending workers now when the screen is caught up. */
  flushDirty(): void {
    if (this.closed || this.awaitingAck || this.dirtyWorkerIds.size === 0) return;
    const frame = this.encodeNewest(this.dirtyWorkerIds);
    this.dirtyWorkerIds.clear();
    if (frame !== null) this.sendFrame(frame);
  }

  close(): void {
    this.closed = true;
    this.subscription = null;
    this.dirtyWorkerIds.clear();
  }
}
