/** Declining a task that is not the worker's to do: a reason, then back to the dispatcher. */
import { useState } from 'react';
import { usePhoneText } from './usePhoneText';

/** The server asks for a visible reason; a word or two is not one. */
const MIN_REASON_CHARS = 4;

export function TaskDecline({ onDecline }: { onDecline(reason: string): void }) {
  const t = usePhoneText();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open) {
    return (
      <button
        type="button"
        className="phone-button"
        data-testid="phone-task-decline"
        onClick={() => setOpen(true)}
      >
        {t('tasks.decline')}
      </button>
    );
  }
  return (
    <form
      className="phone-feedback"
      onSubmit={(event) => {
        event.preventDefault();
        onDecline(reason.trim());
      }}
    >
      <label>
        <span>{t('tasks.declineReason')}</span>
        <textarea
          rows={2}
          value={reason}
          required
          minLength={MIN_REASON_CHARS}
          data-testid="phone-decline-reason"
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
      <div className="phone-row">
        <button type="button" className="phone-button" onClick={() => setOpen(false)}>
          {t('tasks.cancel')}
        </button>
        <button type="submit" className="phone-button primary" data-testid="phone-decline-send">
          {t('tasks.decline')}
        </button>
      </div>
    </form>
  );
}
