/**
 * Asks for the reason before a full ID number and phone are shown (DESIGN.md §6). The server
 * checks the permission and the scope again and writes the audit row; this only collects the
 * reason and passes the answer up.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { RevealResponse } from '../../shared/api';
import { useApi } from './ApiContext';
import { describeError, type ErrorMessage } from './errorMessage';
import { useT } from './i18n';

/** The server's limits on the reason (POST /api/persons/:id/reveal). */
export const REVEAL_REASON_MIN_CHARS = 4;
export const REVEAL_REASON_MAX_CHARS = 200;

interface RevealDialogProps {
  personId: number;
  personName: string;
  onRevealed(response: RevealResponse): void;
  onClose(): void;
}

export function RevealDialog({ personId, personName, onRevealed, onClose }: RevealDialogProps) {
  const t = useT();
  const api = useApi();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<ErrorMessage | null>(null);
  const tooShort = reason.trim().length < REVEAL_REASON_MIN_CHARS;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (tooShort || submitting) return;
    setSubmitting(true);
    setFailure(null);
    try {
      onRevealed(await api.reveal(personId, reason.trim()));
    } catch (error) {
      setFailure(describeError(error));
      setSubmitting(false);
    }
  }

  return (
    <dialog ref={dialogRef} className="dialog" data-testid="reveal-dialog" onCancel={onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <h2 className="dialog-title">{t('reveal.title', { name: personName })}</h2>
        <label className="field">
          <span className="field-label">{t('reveal.reason')}</span>
          <textarea
            data-testid="reveal-reason"
            rows={3}
            maxLength={REVEAL_REASON_MAX_CHARS}
            placeholder={t('reveal.reasonPlaceholder')}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            autoFocus
          />
        </label>
        <p className="dialog-message" role="alert">
          {failure
            ? t(failure.messageKey, failure.params)
            : reason !== '' && tooShort
              ? t('reveal.reasonTooShort', { min: REVEAL_REASON_MIN_CHARS })
              : '\u00a0'}
        </p>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="button button-primary"
            data-testid="reveal-submit"
            disabled={tooShort || submitting}
          >
            {t('reveal.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
