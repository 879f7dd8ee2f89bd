import { fireEvent, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../shared/api';
import { useAdminStore } from '../admin/adminStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { AccountMenu } from './AccountMenu';
import { useAppStore } from './appStore';
import { useWallModeStore } from './wallModeStore';

function signIn(role: SessionUser['role'], permissions: string[]): void {
  useAppStore.setState({
    session: {
      username: role,
      displayName: '王建国',
      role,
      permissions,
      scopes: ['350102'],
    } as unknown as SessionUser,
  });
}

beforeEach(() => {
  resetStores(useAppStore, useWallModeStore, useAdminStore);
});

describe('the account menu', () => {
  it('keeps the actions closed until asked, lists those the role holds, and opens one', () => {
    signIn('admin', ['users.manage', 'audit.read', 'register.review']);
    renderPanel(<AccountMenu />, { api: fakeApiClient({}) });
    expect(screen.getByTestId('user-name').textContent).toContain('王建国');
    expect(screen.queryByTestId('open-users')).toBeNull();
    expect(screen.getByTestId('account-menu').getAttribute('aria-expanded')).toBe('false');

    fireEvent.click(screen.getByTestId('account-menu'));
    expect(screen.getByTestId('account-menu').getAttribute('aria-expanded')).toBe('true');
    const items = screen.getAllByRole('menuitem').map((item) => item.getAttribute('data-testid'));
    expect(items).toEqual(['open-users', 'open-requests', 'open-audit', 'open-password', 'logout']);

    fireEvent.click(screen.getByTestId('open-audit'));
    expect(useAdminStore.getState().view).toBe('audit');
    expect(screen.queryByTestId('account-menu-list')).toBeNull();
  });

  it('offers a dispatcher without those permissions only the password and sign-out', () => {
    signIn('dispatcher', ['registry.read']);
    renderPanel(<AccountMenu />, { api: fakeApiClient({}) });
    fireEvent.click(screen.getByTestId('account-menu'));
    expect(screen.getAllByRole('menuitem').map((item) => item.getAttribute('data-testid'))).toEqual(
      ['open-password', 'logout'],
    );
  });

  it('closes on Escape and on a press outside', () => {
    signIn('admin', ['users.manage']);
    renderPanel(<AccountMenu />, { api: fakeApiClient({}) });
    fireEvent.click(screen.getByTestId('account-menu'));
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByTestId('account-menu-list')).toBeNull();
    fireEvent.click(screen.getByTestId('account-menu'));
    fireEvent.pointerDown(document.body);
    expect(screen.queryByTestId('account-menu-list')).toBeNull();
  });

  it('signs out from the menu and forgets the session', () => {
    signIn('admin', []);
    let revoked = 0;
    renderPanel(<AccountMenu />, {
      api: fakeApiClient({
        logout: async () => {
          revoked++;
        },
      }),
    });
    fireEvent.click(screen.getByTestId('account-menu'));
    fireEvent.click(screen.getByTestId('logout'));
    expect(revoked).toBe(1);
    expect(useAppStore.getState().session).toBeNull();
  });
});
