/**
 * One simulated worker's phone as a GPS logger: a patrol walk and a receiver, producing a fix
 * every `fixIntervalMs` from `startMs` on. `fixesUntil(nowMs)` returns every fix due up to now, so
 * a late timer never loses fixes and a backlog (the last hour) is the same call with an earlier
 * start. Deterministic for a seed, worker id, street graph, walk anchor and start time; the walk
 * itself (not the receiver noise) depends only on the anchor, not on the start.
 */
import { toLocalMetres } from '../../src/domain/geo/localFrame';
import type { LonLat } from '../../src/domain/registry';
import type { SeededRandom } from '../../src/domain/seededRandom';
import { GpsReceiver, type GpsOptions, type ReceivedFix } from './gpsReceiver';
import { PatrolWalk } from './patrolWalk';
import type { StreetGraph } from './streetGraph';
import { routeOnGraph, TaskDetour } from './taskDetour';

/** Walking pace to a task: a little brisker than the patrol's. */
export const TASK_WALK_SPEED_MPS = 1.5;

export class SimulatedWorker {
  private readonly walk: PatrolWalk;
  private readonly receiver: GpsReceiver;
  private nextFixMs: number;
  /** A task the worker left the patrol for (the patrol waits meanwhile). */
  private detour: TaskDetour | null = null;

  constructor(
    readonly workerId: number,
    private readonly graph: StreetGraph,
    random: SeededRandom,
    startMs: number,
    private readonly fixIntervalMs: number,
    gps?: GpsOptions,
    walkAnchorMs: number = startMs,
  ) {
    if (!(fixIntervalMs > 0)) throw new RangeError('fixIntervalMs must be positive');
    if (walkAnchorMs > startMs) throw new RangeError('the walk cannot begin after the first fix');
    this.walk = new PatrolWalk(graph, random.fork('walk'));
    // Walked from the anchor, so that runs started at different times agree on where the worker
    // is at a given clock time (a restarted simulator resends its backlog without new jumps).
    this.walk.advance(startMs - walkAnchorMs);
    this.receiver = new GpsReceiver(graph, random.fork('gps'), gps);
    this.nextFixMs = startMs;
  }

  /** Every fix with a fix time up to and including `nowMs` not returned before, oldest first. */
  receivedUntil(nowMs: number): ReceivedFix[] {
    const received: ReceivedFix[] = [];
    while (this.nextFixMs <= nowMs) {
      received.push(this.receiver.receive(this.nextFixMs, (this.detour ?? this.walk).state()));
      if (this.detour === null) {
        this.walk.advance(this.fixIntervalMs);
      } else {
        this.detour.advance(this.fixIntervalMs);
        if (this.detour.finished) this.detour = null;
      }
      this.nextFixMs += this.fixIntervalMs;
    }
    return received;
  }

  /**
   * Leaves the patrol (or the current task) for a site: along the streets, `stayMs` there, and
   * back. Returns the walking time to the site.
   */
  goTo(site: LonLat, stayMs: number): number {
    const from = (this.detour ?? this.walk).state().position;
    const to = toLocalMetres(this.graph.origin, site);
    this.detour = new TaskDetour(routeOnGraph(this.graph, from, to), TASK_WALK_SPEED_MPS, stayMs);
    return this.detour.travelMs;
  }

  fixesUntil(nowMs: number) {
    return this.receivedUntil(nowMs).map((received) => received.fix);
  }
}
