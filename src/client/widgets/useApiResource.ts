/**
 * Loads one thing from the API whenever its key changes, hands it to the store, and reports
 * loading and error states to the panel that shows it. A newer key aborts the older request,
 * so a slow answer never overwrites a newer selection.
 */
import { useEffect, useEffectEvent, useState } from 'react';
import { isAbortError, type ApiClient } from '../feeds/apiClient';
import { useApi } from '../shell/ApiContext';

export type ResourceStatus = 'idle' | 'loading' | 'error' | 'done';

export interface ResourceState {
  status: ResourceStatus;
  error: unknown;
  retry(): void;
}

interface Tracked {
  key: string | null;
  status: ResourceStatus;
  error: unknown;
}

/**
 * @param key identifies what to load; null loads nothing (nothing selected, or already cached).
 * @param load fetches it; receives the client and an abort signal.
 * @param onLoaded stores the result (typically a store action).
 */
export function useApiResource<T>(
  key: string | null,
  load: (api: ApiClient, signal: AbortSignal) => Promise<T>,
  onLoaded: (data: T) => void,
): ResourceState {
  const api = useApi();
  const [tracked, setTracked] = useState<Tracked>({ key: null, status: 'idle', error: null });
  const [attempt, setAttempt] = useState(0);
  const startLoad = useEffectEvent((signal: AbortSignal) => load(api, signal));
  const finishLoad = useEffectEvent((data: T) => onLoaded(data));

  useEffect(() => {
    if (key === null) return undefined;
    const controller = new AbortController();
    setTracked({ key, status: 'loading', error: null });
    startLoad(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        finishLoad(data);
        setTracked({ key, status: 'done', error: null });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbortError(error)) return;
        setTracked({ key, status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

  const current =
    tracked.key === key ? tracked : { status: key === null ? 'idle' : 'loading', error: null };
  return {
    status: current.status as ResourceStatus,
    error: current.error,
    retry: () => setAttempt((count) => count + 1),
  };
}
