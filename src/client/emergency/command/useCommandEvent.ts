/**
 * Keeps the active emergency event fresh while the command panel is open: loads it at once and
 * every COMMAND_POLL_MS, so ticks, level changes, receipts and other desks' entries appear
 * within seconds; a 404 means no event. Nothing is polled while the panel is closed.
 */
import { useEffect, useState } from 'react';
import { ApiRequestError } from '../../feeds/apiClient';
import { useApiResource, type ResourceState } from '../../widgets/useApiResource';
import { useCommandStore } from './commandStore';

export const COMMAND_POLL_MS = 5_000;
const HTTP_NOT_FOUND = 404;

export function useCommandEvent(open: boolean): ResourceState & { reload(): void } {
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!open) return undefined;
    const timer = setInterval(() => setRound((value) => value + 1), COMMAND_POLL_MS);
    return () => clearInterval(timer);
  }, [open]);
  const resource = useApiResource(
    open ? `command:${round}` : null,
    (api, signal) =>
      api.commandEvent(signal).catch((error: unknown) => {
        if (error instanceof ApiRequestError && error.statusCode === HTTP_NOT_FOUND) return null;
        throw error;
      }),
    (event) => useCommandStore.getState().setEvent(event),
  );
  return { ...resource, reload: () => setRound((value) => value + 1) };
}
