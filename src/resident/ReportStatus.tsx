/**
 * Following reports: look one up by its number, and this phone's own reports with their public
 * status (Open311's view: category, status, notes — the closing note once answered —, an
 * address; never a person). A closed report of this phone asks once how satisfied the resident
 * is; only this phone can answer, with the token its report was given.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  fetchStatus,
  NotFoundError,
  RESIDENT_RATINGS,
  rateReport,
  type PublicStatus,
  type ResidentRating,
} from './residentApi';
import type { SavedReport } from './residentDevice';
import { SATISFACTION_LABELS, isSatisfactionRating } from '../domain/incidents/reporterAnswer';
import type { ResidentLanguage, ResidentText } from './residentLocales';

function StatusLine({ t, status }: { t: ResidentText; status: PublicStatus }) {
  return (
    <div className="resident-status" data-testid="resident-status" data-status={status.status}>
      <div className="resident-status-head">
        <strong>{status.service_name}</strong>
        <span className={`resident-badge ${status.status}`}>{t(`status.${status.status}`)}</span>
      </div>
      {status.status_notes !== '' && <p>{status.status_notes}</p>}
      {status.address !== '' && <p className="resident-dim">{status.address}</p>}
      {status.media_url !== '' && (
        <img
          className="resident-status-photo"
          src={status.media_url}
          alt={status.service_name}
          loading="lazy"
          data-testid="resident-status-photo"
        />
      )}
      <p className="resident-dim">
        {t('status.updated', { time: new Date(status.updated_datetime).toLocaleString() })}
      </p>
    </div>
  );
}

function ratingLabel(rating: string, language: ResidentLanguage): string {
  return isSatisfactionRating(rating) ? SATISFACTION_LABELS[rating][language] : rating;
}

function RatingPrompt({
  t,
  language,
  report,
  rate,
  onRated,
}: {
  t: ResidentText;
  language: ResidentLanguage;
  report: SavedReport;
  rate: typeof rateReport;
  onRated: (id: string, rating: ResidentRating) => void;
}) {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (report.rating !== undefined) {
    return (
      <p className="resident-dim" data-testid="resident-rating-given">
        {t('rating.given', { rating: ratingLabel(report.rating, language) })}
      </p>
    );
  }
  return (
    <div className="resident-rating" data-testid="resident-rating">
      <p>{t('rating.ask')}</p>
      <div className="resident-row">
        {RESIDENT_RATINGS.map((rating) => (
          <button
            key={rating}
            type="button"
            className="resident-button"
            disabled={sending}
            data-testid={`resident-rate-${rating}`}
            onClick={() => {
              setSending(true);
              setError(null);
              rate(report, rating).then(
                (recorded) => onRated(report.id, recorded),
                (failure: unknown) => {
                  setSending(false);
                  setError(t('rating.failed', { message: String((failure as Error).message) }));
                },
              );
            }}
          >
            {SATISFACTION_LABELS[rating][language]}
          </button>
        ))}
      </div>
      {error !== null && <p className="resident-error">{error}</p>}
    </div>
  );
}

export function ReportStatus({
  t,
  language,
  saved,
  lookup = fetchStatus,
  rate = rateReport,
  onRated = () => undefined,
}: {
  t: ResidentText;
  language: ResidentLanguage;
  saved: readonly SavedReport[];
  lookup?: typeof fetchStatus;
  rate?: typeof rateReport;
  onRated?: (id: string, rating: ResidentRating) => void;
}) {
  const [number, setNumber] = useState('');
  const [found, setFound] = useState<PublicStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mine, setMine] = useState<Record<string, PublicStatus>>({});

  const refreshMine = useCallback(() => {
    for (const report of saved) {
      void lookup(report.id, language)
        .then((status) => setMine((known) => ({ ...known, [report.id]: status })))
        .catch(() => undefined);
    }
  }, [saved, language, lookup]);
  useEffect(refreshMine, [refreshMine]);

  return (
    <>
      <form
        className="resident-card"
        data-testid="resident-lookup"
        onSubmit={(event) => {
          event.preventDefault();
          // Numbers read like INC00000042; a resident may type them in lower case.
          const id = number.trim().toUpperCase();
          if (id === '') return;
          setError(null);
          setFound(null);
          lookup(id, language).then(setFound, (failure: unknown) =>
            setError(
              failure instanceof NotFoundError
                ? t('status.notFound', { id })
                : t('status.failed', { message: String((failure as Error).message) }),
            ),
          );
        }}
      >
        <h2>{t('status.title')}</h2>
        <div className="resident-row">
          <input
            aria-label={t('status.number')}
            placeholder={t('status.number')}
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            maxLength={64}
            value={number}
            data-testid="resident-lookup-number"
            onChange={(event) => setNumber(event.target.value)}
          />
          <button type="submit" className="resident-button" data-testid="resident-lookup-go">
            {t('status.lookup')}
          </button>
        </div>
        {found !== null && <StatusLine t={t} status={found} />}
        {error !== null && <p className="resident-error">{error}</p>}
      </form>
      <section className="resident-card" data-testid="resident-mine">
        <div className="resident-status-head">
          <h2>{t('mine.title')}</h2>
          {saved.length > 0 && (
            <button type="button" className="resident-link" onClick={refreshMine}>
              {t('mine.refresh')}
            </button>
          )}
        </div>
        {saved.length === 0 && <p className="resident-dim">{t('mine.none')}</p>}
        <ul className="resident-list">
          {saved.map((report) => (
            <li key={report.id} data-testid="resident-mine-item" data-id={report.id}>
              <span className="resident-number">№ {report.id}</span>
              {mine[report.id] !== undefined ? (
                <StatusLine t={t} status={mine[report.id]!} />
              ) : (
                <span className="resident-dim">{report.serviceName}</span>
              )}
              {mine[report.id]?.status === 'closed' && (
                <RatingPrompt
                  t={t}
                  language={language}
                  report={report}
                  rate={rate}
                  onRated={onRated}
                />
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
