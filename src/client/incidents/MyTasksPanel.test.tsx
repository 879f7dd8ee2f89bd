/**
 * 我的任务 on the desk of a department handler (no wall): the app opens on the tab, lists the
 * work the server answers for them, opens one in the detail drawer and takes the step the server
 * offers (accept), after which the row shows the new state; an empty list says so.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '../../shared/api';
import type { IncidentListResponse } from '../../shared/incidents';
import { useAdminStore } from '../admin/adminStore';
import { App } from '../shell/App';
import { useAppStore } from '../shell/appStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { afterStep, FIXTURE_INCIDENT_ID, incidentDetail } from './incidentDetailFixture';
import { useIncidentStore } from './incidentStore';

const HANDLER: SessionUser = {
  username: 'handler01',
  displayName: '城管处置人',
  role: 'department_handler',
  scopes: ['350102'],
  canReveal: false,
  permissions: ['incidents.handle', 'incidents.read'],
  mustChangePassword: false,
};

const DISPATCHED = incidentDetail({
  state: 'dispatched',
  assigneeUsername: 'handler01',
  department: 'urban_management',
  permittedActions: ['accept'],
});

function listOf(...items: (typeof DISPATCHED)[]): IncidentListResponse {
  return { items, page: 1, pageSize: 100, total: items.length, feedSequence: 3 };
}

beforeEach(() => {
  resetStores(useAppStore, useAdminStore, useIncidentStore);
});

describe('我的任务 for a department handler', () => {
  it('lists the assigned work and accepts it in the drawer', async () => {
    const accepted = afterStep(DISPATCHED, 'accept', {
      state: 'handling',
      permittedActions: ['feed_back'],
    });
    const incidents = vi.fn().mockResolvedValue(listOf(DISPATCHED));
    const transitionIncident = vi.fn().mockResolvedValue(accepted);
    const api = fakeApiClient({
      me: vi.fn().mockResolvedValue(HANDLER),
      incidents,
      incident: vi.fn().mockResolvedValue(DISPATCHED),
      transitionIncident,
      departments: vi
        .fn()
        .mockResolvedValue([
          { code: 'urban_management', name: '区城市管理局', nameEn: 'Urban Management' },
        ]),
    });
    const { user } = renderPanel(<App />, { api });
    const tasks = await screen.findByTestId('my-tasks');
    expect(screen.getByTestId('admin-tab-tasks').className).toContain('button-primary');
    expect(screen.queryByTestId('admin-tab-users')).toBeNull();
    expect(incidents).toHaveBeenCalledWith({ openness: 'open', pageSize: 100 }, expect.anything());
    const row = await within(tasks).findByTestId('incident-row');
    expect(row.getAttribute('data-incident-id')).toBe(FIXTURE_INCIDENT_ID);
    expect(within(tasks).getByTestId('my-tasks-count').textContent).toBe('共 1 件');

    await user.click(row);
    // The department's code reads as its name.
    expect(await screen.findByText('区城市管理局')).toBeTruthy();
    await user.click(await screen.findByTestId('incident-action-accept'));
    await user.click(screen.getByTestId('incident-action-submit'));
    expect(transitionIncident).toHaveBeenCalledWith(FIXTURE_INCIDENT_ID, {
      command: { action: 'accept' },
    });
    await waitFor(() =>
      expect(within(tasks).getByTestId('incident-row').getAttribute('data-state')).toBe('handling'),
    );
  });

  it('says when nothing is assigned, and reads the closed work on request', async () => {
    const incidents = vi.fn().mockResolvedValue(listOf());
    const api = fakeApiClient({ me: vi.fn().mockResolvedValue(HANDLER), incidents });
    const { user } = renderPanel(<App />, { api });
    expect((await screen.findByTestId('my-tasks-empty')).textContent).toBe('暂无派给您的待办事件');
    await user.click(screen.getByTestId('my-tasks-closed'));
    await waitFor(() =>
      expect(incidents).toHaveBeenLastCalledWith(
        { openness: 'closed', pageSize: 100 },
        expect.anything(),
      ),
    );
    expect((await screen.findByTestId('my-tasks-empty')).textContent).toBe('暂无已办结的事件');
  });
});
