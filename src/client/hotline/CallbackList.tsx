/**
 * The call-back list (回访): closed hotline cases whose caller waits to hear the outcome, oldest
 * first. The operator reads the closing note, asks for the number (the full number is audited on
 * the server), calls, asks how satisfied the caller is, and marks the call-back made.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  SATISFACTION_LABELS,
  SATISFACTION_RATINGS,
  type SatisfactionRating,
} from '../../domain/incidents/reporterAnswer';
import type { HotlineCallback } from '../../shared/hotline';
import { isAbortError } from '../feeds/apiClient';
import { categoryName, commandFailureText } from '../incidents/incidentText';
import { useApi } from '../shell/ApiContext';
import { useI18n } from '../shell/i18n';

type ListState =
  | { status: 'loading' }
  | { status: 'done'; items: HotlineCallback[] }
  | { status: 'error'; message: string };

export function CallbackList() {
  const { t, language } = useI18n();
  const api = useApi();
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setList({ status: 'loading' });
    api.hotlineCallbacks(controller.signal).then(
      (answer) => setList({ status: 'done', items: answer.items }),
      (failure: unknown) => {
        if (isAbortError(failure)) return;
        setList({ status: 'error', message: commandFailureText(failure, language, t) });
      },
    );
    return () => controller.abort();
  }, [api, reload, language, t]);

  const remove = useCallback((incidentId: string) => {
    setList((current) =>
      current.status === 'done'
        ? { status: 'done', items: current.items.filter((item) => item.incidentId !== incidentId) }
        : current,
    );
  }, []);

  return (
    <section className="hotline-callbacks" data-testid="hotline-callbacks">
      <header>
        <h2>{t('hotline.callbacks.title')}</h2>
        <button
          type="button"
          className="button button-quiet"
          data-testid="hotline-callbacks-refresh"
          onClick={() => setReload((count) => count + 1)}
        >
          {t('hotline.callbacks.refresh')}
        </button>
      </header>
      {list.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {list.status === 'error' && <p role="alert">{list.message}</p>}
      {list.status === 'done' && list.items.length === 0 && (
        <p data-testid="hotline-callbacks-empty">{t('hotline.callbacks.empty')}</p>
      )}
      {list.status === 'done' && list.items.length > 0 && (
        <ul>
          {list.items.map((item) => (
            <CallbackItem
              key={item.incidentId}
              item={item}
              categoryLabel={categoryName(item.categoryCode, language)}
              onDone={remove}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

interface CallbackItemProps {
  item: HotlineCallback;
  categoryLabel: string;
  onDone(incidentId: string): void;
}

function CallbackItem({ item, categoryLabel, onDone }: CallbackItemProps) {
  const { t, language, formatDate, formatTime } = useI18n();
  const api = useApi();
  const [number, setNumber] = useState<string | null>(null);
  const [rating, setRating] = useState<SatisfactionRating | null>(item.rating?.rating ?? null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const closedAt = new Date(item.closedAtMs);

  async function run(action: () => Promise<void>): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(commandFailureText(failure, language, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li
      className="hotline-callback"
      data-testid="hotline-callback"
      data-incident-id={item.incidentId}
    >
      <div className="hotline-callback-head">
        <strong>{item.incidentId}</strong> · {categoryLabel} ·{' '}
        {t(`incident.state.${item.closedState}`)} · {formatDate(closedAt)} {formatTime(closedAt)}
      </div>
      <p data-testid="hotline-callback-note">
        {item.closingNote === '' ? t('hotline.callbacks.noNote') : item.closingNote}
      </p>
      <div className="hotline-callback-phone">
        {number === null ? (
          <>
            <span data-testid="hotline-callback-phone">{item.callerPhoneMasked}</span>
            <button
              type="button"
              className="button"
              data-testid="hotline-callback-dial"
              disabled={busy}
              onClick={() =>
                void run(async () => setNumber((await api.callerNumber(item.incidentId)).phone))
              }
            >
              {t('hotline.callbacks.showNumber')}
            </button>
          </>
        ) : (
          <a href={`tel:${number}`} data-testid="hotline-callback-number">
            {number}
          </a>
        )}
      </div>
      <fieldset className="hotline-rating">
        <legend>{t('hotline.callbacks.rating')}</legend>
        {SATISFACTION_RATINGS.map((choice) => (
          <button
            key={choice}
            type="button"
            aria-pressed={rating === choice}
            className={`chip${rating === choice ? ' is-active' : ''}`}
            data-testid={`hotline-rating-${choice}`}
            onClick={() => setRating(choice)}
          >
            {SATISFACTION_LABELS[choice][language]}
          </button>
        ))}
      </fieldset>
      {error !== null && <p role="alert">{error}</p>}
      <button
        type="button"
        className="button button-primary"
        data-testid="hotline-callback-done"
        disabled={busy}
        onClick={() =>
          void run(async () => {
            await api.completeCallback(item.incidentId, rating === null ? {} : { rating });
            onDone(item.incidentId);
          })
        }
      >
        {t('hotline.callbacks.done')}
      </button>
    </li>
  );
}
