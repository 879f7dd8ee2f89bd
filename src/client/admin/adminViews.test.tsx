/**
 * The administration views with a faked API: the user list and a refusal in the reader's
 * language, the auditor's desk with the log and its filters, the forced password change.
 */
import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry, ManagedUser, SessionUser } from '../../shared/api';
import { ApiRequestError } from '../feeds/apiClient';
import { useAppStore } from '../shell/appStore';
import { App } from '../shell/App';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { useAdminStore } from './adminStore';
import { UserAdminPanel } from './UserAdminPanel';

const USERS: ManagedUser[] = [
  {
    username: 'admin',
    displayName: 'Administrator',
    role: 'admin',
    scopes: ['350102'],
    department: null,
    workerId: null,
    disabled: false,
    mustChangePassword: false,
    demo: true,
  },
  {
    username: 'handler01',
    displayName: 'Handler',
    role: 'department_handler',
    scopes: ['350102'],
    department: 'urban_management',
    workerId: null,
    disabled: true,
    mustChangePassword: false,
    demo: true,
  },
];

const AUDITOR: SessionUser = {
  username: 'auditor',
  displayName: 'Auditor',
  role: 'auditor',
  scopes: ['350102'],
  canReveal: false,
  permissions: ['audit.read'],
  mustChangePassword: false,
};

const ENTRY: AuditEntry = {
  id: 7,
  at: '2026-12-05T05:00:00.000Z',
  username: 'dispatcher',
  action: 'reveal',
  targetType: 'person',
  targetId: '42',
  fields: 'id_number,phone',
  reason: '核实户籍',
};

beforeEach(() => {
  resetStores(useAppStore, useAdminStore);
});

describe('user management view', () => {
  it('lists users with role, department and state, and shows a refusal in Chinese', async () => {
    const createUser = vi.fn().mockRejectedValue(
      new ApiRequestError({
        statusCode: 400,
        error: 'Bad Request',
        message: 'The password needs at least 12 characters',
        messages: { zh: '密码至少需要 12 个字符', en: 'The password needs at least 12 characters' },
      } as never),
    );
    const api = fakeApiClient({
      users: vi.fn().mockResolvedValue(USERS),
      departments: vi
        .fn()
        .mockResolvedValue([
          { code: 'urban_management', name: '区城市管理局', nameEn: 'Urban Management' },
        ]),
      createUser,
    });
    const { user } = renderPanel(<UserAdminPanel />, { api });
    expect(await screen.findByText('部门处置人')).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByTestId('user-row-handler01').textContent).toContain('区城市管理局'),
    );
    expect(screen.getByTestId('user-row-handler01').textContent).toContain('已停用');
    await user.type(screen.getByTestId('create-username'), 'li.wei');
    await user.type(screen.getByTestId('create-password'), 'short');
    await user.click(screen.getByTestId('create-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('users-message').textContent).toBe('密码至少需要 12 个字符'),
    );
    expect(createUser).toHaveBeenCalledWith(
      expect.objectContaining({ username: 'li.wei', role: 'viewer', department: null }),
    );
  });
});

describe('the app for roles without the wall', () => {
  it('gives the auditor the audit desk, filtering through the API', async () => {
    const audit = vi.fn().mockResolvedValue({ items: [ENTRY], page: 1, pageSize: 50, total: 1 });
    const api = fakeApiClient({
      me: vi.fn().mockResolvedValue(AUDITOR),
      audit,
      auditExportUrl: (query) => `/api/audit/export.csv?action=${query.action ?? ''}`,
    });
    const { user } = renderPanel(<App />, { api });
    expect(await screen.findByText('核实户籍')).toBeTruthy();
    expect(screen.getByTestId('admin-tab-audit')).toBeTruthy();
    expect(screen.queryByTestId('admin-tab-users')).toBeNull();
    await user.type(screen.getByTestId('audit-filter-action'), 'reveal');
    await user.click(screen.getByTestId('audit-apply'));
    await waitFor(() =>
      expect(audit).toHaveBeenLastCalledWith({ action: 'reveal', page: 1, pageSize: 50 }),
    );
    expect(screen.getByTestId('audit-export').getAttribute('href')).toBe(
      '/api/audit/export.csv?action=reveal',
    );
  });

  it('shows only the password change while one is pending', async () => {
    const api = fakeApiClient({
      me: vi.fn().mockResolvedValue({ ...AUDITOR, mustChangePassword: true }),
    });
    renderPanel(<App />, { api });
    expect(await screen.findByText('管理员已重置您的密码，请先设置新密码')).toBeTruthy();
    expect(screen.queryByTestId('audit-log')).toBeNull();
  });
});
