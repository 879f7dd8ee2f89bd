/**
 * The command panel: with no event a dispatcher may open one; with an event the checklist is
 * ticked with a note, the level changes only with a reason and then offers the new level's plans,
 * a zone is notified with the default text, the states are said honestly (outbox: not sent), the
 * timeline reads in the screen's language, and a reader without the dispatch right gets no
 * controls at all.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '../../../shared/api';
import type {
  CommandEventSummary,
  CommandEventView,
  LevelChangeResponse,
  PlanCandidate,
} from '../../../shared/emergencyCommand';
import { ApiRequestError } from '../../feeds/apiClient';
import { useAppStore } from '../../shell/appStore';
import { fakeApiClient, renderPanel, resetStores } from '../../widgets/testing/renderPanel';
import { CommandPanel } from './CommandPanel';
import { CommandSummaryCard } from './CommandSummaryCard';
import { useCommandStore } from './commandStore';

const PLAN: PlanCandidate = {
  recordId: 7,
  name: '危化品泄漏重大预案',
  incidentType: '危化品泄漏',
  level: 'II',
  steps: ['启动指挥部'],
  units: ['区应急管理局'],
  matchesType: true,
  matchesLevel: true,
};

function event(extra: Partial<CommandEventView> = {}): CommandEventView {
  return {
    id: 3,
    title: '氯气泄漏',
    incidentType: '危化品泄漏',
    level: 'IV',
    status: 'active',
    scenarioId: 's-1',
    planRecordId: 5,
    planName: '危化品泄漏一般预案',
    planUnits: ['区应急管理局', '属地街道'],
    openedAtMs: Date.UTC(2026, 11, 6, 2),
    openedBy: 'dispatcher',
    terminatedAtMs: null,
    terminatedBy: null,
    summary: null,
    checklist: [
      {
        index: 0,
        text: '接警核实',
        doneAtMs: Date.UTC(2026, 11, 6, 2, 5),
        doneBy: 'admin',
        note: null,
      },
      { index: 1, text: '划定警戒区', doneAtMs: null, doneBy: null, note: null },
    ],
    timeline: [
      {
        id: 1,
        atMs: Date.UTC(2026, 11, 6, 2),
        actor: 'dispatcher',
        kind: 'level_changed',
        payload: { from: 'IV', to: 'III', direction: 'escalate', reason: '扩散范围扩大' },
      },
    ],
    notificationCounts: [
      {
        tier: 'AEGL-2',
        households: 12,
        outbox: 10,
        sent: 0,
        delivered: 0,
        acknowledged: 1,
        failed: 0,
      },
    ],
    gateway: 'outbox',
    ...extra,
  };
}

const SUMMARY: CommandEventSummary = (({
  checklist: _c,
  timeline: _t,
  notificationCounts: _n,
  gateway: _g,
  ...rest
}) => rest)(event());

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

const notFound = () =>
  Promise.reject(new ApiRequestError({ statusCode: 404, error: 'Not Found', message: 'none' }));

beforeEach(() => {
  resetStores(useCommandStore, useAppStore);
  useCommandStore.getState().setOpen(true);
});

describe('the emergency command panel', () => {
  it('offers a dispatcher to open an event when none is active', async () => {
    signIn(['incidents.dispatch', 'registry.read']);
    const openCommandEvent = vi.fn(async () => event());
    const { user } = renderPanel(<CommandPanel />, {
      api: fakeApiClient({
        commandEvent: vi.fn(notFound),
        commandEvents: vi.fn(async () => ({ events: [] })),
        openCommandEvent,
      }),
    });
    expect(await screen.findByTestId('command-none')).toBeTruthy();
    await user.type(screen.getByLabelText('事件名称'), '化工厂火灾');
    await user.type(screen.getByLabelText('事件类型'), '火灾');
    await user.selectOptions(screen.getByLabelText('响应级别'), 'III');
    await user.click(screen.getByTestId('command-open-event'));
    expect(openCommandEvent).toHaveBeenCalledWith({
      title: '化工厂火灾',
      incidentType: '火灾',
      level: 'III',
    });
  });

  it('ticks a step with a note, changes the level only with a reason and offers that level’s plans', async () => {
    signIn(['incidents.dispatch', 'registry.read']);
    const tickStep = vi.fn(async () => event());
    const changeLevel = vi.fn(async (): Promise<LevelChangeResponse> => ({
      event: event({ level: 'II' }),
      plans: [PLAN],
    }));
    const { user } = renderPanel(<CommandPanel />, {
      api: fakeApiClient({
        commandEvent: vi.fn(async () => event()),
        commandEvents: vi.fn(async () => ({ events: [SUMMARY] })),
        commandPlans: vi.fn(async () => ({ plans: [] })),
        tickStep,
        changeLevel,
      }),
    });
    const checklist = await screen.findByTestId('command-checklist');
    expect(within(checklist).getByText(/admin/)).toBeTruthy();
    // Only the open step can be ticked.
    expect(within(checklist).getAllByTestId('command-tick')).toHaveLength(1);
    await user.type(within(checklist).getByPlaceholderText('备注'), '警戒线已拉设');
    await user.click(within(checklist).getByTestId('command-tick'));
    expect(tickStep).toHaveBeenCalledWith(1, '警戒线已拉设');

    await user.selectOptions(screen.getByTestId('command-level-select'), 'II');
    expect((screen.getByTestId('command-level-change') as HTMLButtonElement).disabled).toBe(true);
    await user.type(screen.getByTestId('command-level-reason'), '下风向居民区受影响');
    await user.click(screen.getByTestId('command-level-change'));
    expect(changeLevel).toHaveBeenCalledWith('II', '下风向居民区受影响');
    const plans = await screen.findByTestId('command-plans');
    expect(within(plans).getByText(/危化品泄漏重大预案/)).toBeTruthy();
  });

  it('notifies a zone with the default text and says that the outbox is not sending', async () => {
    signIn(['incidents.dispatch', 'registry.read']);
    const notifyZone = vi.fn(async () => ({
      households: 12,
      outbox: 10,
      sent: 0,
      failed: 0,
      skipped: 0,
      withoutPhone: 2,
    }));
    const { user } = renderPanel(<CommandPanel />, {
      api: fakeApiClient({
        commandEvent: vi.fn(async () => event()),
        commandEvents: vi.fn(async () => ({ events: [SUMMARY] })),
        commandPlans: vi.fn(async () => ({ plans: [] })),
        notifyZone,
      }),
    });
    expect((await screen.findByTestId('command-gateway')).textContent).toContain('尚未发送');
    const counts = screen.getByTestId('command-counts');
    expect(within(counts).getByText('AEGL-2')).toBeTruthy();
    await user.click(screen.getByTestId('command-notify'));
    expect(notifyZone).toHaveBeenCalledWith({
      tier: 'AEGL-2',
      channel: 'sms',
      text: expect.stringContaining('严重健康影响区') as string,
    });
    expect((await screen.findByTestId('command-notify-result')).textContent).toContain('待发箱10');
    expect(screen.getByTestId('command-timeline').textContent).toContain(
      '响应级别提升：Ⅳ级（一般） → Ⅲ级（较大）；理由：扩散范围扩大',
    );
  });

  it('shows a reader the event and its timeline without any control', async () => {
    signIn(['registry.read']);
    renderPanel(<CommandPanel />, {
      api: fakeApiClient({
        commandEvent: vi.fn(async () => event()),
        commandEvents: vi.fn(async () => ({ events: [SUMMARY] })),
      }),
      language: 'en',
    });
    await waitFor(() => expect(screen.getByTestId('command-event').dataset.level).toBe('IV'));
    expect(screen.getByTestId('command-timeline').textContent).toContain('Response level raised');
    for (const control of [
      'command-tick',
      'command-level-change',
      'command-notify',
      'command-terminate',
    ]) {
      expect(screen.queryByTestId(control)).toBeNull();
    }
    expect(screen.getByTestId('command-xlsx').getAttribute('href')).toBe(
      '/api/emergency/command/events/3/report.xlsx',
    );
  });
});

describe('the command on the public screens', () => {
  it('shows the level, the plan’s progress and counts, and nothing while no event is active', async () => {
    const commandSummary = vi.fn(async () => ({
      summary: {
        title: '氯气泄漏',
        incidentType: '危化品泄漏',
        level: 'II' as const,
        planName: '危化品泄漏重大预案',
        stepsDone: 1,
        stepsTotal: 4,
        openedAtMs: 0,
        notificationCounts: [
          {
            tier: 'AEGL-2',
            households: 12,
            outbox: 9,
            sent: 0,
            delivered: 0,
            acknowledged: 3,
            failed: 0,
          },
        ],
      },
    }));
    renderPanel(<CommandSummaryCard />, { api: fakeApiClient({ commandSummary }) });
    const card = await screen.findByTestId('command-summary');
    expect(card.dataset.level).toBe('II');
    expect(card.textContent).toContain('已完成 1/4 步');
    expect(card.textContent).toContain('已通知 12 户，确认 3 户');
  });

  it('renders nothing without an event', async () => {
    const commandSummary = vi.fn(async () => ({ summary: null }));
    const { container } = renderPanel(<CommandSummaryCard />, {
      api: fakeApiClient({ commandSummary }),
    });
    await waitFor(() => expect(commandSummary).toHaveBeenCalled());
    expect(container.innerHTML).toBe('');
  });
});
