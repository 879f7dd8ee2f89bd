/**
 * A grid worker's patrol as a function of time: walking the street graph at 1.0–1.6 m/s, turning
 * at junctions (never straight back unless at a dead end), pausing briefly at corners and
 * stopping for several minutes at doorsteps (household visits, which the wall's stop detection
 * should find). Advanced in fixed steps from a start time; the same seed gives the same walk.
 */
import type { SeededRandom } from '../../src/domain/seededRandom';
import type { LocalPoint } from '../../src/domain/geo/streetGraph';
import type { StreetGraph } from './streetGraph';

export const WALK_SPEED_MPS = { min: 1.0, max: 1.6 } as const;
/** Chance that an edge has a household visit on it, and how long a visit lasts. */
const VISIT_CHANCE_PER_EDGE = 0.12;
export const VISIT_DURATION_MS = { min: 6 * 60_000, max: 14 * 60_000 } as const;
/** Chance of a short pause at a junction (a greeting, a traffic light), and its length. */
const CORNER_PAUSE_CHANCE = 0.15;
const CORNER_PAUSE_MS = { min: 15_000, max: 90_000 } as const;

export type WalkActivity = 'walking' | 'pausing' | 'visiting';

export interface WalkState {
  position: LocalPoint;
  /** Ground speed, m/s (0 while standing). */
  speedMps: number;
  /** Direction of travel, degrees clockwise from north; null while standing. */
  headingDeg: number | null;
  activity: WalkActivity;
}

export class PatrolWalk {
  private edge: number;
  /** Walking from the edge's `from` node (true) or from its `to` node. */
  private forward: boolean;
  private alongM = 0;
  private legSpeedMps: number;
  private pauseLeftMs = 0;
  private pauseActivity: WalkActivity = 'pausing';
  /** Where on the current edge a visit happens (metres from the start), if one does. */
  private visitAtM: number | null = null;

  constructor(
    private readonly graph: StreetGraph,
    private readonly random: SeededRandom,
  ) {
    this.edge = random.int(0, graph.edges.length - 1);
    this.forward = random.chance(0.5);
    this.alongM = random.between(0, this.edgeLengthM());
    this.legSpeedMps = random.between(WALK_SPEED_MPS.min, WALK_SPEED_MPS.max);
  }

  private edgeLengthM(): number {
    return this.graph.edges[this.edge]!.lengthM;
  }

  private endpoints(): [LocalPoint, LocalPoint] {
    const edge = this.graph.edges[this.edge]!;
    const from = this.graph.nodes[edge.from]!;
    const to = this.graph.nodes[edge.to]!;
    return this.forward ? [from, to] : [to, from];
  }

  /** Where the worker is now, and how they move. */
  state(): WalkState {
    const [start, end] = this.endpoints();
    const lengthM = this.edgeLengthM();
    const fraction = lengthM === 0 ? 0 : Math.min(1, this.alongM / lengthM);
    const position = {
      eastM: start.eastM + fraction * (end.eastM - start.eastM),
      northM: start.northM + fraction * (end.northM - start.northM),
    };
    if (this.pauseLeftMs > 0) {
      return { position, speedMps: 0, headingDeg: null, activity: this.pauseActivity };
    }
    const headingDeg =
      (Math.atan2(end.eastM - start.eastM, end.northM - start.northM) * 180) / Math.PI;
    return {
      position,
      speedMps: this.legSpeedMps,
      headingDeg: (headingDeg + 360) % 360,
      activity: 'walking',
    };
  }

  private pause(activity: WalkActivity, durationMs: number): void {
    this.pauseActivity = activity;
    this.pauseLeftMs = durationMs;
  }

  /** At the end of the edge: pick the next one, and maybe pause at the corner. */
  private turn(): void {
    const edge = this.graph.edges[this.edge]!;
    const node = this.forward ? edge.to : edge.from;
    const choices = this.graph.edgesAtNode[node]!.filter((other) => other !== this.edge);
    const next = choices.length === 0 ? this.edge : this.random.pick(choices);
    this.forward = this.graph.edges[next]!.from === node;
    this.edge = next;
    this.alongM = 0;
    this.legSpeedMps = this.random.between(WALK_SPEED_MPS.min, WALK_SPEED_MPS.max);
    this.visitAtM = this.random.chance(VISIT_CHANCE_PER_EDGE)
      ? this.random.between(0, this.edgeLengthM())
      : null;
    if (this.random.chance(CORNER_PAUSE_CHANCE)) {
      this.pause('pausing', this.random.between(CORNER_PAUSE_MS.min, CORNER_PAUSE_MS.max));
    }
  }

  /**
   * Moves the walk on by `stepMs`. Random draws happen only at events (a turn, a visit), never per
   * call, so one long step lands where many short ones do: a walk can be fast-forwarded from an
   * anchor time cheaply and reach the same place at the same clock time on every run.
   */
  advance(stepMs: number): void {
    let leftMs = stepMs;
    while (leftMs > 0) {
      if (this.pauseLeftMs > 0) {
        const pausedMs = Math.min(this.pauseLeftMs, leftMs);
        this.pauseLeftMs -= pausedMs;
        leftMs -= pausedMs;
        continue;
      }
      const targetM = this.visitAtM ?? this.edgeLengthM();
      const reachMs = (Math.max(0, targetM - this.alongM) / this.legSpeedMps) * 1000;
      if (reachMs > leftMs) {
        this.alongM += (this.legSpeedMps * leftMs) / 1000;
        return;
      }
      // Edges are at least the node snapping distance long, so each turn takes time: this ends.
      this.alongM = targetM;
      leftMs -= reachMs;
      if (this.visitAtM !== null) {
        this.visitAtM = null;
        this.pause('visiting', this.random.between(VISIT_DURATION_MS.min, VISIT_DURATION_MS.max));
      } else {
        this.turn();
      }
    }
  }
}
