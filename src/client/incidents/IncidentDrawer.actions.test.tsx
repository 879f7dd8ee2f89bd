import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { illegalTransitionError } from '../../domain/incidents/incidentErrors';
import { ApiRequestError, type ApiClient } from '../feeds/apiClient';
import { useAppStore } from '../shell/appStore';
import { useTrackingStore } from '../tracking/trackingStore';
import { resetStores } from '../widgets/testing/renderPanel';
import {
  FIXTURE_GRID,
  FIXTURE_INCIDENT_ID,
  afterStep,
  commandRefusal,
  dispatchSuggestion,
  incidentDetail,
} from './incidentDetailFixture';
import { useIncidentStore } from './incidentStore';
import { drawerActionButtons, openIncidentDrawer } from './openIncidentDrawer';

const REWORK_NOTE = '现场仍有垃圾，请重新清理';

beforeEach(() => {
  resetStores(useAppStore, useIncidentStore, useTrackingStore);
  useAppStore.getState().setGrids([FIXTURE_GRID]);
});

describe('IncidentDrawer actions', () => {
  it('registers with the chosen priority and note, then shows the new state and tells the wall', async () => {
    const reported = incidentDetail();
    const registered = afterStep(reported, 'register', {
      state: 'registered',
      priority: 'high',
      permittedActions: ['dispatch', 'transfer'],
    });
    const { user, sent } = await openIncidentDrawer(reported, (server) => ({
      transitionIncident: server.answering(registered),
    }));

    await user.click(screen.getByRole('button', { name: '受理立案' }));
    await user.selectOptions(screen.getByLabelText(/紧急程度/), 'high');
    await user.type(screen.getByTestId('incident-action-note'), '  群众反映强烈 ');
    await user.click(screen.getByTestId('incident-action-submit'));

    expect(sent.transitionIncident).toHaveBeenCalledWith(FIXTURE_INCIDENT_ID, {
      command: { action: 'register', priority: 'high', note: '群众反映强烈' },
    });
    await waitFor(() =>
      expect(screen.getByTestId('incident-drawer-state').textContent).toBe('已立案'),
    );
    expect(screen.queryByTestId('incident-action-note')).toBeNull();
    expect(drawerActionButtons()).toEqual(['派遣', '转办']);
    expect(useIncidentStore.getState().incidents[FIXTURE_INCIDENT_ID]?.state).toBe('registered');
  });

  it('dispatch opens the nearest workers beside the incident, and the dispatched state follows', async () => {
    const registered = incidentDetail({
      state: 'registered',
      permittedActions: ['dispatch', 'transfer'],
    });
    const dispatched = afterStep(registered, 'dispatch', {
      state: 'dispatched',
      assigneeUsername: 'worker:7',
      permittedActions: [],
    });
    const { user, sent } = await openIncidentDrawer(registered, (server) => ({
      dispatchSuggestions: vi.fn<ApiClient['dispatchSuggestions']>(async (incidentId) => ({
        incidentId,
        suggestions: [dispatchSuggestion(7, '林*', 360)],
      })),
      confirmDispatch: vi.fn<ApiClient['confirmDispatch']>(async () => ({
        incident: server.becomes(dispatched),
        devicesNotified: 1,
      })),
    }));

    await user.click(screen.getByRole('button', { name: '派遣' }));
    await screen.findByText('林*');
    await user.click(screen.getByRole('button', { name: '确认派遣' }));

    expect(sent.confirmDispatch).toHaveBeenCalledWith(FIXTURE_INCIDENT_ID, { workerId: 7 });
    await waitFor(() =>
      expect(screen.getByTestId('incident-drawer-state').textContent).toBe('已派遣'),
    );
    expect(screen.queryByTestId('dispatch-panel')).toBeNull();
  });

  it('shows a refused action in the state machine’s Chinese words and keeps the typed note', async () => {
    const refusal = illegalTransitionError('registered', 'register');
    const { user } = await openIncidentDrawer(incidentDetail(), () => ({
      transitionIncident: vi
        .fn<ApiClient['transitionIncident']>()
        .mockRejectedValue(commandRefusal(refusal)),
    }));

    await user.click(screen.getByRole('button', { name: '受理立案' }));
    await user.type(screen.getByTestId('incident-action-note'), '已电话核实');
    await user.click(screen.getByTestId('incident-action-submit'));

    const error = await screen.findByTestId('incident-action-error');
    expect(error.textContent).toBe(refusal.message.zh);
    expect(error.textContent).toContain('已立案');
    expect((screen.getByTestId('incident-action-note') as HTMLTextAreaElement).value).toBe(
      '已电话核实',
    );
    expect(screen.getByTestId('incident-drawer-state').textContent).toBe('待受理');
  });

  it('shows a failure that is not a refusal (server down) in Chinese and keeps the form', async () => {
    const { user } = await openIncidentDrawer(incidentDetail(), () => ({
      transitionIncident: vi
        .fn<ApiClient['transitionIncident']>()
        .mockRejectedValue(
          new ApiRequestError({ statusCode: 503, error: 'Service Unavailable', message: '' }),
        ),
    }));

    await user.click(screen.getByRole('button', { name: '受理立案' }));
    await user.click(screen.getByTestId('incident-action-submit'));

    expect((await screen.findByTestId('incident-action-error')).textContent).toBe(
      '服务器出错（503），请稍后重试',
    );
    expect(screen.getByTestId('incident-action-submit')).toBeTruthy();
  });

  it('refuses a rejection without a reason, then rejects once a reason is written', async () => {
    const reported = incidentDetail();
    const rejected = afterStep(reported, 'reject', { state: 'rejected', permittedActions: [] });
    const { user, sent } = await openIncidentDrawer(reported, (server) => ({
      transitionIncident: server.checking(rejected),
    }));

    await user.click(screen.getByRole('button', { name: '不予立案' }));
    await user.click(screen.getByTestId('incident-action-submit'));
    expect((await screen.findByTestId('incident-action-error')).textContent).toBe('请填写原因');

    await user.type(screen.getByTestId('incident-action-note'), '不属于本区管辖');
    await user.click(screen.getByTestId('incident-action-submit'));

    expect(sent.transitionIncident).toHaveBeenLastCalledWith(FIXTURE_INCIDENT_ID, {
      command: { action: 'reject', note: '不属于本区管辖' },
    });
    await waitFor(() =>
      expect(screen.getByTestId('incident-drawer-state').textContent).toBe('不予立案'),
    );
  });

  it('returns fed-back work for rework only with a reason, which is sent with it', async () => {
    const fedBack = incidentDetail({
      state: 'feedback',
      assigneeUsername: 'worker:7',
      permittedActions: ['verify', 'return_for_rework'],
    });
    const reworked = afterStep(fedBack, 'return_for_rework', {
      state: 'handling',
      permittedActions: [],
    });
    const { user, sent } = await openIncidentDrawer(fedBack, (server) => ({
      transitionIncident: server.checking(reworked),
    }));
    expect(drawerActionButtons()).toEqual(['核查结案', '退回重办']);

    await user.click(screen.getByRole('button', { name: '退回重办' }));
    await user.type(screen.getByTestId('incident-action-note'), '   ');
    await user.click(screen.getByTestId('incident-action-submit'));
    expect((await screen.findByTestId('incident-action-error')).textContent).toBe('请填写原因');

    await user.clear(screen.getByTestId('incident-action-note'));
    await user.type(screen.getByTestId('incident-action-note'), REWORK_NOTE);
    await user.click(screen.getByTestId('incident-action-submit'));
    expect(sent.transitionIncident).toHaveBeenLastCalledWith(FIXTURE_INCIDENT_ID, {
      command: { action: 'return_for_rework', note: REWORK_NOTE },
    });
    await waitFor(() =>
      expect(screen.getByTestId('incident-drawer-state').textContent).toBe('处置中'),
    );
  });

  it('transfers to the department typed in, with the reason', async () => {
    const reported = incidentDetail({ permittedActions: ['transfer'] });
    const transferred = afterStep(reported, 'transfer', {
      state: 'reported',
      department: '区城管局',
      permittedActions: [],
    });
    const { user, sent } = await openIncidentDrawer(reported, (server) => ({
      transitionIncident: server.answering(transferred),
    }));

    await user.click(screen.getByRole('button', { name: '转办' }));
    await user.type(screen.getByTestId('incident-action-department'), '区城管局');
    await user.type(screen.getByTestId('incident-action-note'), '属市容执法');
    await user.click(screen.getByTestId('incident-action-submit'));

    expect(sent.transitionIncident).toHaveBeenCalledWith(FIXTURE_INCIDENT_ID, {
      command: { action: 'transfer', department: '区城管局', note: '属市容执法' },
    });
  });

  it('sends the evaluation score chosen in the form', async () => {
    const closed = incidentDetail({ state: 'closed', permittedActions: ['evaluate'] });
    const evaluated = afterStep(closed, 'evaluate', {
      state: 'evaluated',
      evaluationScore: 3,
      permittedActions: [],
    });
    const { user, sent } = await openIncidentDrawer(closed, (server) => ({
      transitionIncident: server.answering(evaluated),
    }));

    await user.click(screen.getByRole('button', { name: '评价' }));
    const score = screen.getByRole('spinbutton');
    await user.clear(score);
    await user.type(score, '3');
    await user.click(screen.getByTestId('incident-action-submit'));

    expect(sent.transitionIncident).toHaveBeenCalledWith(FIXTURE_INCIDENT_ID, {
      command: { action: 'evaluate', score: 3 },
    });
  });

  it("shows the reporter's satisfaction beside the leader's evaluation", async () => {
    const rated = incidentDetail({
      state: 'closed',
      permittedActions: ['evaluate'],
      reporterRating: { rating: 'dissatisfied', channel: 'hotline', ratedAtMs: 1 },
    });
    const { user } = await openIncidentDrawer(rated, () => ({}));
    await user.click(screen.getByRole('button', { name: '评价' }));
    expect(screen.getByTestId('incident-reporter-rating').textContent).toBe(
      '报告人满意度：不满意（热线回访）',
    );
  });

  it('says when the reporter has not rated yet', async () => {
    const closed = incidentDetail({ state: 'closed', permittedActions: ['evaluate'] });
    const { user } = await openIncidentDrawer(closed, () => ({}));
    await user.click(screen.getByRole('button', { name: '评价' }));
    expect(screen.getByTestId('incident-reporter-rating').textContent).toBe('报告人尚未评价满意度');
  });

  it('sends nothing when the form is cancelled', async () => {
    const { user, sent } = await openIncidentDrawer(incidentDetail(), () => ({
      transitionIncident: vi.fn<ApiClient['transitionIncident']>(),
    }));

    await user.click(screen.getByRole('button', { name: '不予立案' }));
    await user.type(screen.getByTestId('incident-action-note'), '重复上报');
    await user.click(screen.getByRole('button', { name: '取消' }));

    expect(screen.queryByTestId('incident-action-note')).toBeNull();
    expect(sent.transitionIncident).not.toHaveBeenCalled();
  });
});
