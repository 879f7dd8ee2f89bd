/**
 * One simulated worker's phone as a GPS logger: a patrol walk and a receiver, producing a fix
 * every `fixIntervalMs` from `startMs` on. `fixesUntil(nowMs)` returns every fix due up to now, so
 * a late timer never loses fixes and a backlog (the last hour) is the same call with an earlier
 * start. Deterministic for a seed, worker id, street graph, walk anchor and start time; the walk
 * itself (not the receiver noise) depends only on the anchor, not on the start.
 */
import type { SeededRandom } from '../../src/domain/seededRandom';
import { GpsReceiver, type GpsOptions, type ReceivedFix } from './gpsReceiver';
import { PatrolWalk } from './patrolWalk';
import type { StreetGraph } from './streetGraph';

export class SimulatedWorker {
  private readonly walk: PatrolWalk;
  private readonly receiver: GpsReceiver;
  private nextFixMs: number;

  constructor(
    readonly workerId: number,
    graph: StreetGraph,
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
      received.push(this.receiver.receive(this.nextFixMs, this.walk.state()));
      this.walk.advance(this.fixIntervalMs);
      this.nextFixMs += this.fixIntervalMs;
    }
    return received;
  }

  fixesUntil(nowMs: number) {
    return this.receivedUntil(nowMs).map((received) => received.fix);
  }
}
