/**
 * A new incident from the phone: category, description, photos from the camera, and its point —
 * the worker's GPS position, or a tap on the map. Before it goes to the outbox the server is asked
 * for open incidents of the category nearby (when it can be reached); the worker sees them and
 * reports anyway or cancels. Offline it is queued unchecked.
 */
import { lazy, Suspense, useCallback, useState } from 'react';
import { INCIDENT_CATEGORIES } from '../domain/incidents/incidentCategories';
import type { PossibleDuplicate } from '../shared/incidents';
import { deviceIntakeCheck, type DeviceReader } from './deviceReads';
import { PhotoPicker } from './PhotoPicker';
import { ReportDuplicates } from './ReportDuplicates';
import type { MapPoint } from './ReportMap';
import type { ReportDraft } from './phoneSession';
import { usePhoneStore } from './phoneStore';
import { usePhoneText } from './usePhoneText';

/** MapLibre is big: loaded with the sheet (PhoneHome prefetches it while online). */
const ReportMap = lazy(() => import('./ReportMap'));

/** Decimal places of a shown coordinate (about 1 m). */
const COORDINATE_DIGITS = 5;

type Phase = 'edit' | 'checking' | { duplicates: PossibleDuplicate[] };

export function ReportSheet({
  reader,
  onSend,
  onClose,
}: {
  reader: DeviceReader;
  onSend(draft: ReportDraft): Promise<boolean>;
  onClose(): void;
}) {
  const t = usePhoneText();
  const language = usePhoneStore((state) => state.language);
  const gps = usePhoneStore((state) => state.lastFix);
  const [categoryCode, setCategoryCode] = useState(INCIDENT_CATEGORIES[0]!.code);
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [picked, setPicked] = useState<MapPoint | null>(null);
  const [phase, setPhase] = useState<Phase>('edit');
  const [sending, setSending] = useState(false);
  const point = picked ?? gps;
  const onPick = useCallback((tapped: MapPoint) => setPicked(tapped), []);

  const send = (at: MapPoint) => {
    setSending(true);
    void onSend({ categoryCode, description: description.trim(), point: at, photos }).then(
      (queued) => {
        setSending(false);
        setPhase('edit');
        if (queued) onClose();
      },
    );
  };

  return (
    <form
      className="phone-card phone-report"
      data-testid="phone-report"
      onSubmit={(event) => {
        event.preventDefault();
        if (point === null) return;
        const at = point;
        setPhase('checking');
        deviceIntakeCheck(reader.token, categoryCode, at).then(
          (check) =>
            check.possibleDuplicates.length > 0
              ? setPhase({ duplicates: check.possibleDuplicates })
              : send(at),
          // Offline or no answer: the report waits in the outbox; the desk sees duplicates later.
          () => send(at),
        );
      }}
    >
      <h2>{t('report.title')}</h2>
      <label>
        <span>{t('report.category')}</span>
        <select
          value={categoryCode}
          data-testid="phone-report-category"
          onChange={(event) => setCategoryCode(event.target.value)}
        >
          {INCIDENT_CATEGORIES.map((category) => (
            <option key={category.code} value={category.code}>
              {language === 'en' ? category.nameEn : category.nameZh}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('report.description')}</span>
        <textarea
          rows={4}
          value={description}
          required
          data-testid="phone-report-description"
          onChange={(event) => setDescription(event.target.value)}
        />
      </label>
      <PhotoPicker photos={photos} onChange={setPhotos} testId="phone-report-photo" />
      <div className="phone-task-head">
        <span
          className="phone-status"
          data-testid="phone-report-point"
          data-source={picked === null ? 'gps' : 'map'}
          data-lon={point?.lon}
          data-lat={point?.lat}
        >
          {t('report.location')}: {t(picked === null ? 'report.atGps' : 'report.atMap')}
          {point !== null &&
            ` ${point.lon.toFixed(COORDINATE_DIGITS)}, ${point.lat.toFixed(COORDINATE_DIGITS)}`}
        </span>
        <button
          type="button"
          className="phone-button small"
          data-testid="phone-report-use-gps"
          disabled={gps === null || picked === null}
          onClick={() => setPicked(null)}
        >
          {t('report.useGps')}
        </button>
      </div>
      <p className="phone-status">{t('report.tapMap')}</p>
      <Suspense fallback={<p className="phone-status">…</p>}>
        <ReportMap reader={reader} point={point} onPick={onPick} />
      </Suspense>
      {point === null && <p className="phone-error">{t('report.noFix')}</p>}
      {phase === 'checking' && !sending && <p className="phone-status">{t('report.checking')}</p>}
      {typeof phase === 'object' ? (
        <ReportDuplicates
          duplicates={phase.duplicates}
          onSendAnyway={() => point !== null && send(point)}
          onCancel={() => {
            usePhoneStore.getState().setNotice(t('report.notSent'));
            onClose();
          }}
        />
      ) : (
        <div className="phone-row">
          <button type="button" className="phone-button" onClick={onClose}>
            {t('tasks.cancel')}
          </button>
          <button
            type="submit"
            className="phone-button primary"
            disabled={point === null || sending || phase === 'checking'}
            data-testid="phone-report-send"
          >
            {t('report.send')}
          </button>
        </div>
      )}
    </form>
  );
}
