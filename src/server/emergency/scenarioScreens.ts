/**
 * The screens connected to the scenario hub and what each is pushed, apart from how the scenario
 * changes: every screen is shown the held scenario for its own scopes, and a push assessed for a
 * state that is no longer held is dropped, so no screen is left on an older step than the others.
 */
import type { EmergencyScenarioPush } from '../../shared/emergencyScenario';
import type { EmergencyRepository } from './plumeAssessment';
import { scenarioOf, type ScenarioState, type ScenarioViewer } from './scenarioState';

export interface ScenarioScreen {
  viewer: ScenarioViewer;
  send(push: EmergencyScenarioPush): void;
}

/** What of the hub's dependencies the screens read. */
export interface ScenarioScreensDeps {
  repository: EmergencyRepository;
  /** A user's current scopes, or null when the user no longer exists. */
  findScopes: (username: string) => Promise<readonly string[] | null>;
  /** A push that could not be assessed or sent, or scopes that could not be read (logged). */
  onError?: (error: unknown) => void;
}

export class ScenarioScreens {
  private readonly screens = new Map<string, ScenarioScreen>();
  private rechecks: Promise<void> = Promise.resolve();

  /** `held`: the hub's state in force now (replaced, never changed in place). */
  constructor(
    private readonly deps: ScenarioScreensDeps,
    private readonly held: () => ScenarioState | null,
  ) {}

  add(screenId: string, viewer: ScenarioViewer, send: ScenarioScreen['send']): void {
    const screen = { viewer, send };
    this.screens.set(screenId, screen);
    // A screen that joins late starts from the scenario in progress; one that reconnects after
    // the end learns it here (null), so no screen keeps a scenario that is over.
    void this.sendTo(screen);
  }

  remove(screenId: string): void {
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
        if (this.held() !== null) void this.sendTo(screen);
      }
    });
    return this.rechecks;
  }

  get count(): number {
    return this.screens.size;
  }

  pushToAll(): Promise<void> {
    return Promise.all([...this.screens.values()].map((screen) => this.sendTo(screen))).then(
      () => {},
    );
  }

  private async sendTo(screen: ScenarioScreen): Promise<void> {
    const state = this.held();
    try {
      const scenario = await scenarioOf(this.deps.repository, state, screen.viewer);
      // A newer step (or the end) took over meanwhile: its own push reaches this screen.
      if (this.held() === state) screen.send({ scenario });
    } catch (error) {
      this.deps.onError?.(error);
    }
  }
}
