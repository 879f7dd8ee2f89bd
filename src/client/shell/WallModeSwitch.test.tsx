import { fireEvent, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../shared/api';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { useAppStore } from './appStore';
import { TopBar } from './TopBar';
import { useWallModeStore } from './wallModeStore';

function signIn(role: SessionUser['role'], permissions: SessionUser['permissions']): void {
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
  resetStores(useAppStore, useWallModeStore);
});

describe('the wall mode switch in the top bar', () => {
  it('switches the mode for a leader, and the public modes drop search, forms and the name', () => {
    signIn('leader', ['registry.read', 'incidents.read', 'tracking.read']);
    renderPanel(<TopBar />, { api: fakeApiClient({}) });
    expect(screen.getByTestId('mode-dispatch').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('user-name').textContent).toContain('王建国');
    expect(screen.queryByTestId('open-expiring')).not.toBeNull();
    expect(screen.queryByTestId('search-input')).not.toBeNull();

    fireEvent.click(screen.getByTestId('mode-wall'));
    expect(useWallModeStore.getState().mode).toBe('wall');
    expect(screen.getByTestId('mode-wall').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('aggregates-only').textContent).toBe('仅显示汇总数据');
    expect(screen.getByTestId('user-name').textContent).not.toContain('王建国');
    expect(screen.queryByTestId('open-expiring')).toBeNull();
    expect(screen.queryByTestId('open-password')).toBeNull();
    expect(screen.queryByTestId('search-input')).toBeNull();
  });

  it('offers the tour editor to administrators in the tour mode only', () => {
    signIn('admin', ['registry.read', 'users.manage']);
    renderPanel(<TopBar />, { api: fakeApiClient({}) });
    expect(screen.queryByTestId('tour-editor-toggle')).toBeNull();
    fireEvent.click(screen.getByTestId('mode-tour'));
    expect(screen.getByTestId('tour-editor-toggle').textContent).toBe('编辑导览');
  });

  it('offers no switch to a viewer, who keeps the mode the URL opened', () => {
    signIn('viewer', ['registry.read', 'incidents.read', 'tracking.read']);
    useWallModeStore.setState({ mode: 'wall' });
    renderPanel(<TopBar />, { api: fakeApiClient({}) });
    expect(screen.queryByTestId('mode-switch')).toBeNull();
    expect(screen.getByTestId('aggregates-only')).toBeTruthy();
  });
});
