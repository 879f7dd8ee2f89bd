/**
 * The active emergency scenario: one release the command hall works on, held here so that every
 * screen shows the same zones. A dispatcher's change is assessed, kept in the history with its
 * time (the wall's time slider replays it), audited, and pushed at once to every connected
 * screen, each with the resident counts of its own scope (screens with the same scopes share one
 * assessment). Every screen gets the current scenario (or null) when it connects; ending pushes
 * null.
 * Knows nothing of socket.io: screens are reached through a send function (scenarioLiveFeed.ts).
 * Held in memory; the emergency command keeps its steps in the database and `restore` brings it
 * back after a restart (docs/decisions/0037).
 * Several server processes (docs/decisions/0039): each change or end is handed to `onChanged`
 * for the others, which `applyRelayed` it to their own screens (no second audit row).
 * The stores answer asynchronously (docs/decisions/0040): changes are assessed and planned one
 * at a time, and only then take effect in one synchronous step; a push is sent only if the
 * scenario it was assessed for is still the one in force (a newer one is pushed by its own change),
 * so no screen is left on an older step than the others.
 */
import { randomUUID } from 'node:crypto';
import type { EvacuationPlan } from '../../domain/emergency/evacuation/evacuationPlan';
import type { PlumeAssessmentRequest, PlumeAssessmentResponse } from '../../shared/emergency';
import type {
  ActiveScenario,
  EmergencyScenarioPush,
  ScenarioStep,
} from '../../shared/emergencyScenario';
import type { AuditRepository } from '../audit/auditRepository';
import { LocalizedError, type Caller } from '../registry/accessErrors';
import { planForScopes } from './evacuationPlanner';
import { assessPlume, type EmergencyRepository } from './plumeAssessment';

export const SCENARIO_TARGET_TYPE = 'emergency_scenario';
export const SCENARIO_ACTIONS = {
  start: 'emergency_scenario_start',
  change: 'emergency_scenario_change',
  end: 'emergency_scenario_end',
} as const;

/** Enough for a long night of wind shifts; the oldest steps go first past it. */
export const MAX_SCENARIO_STEPS = 500;

export interface ScenarioViewer {
  username: string;
  scopes: readonly string[];
}

interface Screen {
  viewer: ScenarioViewer;
  send(push: EmergencyScenarioPush): void;
}

/** What another process needs to show the scenario: all but the per-scope assessments. */
export interface ScenarioSnapshot {
  id: string;
  version: number;
  startedAtMs: number;
  updatedAtMs: number;
  history: ScenarioStep[];
}

interface ScenarioState {
  id: string;
  version: number;
  startedAtMs: number;
  updatedAtMs: number;
  history: ScenarioStep[];
  /** Assessments of the current step by scope key, filled as screens and callers ask. */
  assessments: Map<string, Promise<PlumeAssessmentResponse>>;
  /** The current step's evacuation plan, district-wide (each screen gets its own buildings). */
  evacuation: EvacuationPlan | null;
}

export interface ScenarioHubDeps {
  repository: EmergencyRepository;
  audit: Pick<AuditRepository, 'recordAudit'>;
  now: () => Date;
  /** A user's current scopes, or null when the user no longer exists. */
  findScopes: (username: string) => Promise<readonly string[] | null>;
  /** Plans the evacuation of a release, district-wide; without it scenarios carry no plan. */
  planEvacuation?: (request: PlumeAssessmentRequest, now: Date) => Promise<EvacuationPlan>;
  /** A relayed or restored scenario that could not be planned or pushed (logged). */
  onError?: (error: unknown) => void;
  /** Told of every start, change and end after it is kept (the command's timeline, 0037). */
  onLifecycle?: (change: ScenarioLifecycle) => void;
  /** A change or the end (null) made here, for the other server processes. */
  onChanged?: (snapshot: ScenarioSnapshot | null) => void;
}

/** A start or change with the caller's scenario (its counts are the caller's), or an end. */
export type ScenarioLifecycle =
  | { kind: 'start' | 'change'; caller: Caller; atMs: number; scenario: ActiveScenario }
  | { kind: 'end'; caller: Caller; atMs: number; scenarioId: string; steps: number };

const scopeKeyOf = (scopes: readonly string[]) => [...scopes].sort().join(',');

export const NO_SCENARIO = new LocalizedError(404, {
  zh: '当前没有进行中的应急推演',
  en: 'There is no active emergency scenario',
});

const NO_STEP = new LocalizedError(404, {
  zh: '推演中没有这一步',
  en: 'The scenario has no such step',
});

export class ScenarioHub {
  /** Replaced, never changed in place: a push compares it to the state it was assessed for. */
  private state: ScenarioState | null = null;
  private readonly screens = new Map<string, Screen>();
  private rechecks: Promise<void> = Promise.resolve();
  /** The change under way: the next one waits for it. */
  private changing: Promise<unknown> = Promise.resolve();
  /** Durations of the last change: assessment of every scope and the push to every screen. */
  lastPushMs: number | null = null;

  constructor(private readonly deps: ScenarioHubDeps) {}

  /** The scenario as `caller` sees it, or null when none is active. */
  current(caller: ScenarioViewer): Promise<ActiveScenario | null> {
    return this.scenarioOf(this.state, caller);
  }

  private async scenarioOf(
    state: ScenarioState | null,
    caller: ScenarioViewer,
  ): Promise<ActiveScenario | null> {
    if (state === null) return null;
    const assessment = await this.assessmentFor(state, caller);
    return {
      id: state.id,
      version: state.version,
      startedAtMs: state.startedAtMs,
      updatedAtMs: state.updatedAtMs,
      history: state.history,
      assessment,
      ...(state.evacuation === null
        ? {}
        : { evacuation: planForScopes(state.evacuation, caller.scopes) }),
    };
  }

  /** The evacuation plan of one history step for the caller's scopes (the time slider's replay). */
  async evacuationAt(
    caller: ScenarioViewer,
    step: number,
  ): Promise<{ atMs: number; evacuation: EvacuationPlan }> {
    const state = this.state;
    if (state === null || this.deps.planEvacuation === undefined) throw NO_SCENARIO;
    const entry = state.history[step];
    if (entry === undefined) throw NO_STEP;
    const plan = await this.deps.planEvacuation(entry.request, new Date(entry.atMs));
    return { atMs: entry.atMs, evacuation: planForScopes(plan, caller.scopes) };
  }

  /** The active scenario's id, or a 404 when none is active. */
  requireActiveId(): string {
    if (this.state === null) throw NO_SCENARIO;
    return this.state.id;
  }

  /**
   * Starts a scenario or changes the active one. The release is assessed for the caller first,
   * so a refused value (400) changes nothing and pushes nothing. Changes take turns: each is
   * assessed and planned, then applied to the scenario in force at that moment (an end that came
   * in meanwhile makes it a new start).
   */
  change(caller: Caller, request: PlumeAssessmentRequest): Promise<ActiveScenario> {
    const changed = this.changing.then(() => this.changeNow(caller, request));
    this.changing = changed.catch(() => {});
    return changed;
  }

  private async changeNow(
    caller: Caller,
    request: PlumeAssessmentRequest,
  ): Promise<ActiveScenario> {
    const startedMs = performance.now();
    const now = this.deps.now();
    // Planned with the change, so the same push carries zones, counts, assignments and routes.
    const [callerAssessment, evacuation] = await Promise.all([
      assessPlume(this.deps.repository, caller, request, now),
      this.deps.planEvacuation?.(request, now) ?? null,
    ]);
    const held = this.state;
    const starting = held === null;
    const state: ScenarioState = {
      id: held?.id ?? randomUUID(),
      version: (held?.version ?? 0) + 1,
      startedAtMs: held?.startedAtMs ?? now.getTime(),
      updatedAtMs: now.getTime(),
      history: [...(held?.history ?? []), { atMs: now.getTime(), request }].slice(
        -MAX_SCENARIO_STEPS,
      ),
      assessments: new Map([[scopeKeyOf(caller.scopes), Promise.resolve(callerAssessment)]]),
      evacuation,
    };
    this.state = state;
    const pushed = this.pushToAll();
    this.deps.onChanged?.(snapshotOf(state));
    await pushed;
    this.lastPushMs = performance.now() - startedMs;
    const scenario = (await this.scenarioOf(state, caller))!;
    this.deps.onLifecycle?.({
      kind: starting ? 'start' : 'change',
      caller,
      atMs: now.getTime(),
      scenario,
    });
    // Audited once the change is out: an end meanwhile cannot come between it and its push.
    await this.audit(
      caller,
      starting ? SCENARIO_ACTIONS.start : SCENARIO_ACTIONS.change,
      request,
      now,
    );
    return scenario;
  }

  /**
   * Brings back a scenario kept by the command after a restart (no audit; screens get it as they
   * connect, and again once its evacuation is planned). Ignored while one is active.
   */
  restore(id: string, history: readonly ScenarioStep[]): void {
    if (this.state !== null || history.length === 0) return;
    const steps = history.slice(-MAX_SCENARIO_STEPS);
    this.state = {
      id,
      version: steps.length,
      startedAtMs: steps[0]!.atMs,
      updatedAtMs: steps.at(-1)!.atMs,
      history: [...steps],
      assessments: new Map(),
      evacuation: null,
    };
    this.planInBackground(this.state);
  }

  /**
   * Ends the active scenario everywhere; false when there was none. The end, its push and its
   * lifecycle happen in one turn (a second end finds none); the audit row follows.
   */
  async end(caller: Caller): Promise<boolean> {
    const state = this.state;
    if (state === null) return false;
    this.state = null;
    void this.pushToAll();
    this.deps.onLifecycle?.({
      kind: 'end',
      caller,
      atMs: this.deps.now().getTime(),
      scenarioId: state.id,
      steps: state.history.length,
    });
    this.deps.onChanged?.(null);
    await this.deps.audit.recordAudit({
      at: this.deps.now().toISOString(),
      username: caller.username,
      action: SCENARIO_ACTIONS.end,
      targetType: SCENARIO_TARGET_TYPE,
      targetId: state.id,
      fields: '',
      reason: `${state.history.length} steps`,
    });
    return true;
  }

  /**
   * Another process's change (or end: null), already audited there: taken unless this process
   * holds a newer version of the same scenario, and pushed to every screen here, each assessed
   * for its own scopes. Planned first and then checked again, in turn with the changes made here.
   */
  applyRelayed(snapshot: ScenarioSnapshot | null): Promise<void> {
    const applied = this.changing.then(() => this.applyRelayedNow(snapshot));
    this.changing = applied.catch((error: unknown) => this.deps.onError?.(error));
    return this.changing.then(() => {});
  }

  private async applyRelayedNow(snapshot: ScenarioSnapshot | null): Promise<void> {
    if (this.isOlderThanHeld(snapshot)) return;
    const last = snapshot?.history.at(-1);
    const evacuation =
      last === undefined
        ? null
        : ((await this.deps.planEvacuation?.(last.request, new Date(last.atMs))) ?? null);
    if (this.isOlderThanHeld(snapshot)) return;
    this.state = snapshot === null ? null : { ...snapshot, assessments: new Map(), evacuation };
    await this.pushToAll();
  }

  private isOlderThanHeld(snapshot: ScenarioSnapshot | null): boolean {
    const held = this.state;
    return snapshot !== null && held?.id === snapshot.id && held.version >= snapshot.version;
  }

  addScreen(screenId: string, viewer: ScenarioViewer, send: Screen['send']): void {
    const screen = { viewer, send };
    this.screens.set(screenId, screen);
    // A screen that joins late starts from the scenario in progress; one that reconnects after
    // the end learns it here (null), so no screen keeps a scenario that is over.
    void this.sendTo(screen);
  }

  removeScreen(screenId: string): void {
    this.screens.delete(screenId);
  }

  /** The user's scopes changed (or the user is gone): their screens get counts of the new ones. */
  recheckUser(username: string): Promise<void> {
    // One after another: two changes in a row must leave the later one's scopes.
    this.rechecks = this.rechecks.then(async () => {
      let scopes: readonly string[] | null;
      try {
        scopes = await this.deps.findScopes(username);
      } catch (error) {
        // Unread, the screens see nothing until the next change: never more than they may.
        this.deps.onError?.(error);
        scopes = null;
      }
      for (const screen of this.screens.values()) {
        if (screen.viewer.username !== username) continue;
        screen.viewer = { username, scopes: scopes ?? [] };
        if (this.state !== null) void this.sendTo(screen);
      }
    });
    return this.rechecks;
  }

  get screenCount(): number {
    return this.screens.size;
  }

  /**
   * The evacuation plan of the step in force of a restored or relayed scenario, planned here:
   * pushed again once planned, unless another step or the end came first.
   */
  private planInBackground(state: ScenarioState): void {
    const last = state.history.at(-1);
    const planEvacuation = this.deps.planEvacuation;
    if (last === undefined || planEvacuation === undefined) return;
    planEvacuation(last.request, new Date(last.atMs)).then(
      (evacuation) => {
        if (this.state !== state) return;
        this.state = { ...state, evacuation };
        void this.pushToAll();
      },
      (error: unknown) => this.deps.onError?.(error),
    );
  }

  private pushToAll(): Promise<void> {
    return Promise.all([...this.screens.values()].map((screen) => this.sendTo(screen))).then(
      () => {},
    );
  }

  private async sendTo(screen: Screen): Promise<void> {
    const state = this.state;
    try {
      const scenario = await this.scenarioOf(state, screen.viewer);
      // A newer step (or the end) took over meanwhile: its own push reaches this screen.
      if (this.state === state) screen.send({ scenario });
    } catch (error) {
      this.deps.onError?.(error);
    }
  }

  private assessmentFor(
    state: ScenarioState,
    viewer: ScenarioViewer,
  ): Promise<PlumeAssessmentResponse> {
    const key = scopeKeyOf(viewer.scopes);
    let assessment = state.assessments.get(key);
    if (assessment === undefined) {
      const request = state.history.at(-1)!.request;
      // The role plays no part in the counts: the scopes decide whose residents are counted.
      assessment = assessPlume(
        this.deps.repository,
        { username: viewer.username, role: 'viewer', scopes: viewer.scopes },
        request,
        new Date(state.updatedAtMs),
      );
      // Screens of one scope asking at once share one assessment; a failed one is asked again.
      state.assessments.set(key, assessment);
      assessment.catch(() => state.assessments.delete(key));
    }
    return assessment;
  }

  private async audit(
    caller: Caller,
    action: string,
    request: PlumeAssessmentRequest,
    now: Date,
  ): Promise<void> {
    const release =
      request.release.kind === 'continuous'
        ? `${request.release.rateGPerS} g/s`
        : `${request.release.massKg} kg`;
    await this.deps.audit.recordAudit({
      at: now.toISOString(),
      username: caller.username,
      action,
      targetType: SCENARIO_TARGET_TYPE,
      targetId: this.state!.id,
      fields: '',
      reason:
        `${request.substance} ${release} at ${request.source.lon.toFixed(5)},` +
        `${request.source.lat.toFixed(5)}; wind ${request.windMs} m/s from ${request.windFromDeg ?? 0}°`,
    });
  }
}

function snapshotOf(state: ScenarioState): ScenarioSnapshot {
  const { id, version, startedAtMs, updatedAtMs, history } = state;
  return { id, version, startedAtMs, updatedAtMs, history };
}
