/**
 * Following reports: look one up by its number, and this phone's own reports with their public
 * status (Open311's view: category, status, notes, an address — never a person).
 */
import { useCallback, useEffect, useState } from 'react';
import { fetchStatus, NotFoundError, type PublicStatus } from './residentApi';
import type { SavedReport } from './residentDevice';
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
      <p className="resident-dim">
        {t('status.updated', { time: new Date(status.updated_datetime).toLocaleString() })}
      </p>
    </div>
  );
}

export function ReportStatus({
  t,
  language,
  saved,
  lookup = fetchStatus,
}: {
  t: ResidentText;
  language: ResidentLanguage;
  saved: readonly SavedReport[];
  lookup?: typeof fetchStatus;
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
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
