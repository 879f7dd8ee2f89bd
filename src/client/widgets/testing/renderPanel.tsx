/**
 * Test-only: renders a panel the way the app does (inside ApiProvider, in a chosen language) with
 * a fake API client, and resets stores between tests. Only the API client is faked; the panel,
 * its stores and the translations are the real ones.
 */
import type { ReactElement } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { createApiClient, type ApiClient } from '../../feeds/apiClient';
import { ApiProvider } from '../../shell/ApiContext';
import { useAppStore, type Language } from '../../shell/appStore';

/** The client's method names, read from a real client (creating one sends nothing). */
const API_METHODS = new Set<PropertyKey>(Object.keys(createApiClient()));

/**
 * An ApiClient made of the given methods (typically `vi.fn`s). A panel that calls a method the
 * test did not fake fails loudly instead of reaching the network or hanging on a promise.
 */
export function fakeApiClient(methods: Partial<ApiClient>): ApiClient {
  return new Proxy(methods, {
    get(target, key) {
      if (key in target) return target[key as keyof ApiClient];
      if (API_METHODS.has(key)) {
        throw new Error(`fake ApiClient: ${String(key)} was called but the test did not fake it`);
      }
      return undefined;
    },
  }) as ApiClient;
}

export interface RenderPanelOptions {
  api: ApiClient;
  /** The screen's language; Chinese unless a test asks for English. */
  language?: Language;
}

export interface RenderedPanel extends RenderResult {
  user: UserEvent;
}

export function renderPanel(ui: ReactElement, options: RenderPanelOptions): RenderedPanel {
  useAppStore.getState().setLanguage(options.language ?? 'zh');
  const user = userEvent.setup();
  const result = render(<ApiProvider client={options.api}>{ui}</ApiProvider>);
  return { ...result, user };
}

/** A zustand store as `create()` returns it: enough to put it back to its first state. */
export interface ResettableStore<T> {
  getInitialState(): T;
  setState(state: T, replace: true): void;
}

/** Puts each store back to the state it was created with (call in beforeEach). */
export function resetStores<T extends unknown[]>(
  ...stores: { [K in keyof T]: ResettableStore<T[K]> }
): void {
  for (const store of stores) store.setState(store.getInitialState(), true);
}
