/**
 * Asks for the purpose and the reason before anything masked is shown (DESIGN.md §6): a person's
 * ID number and phone, or an incident's free text. The purpose comes from the fixed list and the
 * reason follows the domain's rule (ten visible characters, not one repeated), checked here as
 * the user types and again by the server, which also checks permission, scope and the hourly
 * limit and writes the audit row. This only collects the answer and passes the result up.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  MAX_REASON_CHARS,
  MIN_REASON_VISIBLE_CHARS,
  parseRevealReason,
  REVEAL_PURPOSES,
  type RevealPurpose,
} from '../../domain/revealReason';
import { useT } from '../shell/i18n';
import { describeError, type ErrorMessage } from './errorMessage';
import { LabelledSelect } from './LabelledSelect';

/** How long revealed values stay on screen before they are masked again. */
export const REVEAL_DISPLAY_MS = 30_000;

interface RevealDialogProps<T> {
  title: string;
  /** Sends the request (POST …/reveal); a refusal is shown in the dialog. */
  reveal(purpose: RevealPurpose, reason: string): Promise<T>;
  onRevealed(response: T): void;
  onClose(): void;
}

export function RevealDialog<T>({ title, reveal, onRevealed, onClose }: RevealDialogProps<T>) {
  const t = useT();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [purpose, setPurpose] = useState<RevealPurpose | ''>('');
  const [reason, setReason] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<ErrorMessage | null>(null);
  const checked = parseRevealReason(purpose, reason);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!checked.ok || submitting) return;
    setSubmitting(true);
    setFailure(null);
    try {
      onRevealed(await reveal(checked.value.purpose, checked.value.reason));
    } catch (error) {
      setFailure(describeError(error));
      setSubmitting(false);
    }
  }

  // Say what is wrong only once the user has typed something: an empty form is not an error.
  const hint = failure
    ? t(failure.messageKey, failure.params)
    : !checked.ok && reason !== ''
      ? t(`reveal.error.${checked.error}`, {
          min: MIN_REASON_VISIBLE_CHARS,
          max: MAX_REASON_CHARS,
        })
      : '\u00a0';

  return (
    <dialog ref={dialogRef} className="dialog" data-testid="reveal-dialog" onCancel={onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <h2 className="dialog-title">{title}</h2>
        <LabelledSelect
          label={t('reveal.purpose')}
          value={purpose}
          emptyLabel={t('reveal.purposePlaceholder')}
          testId="reveal-purpose"
          options={REVEAL_PURPOSES.map((value) => ({
            value,
            label: t(`reveal.purpose.${value}`),
          }))}
          onChange={(value) => setPurpose(value as RevealPurpose | '')}
        />
        <label className="field">
          <span className="field-label">{t('reveal.reason')}</span>
          <textarea
            data-testid="reveal-reason"
            rows={3}
            maxLength={MAX_REASON_CHARS}
            placeholder={t('reveal.reasonPlaceholder')}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            autoFocus
          />
        </label>
        <p className="dialog-message" role="alert">
          {hint}
        </p>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="button button-primary"
            data-testid="reveal-submit"
            disabled={!checked.ok || submitting}
          >
            {t('reveal.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
