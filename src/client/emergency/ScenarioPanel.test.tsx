/**
 * The hall's scenario in the release panel: a pushed scenario fills the panel and the globe's
 * store without echoing back to the server, a dispatcher's wind change goes out as the scenario,
 * the slider replays an earlier step, the end clears it; the door-knocking list shows the
 * server's order, sends the ticked households and shows each task's live state.
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlumeAssessmentRequest, PlumeAssessmentResponse } from '../../shared/emergency';
import type {
  ActiveScenario,
  DoorKnockHousehold,
  DoorKnockListResponse,
} from '../../shared/emergencyScenario';
import type { SessionUser } from '../../shared/api';
import { useIncidentStore } from '../incidents/incidentStore';
import { useAppStore } from '../shell/appStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { EmergencyPanel } from './EmergencyPanel';
import { displayedReleaseOf, useEmergencyStore } from './emergencyStore';

const SOURCE = { lon: 119.2865, lat: 26.0806 };
const NO_NEEDS = { bedridden: 0, disabled: 0, elderly_alone: 0, children: 0 };

const REQUEST: PlumeAssessmentRequest = {
  substance: 'chlorine',
  release: { kind: 'continuous', rateGPerS: 1000 },
  releaseHeightM: 0,
  source: SOURCE,
  windMs: 3,
  windFromDeg: 90,
  stability: 'D',
  terrain: 'urban',
  exposureMin: 60,
};

function assessment(windFromDeg: number): PlumeAssessmentResponse {
  return {
    substance: { id: 'chlorine', nameZh: '氯气', nameEn: 'Chlorine', casNumber: '7782-50-5' },
    stability: 'D',
    stabilitySource: 'entered',
    terrain: 'urban',
    exposureMin: 60,
    windMs: 3,
    windFromDeg,
    zones: [],
    buildings: [],
  };
}

function scenario(version: number, winds: number[]): ActiveScenario {
  return {
    id: 'scenario-1',
    version,
    startedAtMs: 1_000,
    updatedAtMs: 1_000 * winds.length,
    history: winds.map((windFromDeg, index) => ({
      atMs: 1_000 * (index + 1),
      request: { ...REQUEST, windFromDeg },
    })),
    assessment: assessment(winds.at(-1)!),
  };
}

function household(
  householdId: number,
  extra: Partial<DoorKnockHousehold> = {},
): DoorKnockHousehold {
  return {
    householdId,
    buildingId: 7,
    buildingName: '7号楼',
    buildingNameEn: 'Building 7',
    gridCode: '350102001001001',
    floor: 6,
    roomLabel: `60${householdId}`,
    tier: 'AEGL-3',
    residents: 2,
    needs: NO_NEEDS,
    headName: '张*',
    headPhoneMasked: '*******8000',
    task: null,
    ...extra,
  };
}

function signIn(permissions: SessionUser['permissions']) {
  useAppStore.getState().setSession({
    username: 'dispatcher',
    displayName: '调度员',
    role: 'dispatcher',
    scopes: ['350102'],
    canReveal: true,
    permissions,
    mustChangePassword: false,
  });
}

beforeEach(() => {
  resetStores(useEmergencyStore, useAppStore, useIncidentStore);
});

describe('the hall scenario in the panel', () => {
  it('shows a pushed scenario without sending it back, and sends a wind change as the scenario', async () => {
    signIn(['incidents.dispatch', 'registry.read']);
    const putScenario = vi.fn(async (request: PlumeAssessmentRequest) =>
      scenario(2, [90, request.windFromDeg ?? 0]),
    );
    const doorKnockList = vi.fn(async (): Promise<DoorKnockListResponse> => ({
      scenarioId: 'scenario-1',
      tier: 'AEGL-3',
      households: [],
    }));
    const plumeAssessment = vi.fn();
    const { user } = renderPanel(<EmergencyPanel />, {
      api: fakeApiClient({ putScenario, doorKnockList, plumeAssessment }),
    });
    useEmergencyStore.getState().setOpen(true);
    useEmergencyStore.getState().applyScenario(scenario(1, [90]));
    const bar = await screen.findByTestId('scenario-bar');
    expect(bar.dataset.scenarioVersion).toBe('1');
    expect(useEmergencyStore.getState().source).toEqual(SOURCE);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(putScenario).not.toHaveBeenCalled();
    expect(plumeAssessment).not.toHaveBeenCalled();

    await user.click(screen.getByTestId('plume-wind-S'));
    await waitFor(() => expect(putScenario).toHaveBeenCalledTimes(1));
    expect(putScenario.mock.calls[0]![0]).toEqual({ ...REQUEST, windFromDeg: 180 });
    await waitFor(() =>
      expect(screen.getByTestId('scenario-bar').dataset.scenarioVersion).toBe('2'),
    );
    expect(plumeAssessment).not.toHaveBeenCalled();
  });

  it('keeps a figure typed while its previous change is on the way, and sends it next', async () => {
    signIn(['incidents.dispatch', 'registry.read']);
    const answers: Array<() => void> = [];
    const putScenario = vi.fn(
      (request: PlumeAssessmentRequest) =>
        new Promise<ActiveScenario>((resolve) =>
          answers.push(() => {
            const version = putScenario.mock.calls.length + 1;
            const sent = scenario(version, [90, request.windFromDeg ?? 0]);
            sent.history.at(-1)!.request = request;
            resolve(sent);
          }),
        ),
    );
    const doorKnockList = vi.fn(async (): Promise<DoorKnockListResponse> => ({
      scenarioId: 'scenario-1',
      tier: 'AEGL-3',
      households: [],
    }));
    const { user } = renderPanel(<EmergencyPanel />, {
      api: fakeApiClient({ putScenario, doorKnockList }),
    });
    useEmergencyStore.getState().setOpen(true);
    useEmergencyStore.getState().applyScenario(scenario(1, [90]));
    await screen.findByTestId('scenario-bar');

    await user.click(screen.getByTestId('plume-wind-S'));
    await waitFor(() => expect(putScenario).toHaveBeenCalledTimes(1));
    // The wind speed is typed before the south wind's answer comes back.
    const windMs = screen.getByTestId('plume-windMs');
    await user.clear(windMs);
    await user.type(windMs, '5');
    answers.shift()!();
    await waitFor(() =>
      expect(screen.getByTestId('scenario-bar').dataset.scenarioVersion).toBe('2'),
    );
    expect((screen.getByTestId('plume-windMs') as HTMLInputElement).value).toBe('5');
    // The answer's echo pushed a moment later leaves the typed figure alone too.
    useEmergencyStore.getState().applyScenario(scenario(2, [90, 180]));
    expect(useEmergencyStore.getState().draft.windMs).toBe(5);
    await waitFor(() => expect(putScenario).toHaveBeenCalledTimes(2));
    expect(putScenario.mock.calls[1]![0]).toMatchObject({ windMs: 5, windFromDeg: 180 });
  });

  it('replays an earlier step on the slider and ends the scenario everywhere', async () => {
    signIn(['incidents.dispatch', 'registry.read']);
    const endScenario = vi.fn(async () => ({ ended: true }));
    const doorKnockList = vi.fn(async (): Promise<DoorKnockListResponse> => ({
      scenarioId: 'scenario-1',
      tier: 'AEGL-3',
      households: [],
    }));
    const { user } = renderPanel(<EmergencyPanel />, {
      api: fakeApiClient({ endScenario, doorKnockList }),
    });
    useEmergencyStore.getState().setOpen(true);
    useEmergencyStore.getState().applyScenario(scenario(3, [90, 120, 150]));
    const slider = await screen.findByTestId('scenario-replay');
    expect(slider.dataset.replayStep).toBe('2');
    fireEvent.change(slider, { target: { value: '0' } });
    expect(useEmergencyStore.getState().replayStep).toBe(0);
    expect(displayedReleaseOf(useEmergencyStore.getState())).toMatchObject({
      replaying: true,
      atMs: 1_000,
      request: { windFromDeg: 90 },
    });
    expect(screen.getByTestId('scenario-replay-label').textContent).toContain('第 1/3 步');

    await user.click(screen.getByTestId('scenario-end'));
    await waitFor(() => expect(screen.queryByTestId('scenario-bar')).toBeNull());
    expect(endScenario).toHaveBeenCalledTimes(1);
    expect(useEmergencyStore.getState()).toMatchObject({ scenario: null, assessment: null });
  });

  it('ignores an older push of the same scenario', () => {
    useEmergencyStore.getState().applyScenario(scenario(3, [90, 120, 150]));
    useEmergencyStore.getState().applyScenario(scenario(2, [90, 120]));
    expect(useEmergencyStore.getState().scenario?.version).toBe(3);
  });
});

describe('the door-knocking list', () => {
  it('lists in the server’s order, sends the ticked households and follows their tasks', async () => {
    signIn(['incidents.dispatch', 'registry.read']);
    let assigned = false;
    const doorKnockList = vi.fn(async (): Promise<DoorKnockListResponse> => ({
      scenarioId: 'scenario-1',
      tier: 'AEGL-3',
      households: [
        household(2, {
          needs: { ...NO_NEEDS, disabled: 1 },
          task: assigned
            ? { incidentId: 'INC-1', state: 'dispatched', assigneeDisplayName: '李*' }
            : null,
        }),
        household(1),
      ],
    }));
    const assignDoorKnocking = vi.fn(async (householdIds: number[]) => {
      assigned = true;
      return {
        assignments: [
          {
            buildingId: 7,
            incidentId: 'INC-1',
            householdIds,
            workerId: 3,
            state: 'dispatched' as const,
          },
        ],
      };
    });
    const { user } = renderPanel(<EmergencyPanel />, {
      api: fakeApiClient({ doorKnockList, assignDoorKnocking }),
    });
    useEmergencyStore.getState().setOpen(true);
    useEmergencyStore.getState().applyScenario(scenario(1, [90]));
    await waitFor(() => expect(screen.getAllByTestId('door-knock-row')).toHaveLength(2));
    const rows = screen.getAllByTestId('door-knock-row');
    expect(rows.map((row) => row.dataset.householdId)).toEqual(['2', '1']);
    expect(rows[0]!.textContent).toContain('残疾 1');
    expect(rows[0]!.textContent).toContain('张*');
    expect(doorKnockList).toHaveBeenCalledWith('AEGL-3', expect.anything());

    await user.click(screen.getAllByTestId('door-knock-select')[0]!);
    await user.click(screen.getByTestId('door-knock-assign'));
    expect(assignDoorKnocking).toHaveBeenCalledWith([2]);
    await waitFor(() =>
      expect(screen.getAllByTestId('door-knock-row')[0]!.dataset.taskState).toBe('dispatched'),
    );
    expect(screen.getByTestId('door-knock-outcome').textContent).toContain('已派出 1 个任务');
  });

  it('offers no assignment to a user who does not run the loop', async () => {
    signIn(['registry.read']);
    const doorKnockList = vi.fn(async (): Promise<DoorKnockListResponse> => ({
      scenarioId: 'scenario-1',
      tier: 'AEGL-3',
      households: [household(1)],
    }));
    renderPanel(<EmergencyPanel />, { api: fakeApiClient({ doorKnockList }) });
    useEmergencyStore.getState().setOpen(true);
    useEmergencyStore.getState().applyScenario(scenario(1, [90]));
    await screen.findByTestId('door-knock-row');
    expect(screen.queryByTestId('door-knock-assign')).toBeNull();
    expect(screen.queryByTestId('door-knock-select')).toBeNull();
    expect(screen.queryByTestId('scenario-end')).toBeNull();
  });
});
