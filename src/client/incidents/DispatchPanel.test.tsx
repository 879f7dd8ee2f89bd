import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { illegalTransitionError } from '../../domain/incidents/incidentErrors';
import { ApiRequestError, type ApiClient } from '../feeds/apiClient';
import type { DispatchSuggestion } from '../../shared/incidents';
import { useAppStore } from '../shell/appStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { DispatchPanel } from './DispatchPanel';
import {
  FIXTURE_INCIDENT_ID,
  afterStep,
  commandRefusal,
  dispatchSuggestion,
  incidentDetail,
} from './incidentDetailFixture';

const SECONDS_PER_MINUTE = 60;

/** Nearest first, as the server ranks them by walking time along the streets. */
const NEAREST_FIRST = [
  dispatchSuggestion(7, '林*', 6 * SECONDS_PER_MINUTE),
  dispatchSuggestion(3, '陈*', 15 * SECONDS_PER_MINUTE, { status: 'idle', inIncidentGrid: false }),
  dispatchSuggestion(12, '王*', 40 * SECONDS_PER_MINUTE, { routeKind: 'straight_line' }),
];

const dispatched = afterStep(incidentDetail({ state: 'registered' }), 'dispatch', {
  state: 'dispatched',
  permittedActions: [],
});

function renderDispatch(
  suggestions: DispatchSuggestion[] | Error,
  confirmDispatch = vi
    .fn<ApiClient['confirmDispatch']>()
    .mockResolvedValue({ incident: dispatched, devicesNotified: 1 }),
) {
  const dispatchSuggestions = vi.fn<ApiClient['dispatchSuggestions']>(async (incidentId) => {
    if (suggestions instanceof Error) throw suggestions;
    return { incidentId, suggestions };
  });
  const onDispatched = vi.fn();
  const onCancel = vi.fn();
  const rendered = renderPanel(
    <DispatchPanel
      incidentId={FIXTURE_INCIDENT_ID}
      onDispatched={onDispatched}
      onCancel={onCancel}
    />,
    { api: fakeApiClient({ dispatchSuggestions, confirmDispatch }) },
  );
  return { ...rendered, dispatchSuggestions, confirmDispatch, onDispatched, onCancel };
}

const shownWorkers = () =>
  screen.getAllByTestId('dispatch-suggestion').map((row) => row.getAttribute('data-worker-id'));
const chosenWorker = () =>
  screen
    .getAllByTestId('dispatch-suggestion')
    .find((row) => row.querySelector('input')?.checked)
    ?.getAttribute('data-worker-id');

beforeEach(() => resetStores(useAppStore));

describe('DispatchPanel', () => {
  it('lists the suggested workers nearest first, with distance, walking time and status, the nearest chosen', async () => {
    const { dispatchSuggestions } = renderDispatch(NEAREST_FIRST);

    expect(await screen.findByText('林*')).toBeTruthy();
    expect(dispatchSuggestions).toHaveBeenCalledWith(
      FIXTURE_INCIDENT_ID,
      expect.any(Number),
      expect.any(AbortSignal),
    );
    expect(shownWorkers()).toEqual(['7', '3', '12']);
    expect(chosenWorker()).toBe('7');
    const [nearest, second, third] = screen.getAllByTestId('dispatch-suggestion');
    expect(nearest?.textContent).toContain('360 米');
    expect(nearest?.textContent).toContain('步行约 6 分钟');
    expect(nearest?.textContent).toContain('本网格');
    expect(second?.textContent).toContain('静止');
    expect(second?.textContent).not.toContain('本网格');
    expect(third?.textContent).toContain('无路网路径，直线估算');
  });

  it('sends the chosen worker and the note, then hands back the dispatched incident', async () => {
    const { user, confirmDispatch, onDispatched } = renderDispatch(NEAREST_FIRST);
    await screen.findByText('陈*');

    await user.click(screen.getByRole('radio', { name: /陈\*/ }));
    await user.type(screen.getByLabelText('意见 / 备注'), ' 顺路先去 ');
    await user.click(screen.getByRole('button', { name: '确认派遣' }));

    expect(confirmDispatch).toHaveBeenCalledWith(FIXTURE_INCIDENT_ID, {
      workerId: 3,
      note: '顺路先去',
    });
    await waitFor(() => expect(onDispatched).toHaveBeenCalledWith(dispatched));
    expect(screen.getByText('已派遣，1 台终端已收到任务')).toBeTruthy();
  });

  it('sends the nearest worker without a note when the dispatcher just confirms', async () => {
    const { user, confirmDispatch } = renderDispatch(NEAREST_FIRST);
    await screen.findByText('林*');

    await user.click(screen.getByRole('button', { name: '确认派遣' }));

    expect(confirmDispatch).toHaveBeenCalledWith(FIXTURE_INCIDENT_ID, { workerId: 7 });
  });

  it('sends nothing without a choice: no worker suggested leaves confirm disabled', async () => {
    const { user, confirmDispatch } = renderDispatch([]);

    expect(await screen.findByText('暂无可派遣的在岗网格员')).toBeTruthy();
    const confirm = screen.getByRole('button', { name: '确认派遣' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    await user.click(confirm);
    expect(confirmDispatch).not.toHaveBeenCalled();
  });

  it('shows a refused dispatch in the state machine’s Chinese words and keeps the choice and note', async () => {
    const refusal = illegalTransitionError('dispatched', 'dispatch');
    const confirmDispatch = vi
      .fn<ApiClient['confirmDispatch']>()
      .mockRejectedValue(commandRefusal(refusal));
    const { user, onDispatched } = renderDispatch(NEAREST_FIRST, confirmDispatch);
    await screen.findByText('王*');

    await user.click(screen.getByRole('radio', { name: /王\*/ }));
    await user.type(screen.getByLabelText('意见 / 备注'), '携带工具');
    await user.click(screen.getByRole('button', { name: '确认派遣' }));

    expect((await screen.findByTestId('dispatch-error')).textContent).toBe(refusal.message.zh);
    expect(chosenWorker()).toBe('12');
    expect((screen.getByLabelText('意见 / 备注') as HTMLTextAreaElement).value).toBe('携带工具');
    expect(onDispatched).not.toHaveBeenCalled();
  });

  it('says so when the suggestions cannot be loaded, and offers nothing to send', async () => {
    const { confirmDispatch } = renderDispatch(
      new ApiRequestError({ statusCode: 403, error: 'Forbidden', message: 'out of scope' }),
    );

    expect((await screen.findByRole('alert')).textContent).toBe('超出您的管辖范围，无权查看');
    expect(screen.queryAllByTestId('dispatch-suggestion')).toEqual([]);
    expect((screen.getByRole('button', { name: '确认派遣' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(confirmDispatch).not.toHaveBeenCalled();
  });

  it('cancel hands back without sending', async () => {
    const { user, confirmDispatch, onCancel } = renderDispatch(NEAREST_FIRST);
    await screen.findByText('林*');

    await user.click(screen.getByRole('button', { name: '取消' }));

    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(confirmDispatch).not.toHaveBeenCalled();
  });
});
