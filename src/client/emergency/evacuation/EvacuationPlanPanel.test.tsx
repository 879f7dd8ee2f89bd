/**
 * The evacuation part of the release panel: advice per zone summed from the plan's buildings,
 * shelters with their fill, buildings no shelter could take with the reason, the routes'
 * longest walk and the resources' ETA; a replayed step's plan is asked of the server and shown.
 */
import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  EvacuationBuilding,
  EvacuationPlan,
} from '../../../domain/emergency/evacuation/evacuationPlan';
import type { PlumeAssessmentRequest, ZoneAssessment } from '../../../shared/emergency';
import type { ActiveScenario } from '../../../shared/emergencyScenario';
import { useAppStore } from '../../shell/appStore';
import { fakeApiClient, renderPanel, resetStores } from '../../widgets/testing/renderPanel';
import { useEmergencyStore } from '../emergencyStore';
import { EvacuationPlanPanel } from './EvacuationPlanPanel';
import { useEvacuationStore } from './evacuationStore';

const REQUEST: PlumeAssessmentRequest = {
  substance: 'chlorine',
  release: { kind: 'continuous', rateGPerS: 1000 },
  source: { lon: 119.2865, lat: 26.0806 },
  windMs: 2,
  windFromDeg: 90,
  stability: 'D',
};

function zone(tier: ZoneAssessment['tier']): ZoneAssessment {
  return {
    tier,
    ppm: 1,
    maxDistanceM: 1000,
    maxHalfWidthM: 100,
    arrivalAtMaxDistanceS: 500,
    truncated: false,
    polygon: null,
    buildings: 0,
    residents: 0,
    byAgeBand: { '0-6': 0, '7-17': 0, '18-59': 0, '60-79': 0, '80+': 0 },
    byTag: { elderly_alone: 0, disabled: 0, key_care: 0, bedridden: 0 },
  };
}

function building(buildingId: number, extra: Partial<EvacuationBuilding>): EvacuationBuilding {
  return {
    buildingId,
    name: `${buildingId}号楼`,
    nameEn: `Building ${buildingId}`,
    gridCode: '350102001001001',
    persons: 40,
    zoneMask: 0b011,
    arrivalS: 900,
    leaveS: 600,
    action: 'evacuate',
    route: null,
    unplaced: null,
    ...extra,
  };
}

const route = (walkS: number) => ({
  shelterId: 1,
  distanceM: walkS * 0.9,
  walkS,
  line: [
    [119.28, 26.08],
    [119.29, 26.09],
  ] as [number, number][],
});

function plan(buildings: EvacuationBuilding[]): EvacuationPlan {
  return {
    walkingSpeedMps: 0.9,
    preparationS: 300,
    drivingSpeedMps: 30 / 3.6,
    buildings,
    shelters: [
      {
        id: 1,
        name: '公园避难场所',
        lon: 119.3,
        lat: 26.1,
        capacityPersons: 100,
        assignedPersons: 80,
        state: 'open',
      },
      {
        id: 2,
        name: '下风向操场',
        lon: 119.31,
        lat: 26.08,
        capacityPersons: 500,
        assignedPersons: 0,
        state: 'in_zone',
      },
    ],
    resources: [
      {
        id: 9,
        name: '消防救援站',
        resourceType: 'rescue_team',
        lon: 119.27,
        lat: 26.07,
        distanceM: 2500,
        etaS: 300,
      },
    ],
  };
}

const CURRENT = plan([
  building(1, { route: route(700) }),
  building(2, { route: route(1300) }),
  building(3, { unplaced: 'no_capacity', persons: 30 }),
  building(4, { action: 'shelter_in_place', zoneMask: 0b111, persons: 12, leaveS: 2000 }),
  building(5, { action: 'shelter_in_place', zoneMask: 0b001, persons: 7 }),
]);

function scenario(): ActiveScenario {
  return {
    id: 'scenario-1',
    version: 2,
    startedAtMs: 1_000,
    updatedAtMs: 2_000,
    history: [
      { atMs: 1_000, request: REQUEST },
      { atMs: 2_000, request: { ...REQUEST, windFromDeg: 120 } },
    ],
    assessment: {
      substance: { id: 'chlorine', nameZh: '氯气', nameEn: 'Chlorine', casNumber: '7782-50-5' },
      stability: 'D',
      stabilitySource: 'entered',
      terrain: 'urban',
      exposureMin: 60,
      windMs: 2,
      windFromDeg: 120,
      zones: [zone('AEGL-1'), zone('AEGL-2'), zone('AEGL-3')],
      buildings: [],
    },
    evacuation: CURRENT,
  };
}

beforeEach(() => {
  resetStores(useEmergencyStore, useAppStore, useEvacuationStore);
});

const adviceOf = (tier: string) =>
  screen.getAllByTestId('evacuation-advice').find((row) => row.dataset['tier'] === tier)!;

describe('the evacuation plan in the panel', () => {
  it('sums the advice per zone, lists shelter fill, unplaced buildings, walks and ETAs', () => {
    useEmergencyStore.getState().applyScenario(scenario());
    renderPanel(<EvacuationPlanPanel />, { api: fakeApiClient({}) });
    // AEGL-3 holds only building 4, which shelters in place; AEGL-2 holds 1–4, three evacuate.
    expect(adviceOf('AEGL-3').dataset).toMatchObject({
      action: 'shelter_in_place',
      evacuatePersons: '0',
    });
    expect(adviceOf('AEGL-2').dataset).toMatchObject({
      action: 'evacuate',
      evacuatePersons: '110',
    });
    expect(adviceOf('AEGL-2').textContent).toContain('疏散 3 栋 110 人 · 就地避险 1 栋 12 人');
    // AEGL-1 always shelters in place, whatever its buildings do.
    expect(adviceOf('AEGL-1').dataset['action']).toBe('shelter_in_place');
    expect(screen.getByTestId('evacuation-routes').textContent).toBe(
      '疏散路线 2 条，最长步行 22 分钟',
    );
    const shelters = screen.getAllByTestId('evacuation-shelter');
    expect(shelters.map((row) => row.textContent)).toEqual([
      '公园避难场所 · 80/100',
      '下风向操场 · 0/500 · 位于威胁区内，不用',
    ]);
    expect(screen.getByTestId('evacuation-unplaced').textContent).toBe(
      '3号楼 · 30 人 · 避难场所容量不足',
    );
    expect(screen.getByTestId('evacuation-resource').textContent).toBe('消防救援站 · 5 分钟');
  });

  it('asks the server for a replayed step’s plan and shows it', async () => {
    const earlier = plan([building(1, { route: route(400) })]);
    const evacuationStep = vi.fn(async (step: number) => ({
      step,
      atMs: 1_000,
      evacuation: earlier,
    }));
    useEmergencyStore.getState().applyScenario(scenario());
    renderPanel(<EvacuationPlanPanel />, { api: fakeApiClient({ evacuationStep }) });
    expect(screen.getByTestId('evacuation-routes').dataset['routes']).toBe('2');
    useEmergencyStore.getState().setReplayStep(0);
    await waitFor(() =>
      expect(screen.getByTestId('evacuation-routes').dataset['routes']).toBe('1'),
    );
    expect(evacuationStep).toHaveBeenCalledTimes(1);
    expect(evacuationStep.mock.calls[0]![0]).toBe(0);
    useEmergencyStore.getState().setReplayStep(null);
    await waitFor(() =>
      expect(screen.getByTestId('evacuation-routes').dataset['routes']).toBe('2'),
    );
  });

  it('shows nothing without a plan', () => {
    const withoutPlan = scenario();
    delete withoutPlan.evacuation;
    useEmergencyStore.getState().applyScenario(withoutPlan);
    renderPanel(<EvacuationPlanPanel />, { api: fakeApiClient({}) });
    expect(screen.queryByTestId('evacuation-plan')).toBeNull();
  });
});
