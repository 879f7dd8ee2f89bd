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
 * The turns of a change are kept here; the screens and their pushes are in scenarioScreens.ts, how
 * one viewer sees the held state in scenarioState.ts, the audit rows in scenarioAudit.ts.
 */
import { randomUUID } from 'node:crypto';
import type { EvacuationPlan } from '../../domain/emergency/evacuation/evacuationPlan';
import type { PlumeAssessmentRequest } from '../../shared/emergency';
import type { ActiveScenario, ScenarioStep } from '../../shared/emergencyScenario';
import type { AuditRepository } from '../audit/auditRepository';
import { LocalizedError, type Caller } from '../registry/accessErrors';
import { planForScopes } from './evacuationPlanner';
import { assessPlume, type EmergencyRepository } from './plumeAssessment';
import { auditScenarioEnd, auditScenarioStep, SCENARIO_ACTIONS } from './scenarioAudit';
import { ScenarioScreens, type ScenarioScreen } from './scenarioScreens';
import {
  scenarioOf,
  scopeKeyOf,
  snapshotOf,
  type ScenarioSnapshot,
  type ScenarioState,
  type ScenarioViewer,
} from './scenarioState';

/** Enough for a long night of wind shifts; the oldest steps go first past it. */
export const MAX_SCENARIO_STEPS = 500;

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
  private readonly screens: ScenarioScreens;
  /** The change under way: the next one waits for it. */
  private changing: Promise<unknown> = Promise.resolve();
  /** Durations of the last change: assessment of every scope and the push to every screen. */
  lastPushMs: number | null = null;

  constructor(private readonly deps: ScenarioHubDeps) {
    this.screens = new ScenarioScreens(deps, () => this.state);
  }

  /** The scenario as `caller` sees it, or null when none is active. */
  current(caller: ScenarioViewer): Promise<ActiveScenario | null> {
    return scenarioOf(this.deps.repository, this.state, caller);
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
    const pushed = this.screens.pushToAll();
    this.deps.onChanged?.(snapshotOf(state));
    await pushed;
    this.lastPushMs = performance.now() - startedMs;
    const scenario = (await scenarioOf(this.deps.repository, state, caller))!;
    this.deps.onLifecycle?.({
      kind: starting ? 'start' : 'change',
      caller,
      atMs: now.getTime(),
      scenario,
    });
    // Audited once the change is out: an end meanwhile cannot come between it and its push.
    await auditScenarioStep(
      this.deps.audit,
      caller,
      starting ? SCENARIO_ACTIONS.start : SCENARIO_ACTIONS.change,
      request,
      now,
      // The change's own scenario: an end may have come in while it was pushed.
      state.id,
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
    void this.screens.pushToAll();
    this.deps.onLifecycle?.({
      kind: 'end',
      caller,
      atMs: this.deps.now().getTime(),
      scenarioId: state.id,
      steps: state.history.length,
    });
    this.deps.onChanged?.(null);
    await auditScenarioEnd(
      this.deps.audit,
      caller,
      this.deps.now(),
      state.id,
      state.history.length,
    );
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
    await this.screens.pushToAll();
  }

  private isOlderThanHeld(snapshot: ScenarioSnapshot | null): boolean {
    const held = this.state;
    return snapshot !== null && held?.id === snapshot.id && held.version >= snapshot.version;
  }

  addScreen(screenId: string, viewer: ScenarioViewer, send: ScenarioScreen['send']): void {
    this.screens.add(screenId, viewer, send);
  }

  removeScreen(screenId: string): void {
    this.screens.remove(screenId);
  }

  /** The user's scopes changed (or the user is gone): their screens get counts of the new ones. */
  recheckUser(username: string): Promise<void> {
    return this.screens.recheckUser(username);
  }

  get screenCount(): number {
    return this.screens.count;
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
        void this.screens.pushToAll();
      },
      (error: unknown) => this.deps.onError?.(error),
    );
  }
}
