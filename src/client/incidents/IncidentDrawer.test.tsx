import { act, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError, type ApiClient } from '../feeds/apiClient';
import { useAppStore } from '../shell/appStore';
import { useTrackingStore } from '../tracking/trackingStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { IncidentDrawer } from './IncidentDrawer';
import {
  FIXTURE_GRID,
  FIXTURE_INCIDENT_ID,
  afterStep,
  incidentDetail,
} from './incidentDetailFixture';
import { useIncidentStore, wallIncidentOf } from './incidentStore';
import { drawerActionButtons, openIncidentDrawer } from './openIncidentDrawer';

beforeEach(() => {
  resetStores(useAppStore, useIncidentStore, useTrackingStore);
  useAppStore.getState().setGrids([FIXTURE_GRID]);
});

describe('IncidentDrawer', () => {
  it('reads the incident from the API and shows its state, grid name and description', async () => {
    const { incident } = await openIncidentDrawer(incidentDetail());
    expect(incident).toHaveBeenCalledWith(FIXTURE_INCIDENT_ID, expect.any(AbortSignal));
    expect(screen.getByTestId('incident-drawer-state').textContent).toBe('待受理');
    expect(screen.getByText(FIXTURE_GRID.name)).toBeTruthy();
  });

  it('reads the detail again when the feed brings a change of this incident', async () => {
    const reported = incidentDetail();
    const { incident, server } = await openIncidentDrawer(reported);
    expect(screen.getByTestId('incident-drawer-state').textContent).toBe('待受理');
    server.becomes(afterStep(reported, 'register', { state: 'registered', permittedActions: [] }));
    expect(incident).toHaveBeenCalledTimes(1);

    act(() => {
      useIncidentStore.getState().applyFeedEvents([
        {
          sequence: 1,
          incident: { ...wallIncidentOf(reported), state: 'registered' },
          transition: null,
          escalation: null,
        },
      ]);
    });

    await waitFor(() =>
      expect(screen.getByTestId('incident-drawer-state').textContent).toBe('已立案'),
    );
    expect(incident).toHaveBeenCalledTimes(2);
  });

  it('offers a reported incident exactly the actions the server permits: register, reject, transfer', async () => {
    await openIncidentDrawer(incidentDetail());
    expect(drawerActionButtons()).toEqual(['受理立案', '不予立案', '转办']);
  });

  it('offers dispatch first for a registered incident the dispatcher may dispatch', async () => {
    await openIncidentDrawer(
      incidentDetail({ state: 'registered', permittedActions: ['dispatch', 'transfer'] }),
    );
    expect(drawerActionButtons()).toEqual(['派遣', '转办']);
  });

  it('shows no buttons and says read-only to a user who may take no action', async () => {
    await openIncidentDrawer(incidentDetail({ permittedActions: [] }));
    expect(screen.queryByTestId('incident-actions')).toBeNull();
    expect(screen.getByText('只读：当前账号不能办理此事件')).toBeTruthy();
  });

  it('names a worker assignee as the live directory names them (masked)', async () => {
    useTrackingStore
      .getState()
      .replaceDirectory([
        { workerId: 7, displayName: '林*', gridCodes: [FIXTURE_GRID.code], status: 'online' },
      ]);
    await openIncidentDrawer(incidentDetail({ state: 'dispatched', assigneeUsername: 'worker:7' }));
    expect(screen.getByText('林*')).toBeTruthy();
    expect(screen.queryByText('worker:7')).toBeNull();
  });

  it('says why when the incident cannot be read, and closes on the close button', async () => {
    const incident = vi
      .fn<ApiClient['incident']>()
      .mockRejectedValue(new ApiRequestError({ statusCode: 404, error: 'Not Found', message: '' }));
    useIncidentStore.getState().selectIncident(FIXTURE_INCIDENT_ID);
    const { user } = renderPanel(<IncidentDrawer incidentId={FIXTURE_INCIDENT_ID} />, {
      api: fakeApiClient({ incident }),
    });

    expect((await screen.findByRole('alert')).textContent).toBe(
      '未找到该对象，或不在您的管辖范围内',
    );
    await user.click(screen.getByRole('button', { name: '关闭' }));
    expect(useIncidentStore.getState().selectedIncidentId).toBeNull();
  });

  it('switches its words to English with the screen’s language', async () => {
    await openIncidentDrawer(incidentDetail());
    expect(drawerActionButtons()).toEqual(['受理立案', '不予立案', '转办']);

    act(() => useAppStore.getState().setLanguage('en'));

    expect(drawerActionButtons()).toEqual(['Register', 'Reject', 'Transfer']);
    expect(screen.getByTestId('incident-drawer-state').textContent).toBe('Reported');
    expect(screen.getByText(FIXTURE_GRID.nameEn)).toBeTruthy();
  });
});
