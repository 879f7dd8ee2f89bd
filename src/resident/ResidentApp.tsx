/**
 * The resident's report page (/r/): public, no sign-in. Report a problem (it becomes an Open311
 * request in the same incident loop), get its number, follow it and this phone's other reports.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  fetchServices,
  fetchStatus,
  fileReport,
  rateReport,
  uploadPhoto,
  type ReportDraft,
  type ReportReceipt,
  type ServiceList,
} from './residentApi';
import {
  deviceIdOf,
  languageOf,
  saveLanguage,
  saveReport,
  saveReportRating,
  savedReportsOf,
  type KeyValueStore,
  type SavedReport,
} from './residentDevice';
import { residentText } from './residentLocales';
import { ReportForm, type PickerSeams, type SendPhase } from './ReportForm';
import { ReportStatus } from './ReportStatus';

/**
 * Files the report, then sends its photos one by one with the create's token. A refused photo
 * does not undo the report: the receipt comes back with what went wrong.
 */
async function fileWithPhotos(
  draft: ReportDraft,
  deviceId: string,
  send: typeof fileReport,
  upload: typeof uploadPhoto,
  options: Parameters<typeof fileReport>[2],
): Promise<{ receipt: ReportReceipt; photoError: string | null }> {
  const receipt = await send(draft, deviceId, options);
  for (const photo of draft.photos) {
    try {
      await upload(receipt, deviceId, photo);
    } catch (failure) {
      return { receipt, photoError: (failure as Error).message };
    }
  }
  return { receipt, photoError: null };
}

/** Web Crypto (the proof of work) and geolocation work only on HTTPS or localhost. */
function secureContext(): boolean {
  return globalThis.crypto?.subtle !== undefined;
}

export function ResidentApp({
  store = globalThis.localStorage,
  loadServices = fetchServices,
  send = fileReport,
  lookup = fetchStatus,
  rate = rateReport,
  upload = uploadPhoto,
  seams = {},
}: {
  store?: KeyValueStore;
  loadServices?: typeof fetchServices;
  send?: typeof fileReport;
  lookup?: typeof fetchStatus;
  rate?: typeof rateReport;
  upload?: typeof uploadPhoto;
  /** The map picker's data and view, and the photo resize (component tests replace them). */
  seams?: PickerSeams;
}) {
  const [language, setLanguage] = useState(() => languageOf(store));
  const t = useMemo(() => residentText(language), [language]);
  const [{ services, clockOffsetMs }, setServiceList] = useState<ServiceList>({
    services: [],
    clockOffsetMs: 0,
  });
  const [saved, setSaved] = useState<SavedReport[]>(() => savedReportsOf(store));
  const [phase, setPhase] = useState<SendPhase>('idle');
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<SavedReport | null>(null);
  const [photoError, setPhotoError] = useState<string | null>(null);

  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    let cancelled = false;
    loadServices(language).then(
      (list) => !cancelled && setServiceList(list),
      (failure: Error) => !cancelled && setError(failure.message),
    );
    return () => {
      cancelled = true;
    };
  }, [language, loadServices]);

  return (
    <main className="resident">
      <header className="resident-header">
        <div>
          <h1>{t('app.title')}</h1>
          <p>{t('app.subtitle')}</p>
        </div>
        <button
          type="button"
          className="resident-switch"
          data-testid="resident-language"
          onClick={() => {
            const next = language === 'zh' ? 'en' : 'zh';
            saveLanguage(store, next);
            setLanguage(next);
          }}
        >
          {t('app.switch')}
        </button>
      </header>
      {!secureContext() && (
        <p className="resident-card resident-error" role="alert">
          {t('app.insecure')}
        </p>
      )}
      {receipt === null ? (
        <ReportForm
          t={t}
          services={services}
          phase={phase}
          error={error}
          seams={seams}
          onSend={(draft) => {
            setError(null);
            setPhase('proving');
            fileWithPhotos(draft, deviceIdOf(store), send, upload, {
              nowMs: Date.now() + clockOffsetMs,
              onProved: () => setPhase('sending'),
            })
              .then(({ receipt: answer, photoError: failedPhoto }) => {
                const serviceName =
                  services.find((service) => service.service_code === draft.serviceCode)
                    ?.service_name ?? draft.serviceCode;
                const report = { ...answer, serviceName, filedAt: new Date().toISOString() };
                setSaved(saveReport(store, report));
                setPhotoError(failedPhoto);
                setReceipt(report);
              })
              .catch((failure: Error) => setError(failure.message))
              .finally(() => setPhase('idle'));
          }}
        />
      ) : (
        <section className="resident-card resident-receipt" data-testid="resident-receipt">
          <h2>{t('receipt.title')}</h2>
          <p>{t('receipt.number')}</p>
          <p className="resident-big-number" data-testid="resident-receipt-number">
            {receipt.id}
          </p>
          <p className="resident-dim">{t('receipt.keep')}</p>
          {photoError !== null && (
            <p className="resident-error" role="alert" data-testid="resident-photo-error">
              {t('photos.notSent', { message: photoError })}
            </p>
          )}
          <button
            type="button"
            className="resident-button primary"
            data-testid="resident-again"
            onClick={() => setReceipt(null)}
          >
            {t('receipt.again')}
          </button>
        </section>
      )}
      <ReportStatus
        t={t}
        language={language}
        saved={saved}
        lookup={lookup}
        rate={rate}
        onRated={(id, rating) => setSaved(saveReportRating(store, id, rating))}
      />
      <footer className="resident-footer">{t('footer.privacy')}</footer>
    </main>
  );
}
