/**
 * The scenario hub over a store that answers late (as PostgreSQL does): changes take effect in
 * the order they were made, and a push assessed for a step that is no longer in force is dropped,
 * so no screen is left on an older step.
 */
import { describe, expect, it } from 'vitest';
import type { EmergencyScenarioPush } from '../../shared/emergencyScenario';
import type { PlumeAssessmentRequest } from '../../shared/emergency';
import type { Caller } from '../registry/accessErrors';
import type { EmergencyRepository } from './plumeAssessment';
import { SCENARIO_ACTIONS } from './scenarioAudit';
import { ScenarioHub } from './scenarioHub';

const NOW = new Date(Date.UTC(2026, 11, 6, 9));
const DISPATCHER: Caller = { username: 'dispatcher', role: 'admin', scopes: ['350102'] };
const STREET_VIEWER = { username: 'street', scopes: ['350102001'] };

function release(windFromDeg: number): PlumeAssessmentRequest {
  return {
    substance: 'chlorine',
    release: { kind: 'continuous', rateGPerS: 200 },
    source: { lon: 119.3, lat: 26.08 },
    windMs: 2,
    windFromDeg,
    stability: 'D',
    terrain: 'urban',
  };
}

/** A store with no buildings whose next answer for `scopes` waits until released. */
function lateStore(heldScope: string) {
  let release: () => void = () => {};
  let holding = true;
  const repository: EmergencyRepository = {
    async listBuildingPointsInZones(scopes) {
      if (holding && scopes.join() === heldScope) {
        holding = false;
        await new Promise<void>((resolve) => (release = resolve));
      }
      return [];
    },
    listResidentGroups: async () => [],
  };
  return { repository, release: () => release() };
}

function hubOver(repository: EmergencyRepository): ScenarioHub {
  return new ScenarioHub({
    repository,
    audit: { recordAudit: async () => 0 },
    now: () => NOW,
    findScopes: () => Promise.resolve(null),
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the scenario hub over a store that answers late', () => {
  it('applies two changes made at once in the order they were made', async () => {
    const store = lateStore(DISPATCHER.scopes.join());
    const hub = hubOver(store.repository);
    const pushes: EmergencyScenarioPush[] = [];
    hub.addScreen('wall', { username: 'wall', scopes: ['350102002'] }, (push) => pushes.push(push));

    const first = hub.change(DISPATCHER, release(270));
    const second = hub.change(DISPATCHER, release(90));
    await settle();
    store.release();
    const [started, changed] = await Promise.all([first, second]);

    expect(started.version).toBe(1);
    expect(changed.version).toBe(2);
    expect(changed.id).toBe(started.id);
    const current = await hub.current(DISPATCHER);
    expect(current?.history.map((step) => step.request.windFromDeg)).toEqual([270, 90]);
    const versions = pushes.flatMap((push) => (push.scenario === null ? [] : [push.scenario]));
    expect(versions.at(-1)?.version).toBe(2);
  });

  it('drops a push assessed for a step that a newer one replaced meanwhile', async () => {
    const store = lateStore(STREET_VIEWER.scopes.join());
    const hub = hubOver(store.repository);
    await hub.change(DISPATCHER, release(270));
    const pushes: EmergencyScenarioPush[] = [];
    // The street screen's assessment of step 1 is held; step 2 reaches it in the meantime.
    hub.addScreen('street', STREET_VIEWER, (push) => pushes.push(push));
    await hub.change(DISPATCHER, release(90));
    store.release();
    await settle();

    expect(pushes.map((push) => push.scenario?.version)).toEqual([2]);
  });

  it('audits a change under its own scenario when an end comes in while it is pushed', async () => {
    const audited: Array<{ action: string; targetId: string }> = [];
    let hub: ScenarioHub | null = null;
    hub = new ScenarioHub({
      repository: lateStore('none').repository,
      audit: {
        recordAudit: async (row) => {
          audited.push({ action: row.action, targetId: row.targetId });
          return 0;
        },
      },
      now: () => NOW,
      findScopes: () => Promise.resolve(null),
      // Runs right after the change took effect, before its push is awaited.
      onChanged: (snapshot) => {
        if (snapshot !== null) void hub!.end(DISPATCHER);
      },
    });

    const started = await hub.change(DISPATCHER, release(270));
    await settle();

    expect(await hub.current(DISPATCHER)).toBeNull();
    expect(audited).toContainEqual({ action: SCENARIO_ACTIONS.start, targetId: started.id });
  });
});
