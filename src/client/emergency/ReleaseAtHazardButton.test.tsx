/** 在此模拟泄漏: a hazard source row starts the release panel at the plant with its substance. */
import { fireEvent, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EmergencyRecordView } from '../../shared/emergencyRecords';
import { useAppStore } from '../shell/appStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { useEmergencyStore } from './emergencyStore';
import { ReleaseAtHazardButton } from './ReleaseAtHazardButton';

function record(kind: EmergencyRecordView['kind']): EmergencyRecordView {
  return {
    id: 1,
    kind,
    name: '第8网格氯气储存点（演示）',
    location: { lon: 119.3012, lat: 26.0815 },
    gridCode: '350102001001008',
    attributes: { enterprise: '演示化工', substance: 'ammonia', quantityT: 20 },
    demo: true,
    updatedAt: '2026-12-06T00:00:00.000Z',
  };
}

beforeEach(() => resetStores(useEmergencyStore, useAppStore));

describe('ReleaseAtHazardButton', () => {
  it('opens the release panel at the plant with the plant’s substance', () => {
    renderPanel(<ReleaseAtHazardButton record={record('hazard')} />, { api: fakeApiClient({}) });
    fireEvent.click(screen.getByTestId('release-at-hazard'));
    const state = useEmergencyStore.getState();
    expect(state.open).toBe(true);
    expect(state.source).toEqual({ lon: 119.3012, lat: 26.0815 });
    expect(state.draft.substance).toBe('ammonia');
  });

  it('is not offered for other kinds of record', () => {
    renderPanel(<ReleaseAtHazardButton record={record('shelter')} />, { api: fakeApiClient({}) });
    expect(screen.queryByTestId('release-at-hazard')).toBeNull();
  });
});
