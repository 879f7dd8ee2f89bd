/**
 * Runs one command action (open, tick, level, notify, …): busy while it runs, the error kept to
 * show beside the control, and the active event reloaded afterwards so every section (and the
 * timeline) shows what the server now holds.
 */
import { useState } from 'react';
import { ApiRequestError } from '../../feeds/apiClient';
import { describeError } from '../../widgets/errorMessage';
import { useI18n } from '../../shell/i18n';

export interface CommandAction {
  busy: boolean;
  error: string | null;
  run<T>(work: () => Promise<T>, onDone?: (result: T) => void): void;
}

export function useCommandAction(reload: () => void): CommandAction {
  const { t, language } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return {
    busy,
    error,
    run(work, onDone) {
      setBusy(true);
      setError(null);
      work().then(
        (result) => {
          setBusy(false);
          onDone?.(result);
          reload();
        },
        (failure: unknown) => {
          setBusy(false);
          // The server's own words for a refusal (409 already done, 400 reason needed) first.
          const localized =
            failure instanceof ApiRequestError
              ? (failure.body as { messages?: { zh: string; en: string } }).messages
              : undefined;
          const message = describeError(failure);
          setError(localized?.[language] ?? t(message.messageKey, message.params));
        },
      );
    },
  };
}
