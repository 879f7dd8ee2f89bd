/**
 * The release panel: nothing is asked before a source is placed; placing it sends the scenario
 * as typed; a wind change sends again and the zones follow the new answer; an emptied figure
 * sends nothing and says why; a refusal keeps the last zones and the form; closing forgets the
 * scenario. Counts only: the panel shows no person.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  PlumeAssessmentRequest,
  PlumeAssessmentResponse,
  ZoneAssessment,
} from '../../shared/emergency';
import { ApiRequestError } from '../feeds/apiClient';
import { useAppStore } from '../shell/appStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { EmergencyLauncher, EmergencyPanel } from './EmergencyPanel';
import { plumeRequestOf, useEmergencyStore, DEFAULT_PLUME_DRAFT } from './emergencyStore';

const SOURCE = { lon: 119.2865, lat: 26.0806 };
const NO_TAGS = { elderly_alone: 0, disabled: 0, key_care: 0, bedridden: 0 };
const NO_AGES = { '0-6': 0, '7-17': 0, '18-59': 0, '60-79': 0, '80+': 0 };

function zone(tier: ZoneAssessment['tier'], residents: number, distanceM: number): ZoneAssessment {
  return {
    tier,
    ppm: 1,
    maxDistanceM: distanceM,
    maxHalfWidthM: distanceM / 8,
    arrivalAtMaxDistanceS: distanceM / 3,
    truncated: false,
    polygon: {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    },
    buildings: 2,
    residents,
    byAgeBand: { ...NO_AGES, '80+': 3 },
    byTag: { ...NO_TAGS, elderly_alone: residents > 100 ? 7 : 1 },
  };
}

function answer(request: PlumeAssessmentRequest, scale: number): PlumeAssessmentResponse {
  return {
    substance: { id: 'chlorine', nameZh: '氯气', nameEn: 'Chlorine', casNumber: '7782-50-5' },
    stability: 'D',
    stabilitySource: 'entered',
    terrain: 'urban',
    exposureMin: 60,
    windMs: request.windMs,
    windFromDeg: request.windFromDeg ?? 0,
    zones: [
      zone('AEGL-1', 900 * scale, 2464),
      zone('AEGL-2', 300 * scale, 1057),
      zone('AEGL-3', 40 * scale, 300),
    ],
    buildings: [],
  };
}

beforeEach(() => {
  resetStores(useEmergencyStore, useAppStore);
});

function setUp(plume: (request: PlumeAssessmentRequest) => Promise<PlumeAssessmentResponse>) {
  const plumeAssessment = vi.fn(plume);
  const rendered = renderPanel(
    <>
      <EmergencyLauncher />
      <EmergencyPanel />
    </>,
    { api: fakeApiClient({ plumeAssessment }) },
  );
  return { plumeAssessment, ...rendered };
}

describe('the release panel', () => {
  it('assesses once a source is placed, and again when the wind turns', async () => {
    let call = 0;
    const { plumeAssessment, user } = setUp(async (request) => answer(request, ++call));
    expect(screen.queryByTestId('emergency-panel')).toBeNull();
    await user.click(screen.getByTestId('emergency-open'));
    expect(screen.getByTestId('plume-source').textContent).toBe('尚未选定泄漏点');
    await user.click(screen.getByTestId('plume-place'));
    expect(useEmergencyStore.getState().placingSource).toBe(true);
    expect(plumeAssessment).not.toHaveBeenCalled();

    // The globe's click lands here through the store (mountGlobe's pick).
    useEmergencyStore.getState().placeSource(SOURCE);
    await screen.findByTestId('plume-result');
    expect(plumeAssessment).toHaveBeenCalledTimes(1);
    expect(plumeAssessment.mock.calls[0]![0]).toEqual({
      substance: 'chlorine',
      release: { kind: 'continuous', rateGPerS: 1000 },
      releaseHeightM: 0,
      source: SOURCE,
      windMs: 3,
      windFromDeg: 90,
      stability: 'D',
      terrain: 'urban',
      exposureMin: 60,
    });
    // The most dangerous zone first, with its people.
    const zones = screen.getAllByTestId('plume-zone');
    expect(zones.map((row) => row.dataset.tier)).toEqual(['AEGL-3', 'AEGL-2', 'AEGL-1']);
    expect(within(zones[0]!).getByTestId('plume-zone-residents').textContent).toBe('40');

    await user.click(screen.getByTestId('plume-wind-S'));
    await waitFor(() => expect(plumeAssessment).toHaveBeenCalledTimes(2));
    expect(plumeAssessment.mock.calls[1]![0].windFromDeg).toBe(180);
    await waitFor(() =>
      expect(
        within(screen.getAllByTestId('plume-zone')[0]!).getByTestId('plume-zone-residents')
          .textContent,
      ).toBe('80'),
    );
  });

  it('sends nothing while a figure is empty, and keeps the last zones on a refusal', async () => {
    const { plumeAssessment, user } = setUp(async (request) => {
      if (request.windMs > 40)
        throw new ApiRequestError({
          statusCode: 400,
          error: 'Bad Request',
          message: '风速超出范围 / wind speed out of range',
        });
      return answer(request, 1);
    });
    await user.click(screen.getByTestId('emergency-open'));
    useEmergencyStore.getState().placeSource(SOURCE);
    await screen.findByTestId('plume-result');

    await user.clear(screen.getByTestId('plume-windMs'));
    expect(await screen.findByText('请填写各项数值')).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(plumeAssessment).toHaveBeenCalledTimes(1);

    await user.type(screen.getByTestId('plume-windMs'), '99');
    await waitFor(() => expect(screen.getByTestId('emergency-panel').dataset.status).toBe('error'));
    expect(screen.getByRole('status').textContent).toContain('wind speed out of range');
    expect(screen.getAllByTestId('plume-zone')).toHaveLength(3);
    expect((screen.getByTestId('plume-windMs') as HTMLInputElement).value).toBe('99');
  });

  it('forgets the scenario when closed', async () => {
    const { user } = setUp(async (request) => answer(request, 1));
    await user.click(screen.getByTestId('emergency-open'));
    useEmergencyStore.getState().placeSource(SOURCE);
    await screen.findByTestId('plume-result');
    await user.click(screen.getByText('关闭'));
    expect(screen.queryByTestId('emergency-panel')).toBeNull();
    expect(useEmergencyStore.getState()).toMatchObject({ source: null, assessment: null });
  });
});

describe('plumeRequestOf', () => {
  it('sends a mass for an instantaneous release and the weather when the class is derived', () => {
    const request = plumeRequestOf(
      {
        ...DEFAULT_PLUME_DRAFT,
        releaseKind: 'instantaneous',
        massKg: 250,
        stability: 'auto',
        cloudCoverTenths: 3,
      },
      SOURCE,
      1_700_000_000_000,
    );
    expect(request.release).toEqual({ kind: 'instantaneous', massKg: 250 });
    expect(request.stability).toBeUndefined();
    expect(request.weather).toEqual({ cloudCoverTenths: 3, atMs: 1_700_000_000_000 });
  });
});
