/**
 * The simulated dispatcher (demo data) at the command center's desk, through the API a person
 * uses: registers new reports (rejecting one that intake-check shows is a duplicate of an earlier
 * open report), asks for dispatch suggestions and confirms the best, verifies feedback and closes
 * it (sometimes returning it for rework once), then evaluates and archives. Each incident waits
 * `stepDelayMs` in a state before the dispatcher acts on it, as a person would.
 */
import type {
  CreateIncidentRequest,
  DispatchSuggestion,
  IncidentCommand,
  IncidentIntakeCheck,
  IncidentListItem,
  IncidentState,
} from '../../../src/shared/incidents';
import { planLifecycle } from './incidentLifecycle';

/** What the dispatcher calls; the HTTP client implements it, tests pass a fake. */
export interface DispatcherApi {
  listActive(states: readonly IncidentState[]): Promise<IncidentListItem[]>;
  intakeCheck(categoryCode: string, lon: number, lat: number): Promise<IncidentIntakeCheck>;
  transition(incidentId: string, command: IncidentCommand): Promise<void>;
  suggestions(incidentId: string): Promise<DispatchSuggestion[]>;
  dispatch(incidentId: string, workerId: number, note: string): Promise<void>;
  reportByHotline(request: CreateIncidentRequest): Promise<void>;
}

/** The states the dispatcher (or the admin as leader) moves on. */
export const DISPATCHER_STATES: readonly IncidentState[] = [
  'reported',
  'registered',
  'feedback',
  'closed',
  'evaluated',
];

export type DispatcherDecision =
  | { kind: 'command'; command: IncidentCommand }
  | { kind: 'dispatch'; workerId: number; note: string }
  | { kind: 'wait' };

export interface DispatcherOptions {
  /** How long an incident sits in a state before the dispatcher acts on it. */
  stepDelayMs: number;
  /** Incidents acted on per round at most (a person's pace). */
  maxActionsPerRound?: number;
  log?: (line: string) => void;
}

const DEFAULT_MAX_ACTIONS_PER_ROUND = 10;

/** The decision for one incident, given what the API shows; pure. */
export function decideForIncident(
  incident: IncidentListItem,
  context: {
    duplicates?: IncidentIntakeCheck['possibleDuplicates'];
    suggestions?: readonly DispatchSuggestion[];
    reworkedBefore: boolean;
    /**
     * Fed back before this dispatcher's first look (history, or before a restart): no phone of
     * this run watches it for a return, so a return for rework would leave it in handling.
     */
    fedBackBeforeThisRun?: boolean;
  },
): DispatcherDecision {
  const plan = planLifecycle(`desk:${incident.id}`);
  switch (incident.state) {
    case 'reported': {
      const earlier = (context.duplicates ?? []).find(
        (duplicate) =>
          duplicate.incident.id !== incident.id &&
          duplicate.incident.reportedAtMs < incident.reportedAtMs,
      );
      if (earlier !== undefined) {
        const note = `与${earlier.incident.id}重复（相距${Math.round(earlier.distanceM)}米），合并处理`;
        return { kind: 'command', command: { action: 'reject', note } };
      }
      return { kind: 'command', command: { action: 'register', note: '已受理立案' } };
    }
    case 'registered': {
      const best = context.suggestions?.[0];
      if (best === undefined) return { kind: 'wait' };
      const minutes = Math.max(1, Math.round(best.durationS / 60));
      return {
        kind: 'dispatch',
        workerId: best.workerId,
        note: `派遣最近网格员，步行约${minutes}分钟`,
      };
    }
    case 'feedback':
      return plan.reworked && !context.reworkedBefore && context.fedBackBeforeThisRun !== true
        ? {
            kind: 'command',
            command: { action: 'return_for_rework', note: '现场照片显示未处置彻底，请返工' },
          }
        : { kind: 'command', command: { action: 'verify', note: '核查通过，结案' } };
    case 'closed':
      return { kind: 'command', command: { action: 'evaluate', score: plan.score } };
    case 'evaluated':
      return { kind: 'command', command: { action: 'archive', note: '归档' } };
    default:
      return { kind: 'wait' };
  }
}

export class SimulatedDispatcher {
  /** When each (incident, state) was first seen, for the step delay. */
  private readonly seenAtMs = new Map<string, number>();
  private readonly reworked = new Set<string>();
  /** Time of the first round: incidents already waiting then were fed back before this run. */
  private firstRoundMs: number | null = null;
  private readonly maxActions: number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly api: DispatcherApi,
    private readonly options: DispatcherOptions,
  ) {
    this.maxActions = options.maxActionsPerRound ?? DEFAULT_MAX_ACTIONS_PER_ROUND;
    this.log = options.log ?? (() => undefined);
  }

  /** One look at the desk: acts on the incidents that waited long enough. Returns actions taken. */
  async round(nowMs: number): Promise<number> {
    const incidents = await this.api.listActive(DISPATCHER_STATES);
    this.firstRoundMs ??= nowMs;
    const current = new Set(incidents.map((incident) => `${incident.id}:${incident.state}`));
    for (const key of this.seenAtMs.keys()) if (!current.has(key)) this.seenAtMs.delete(key);
    let actions = 0;
    // Oldest first: the list is newest first.
    for (const incident of [...incidents].reverse()) {
      if (actions >= this.maxActions) break;
      const key = `${incident.id}:${incident.state}`;
      const seenAtMs = this.seenAtMs.get(key) ?? nowMs;
      this.seenAtMs.set(key, seenAtMs);
      if (nowMs - seenAtMs < this.options.stepDelayMs) continue;
      try {
        if (await this.act(incident, seenAtMs === this.firstRoundMs)) actions += 1;
      } catch (error) {
        // Someone else moved it meanwhile (another screen, the escalation): look again next round.
        this.log(`dispatcher: ${incident.id} ${incident.state}: ${(error as Error).message}`);
      }
    }
    return actions;
  }

  private async act(incident: IncidentListItem, waitingAtFirstRound: boolean): Promise<boolean> {
    const context: Parameters<typeof decideForIncident>[1] = {
      reworkedBefore: this.reworked.has(incident.id),
      fedBackBeforeThisRun: waitingAtFirstRound,
    };
    if (incident.state === 'reported') {
      const check = await this.api.intakeCheck(
        incident.categoryCode,
        incident.location.lon,
        incident.location.lat,
      );
      context.duplicates = check.possibleDuplicates;
    } else if (incident.state === 'registered') {
      context.suggestions = await this.api.suggestions(incident.id);
    }
    const decision = decideForIncident(incident, context);
    if (decision.kind === 'wait') return false;
    if (decision.kind === 'dispatch') {
      await this.api.dispatch(incident.id, decision.workerId, decision.note);
    } else {
      if (decision.command.action === 'return_for_rework') this.reworked.add(incident.id);
      await this.api.transition(incident.id, decision.command);
    }
    return true;
  }
}
