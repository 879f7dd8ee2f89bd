import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../feeds/apiClient';
import { useAppStore } from '../../shell/appStore';
import { useApi } from '../../shell/ApiContext';
import { useT } from '../../shell/i18n';
import { fakeApiClient, renderPanel, resetStores } from './renderPanel';

function Greeting() {
  const t = useT();
  const api = useApi();
  return (
    <button type="button" onClick={() => void api.me()}>
      {t('common.close')}
    </button>
  );
}

describe('renderPanel', () => {
  it('gives the panel the fake client, in Chinese unless asked for English', async () => {
    const me = vi.fn<ApiClient['me']>().mockResolvedValue({
      username: 'dispatcher01',
      displayName: '调度员',
      role: 'dispatcher',
      scopes: ['350102'],
      canReveal: false,
      permissions: [],
      mustChangePassword: false,
    });
    const { user, unmount } = renderPanel(<Greeting />, { api: fakeApiClient({ me }) });
    await user.click(screen.getByRole('button', { name: '关闭' }));
    expect(me).toHaveBeenCalledTimes(1);
    unmount();

    renderPanel(<Greeting />, { api: fakeApiClient({ me }), language: 'en' });
    expect(screen.getByRole('button', { name: 'Close' })).toBeTruthy();
  });

  it('fails loudly when a panel calls a method the test did not fake', () => {
    const api = fakeApiClient({});
    expect(() => api.me()).toThrow(/me was called but the test did not fake it/);
    expect((api as unknown as Record<string, unknown>).then).toBeUndefined();
  });

  it('puts stores back to the state they were created with', () => {
    useAppStore.getState().setLanguage('en');
    useAppStore.getState().setGlobeReady(true);
    resetStores(useAppStore);
    expect(useAppStore.getState().language).toBe('zh');
    expect(useAppStore.getState().globeReady).toBe(false);
  });
});
