/**
 * The report form: category (Open311's service list), description, position from the phone's
 * geolocation or picked on the district's map (when location is refused, or to correct it),
 * photos, optional phone number. Sending computes the proof of work first, so the button says so
 * while it runs.
 */
import { useState } from 'react';
import { OPEN311_MAX_DESCRIPTION_CHARS } from '../domain/incidents/open311Intake';
import { PositionPicker, type MapView } from './PositionPicker';
import { ReportPhotos } from './ReportPhotos';
import type { fetchResidentMap, ReportDraft, ResidentService } from './residentApi';
import type { ResidentText } from './residentLocales';

/** A fresh fix, not a cached one from an hour ago. */
const LOCATE_OPTIONS: PositionOptions = {
  enableHighAccuracy: true,
  timeout: 20_000,
  maximumAge: 60_000,
};
const PHONE_MAX_CHARS = 20;

type Fix = { lat: number; lon: number; accuracyM: number };
type LocateState =
  | { kind: 'idle' }
  | { kind: 'locating' }
  | { kind: 'failed' }
  | ({ kind: 'fixed' } & Fix)
  | { kind: 'picked'; lat: number; lon: number };

/** What the picker and its tests may replace: the map's data and its view. */
export interface PickerSeams {
  loadMap?: typeof fetchResidentMap;
  mapView?: MapView;
  resizePhoto?: (file: Blob) => Promise<Blob>;
}
export type SendPhase = 'idle' | 'proving' | 'sending';

export function ReportForm({
  t,
  services,
  phase,
  error,
  onSend,
  seams = {},
}: {
  t: ResidentText;
  services: readonly ResidentService[];
  phase: SendPhase;
  error: string | null;
  onSend(draft: ReportDraft): void;
  seams?: PickerSeams;
}) {
  const [serviceCode, setServiceCode] = useState('');
  const [description, setDescription] = useState('');
  const [phone, setPhone] = useState('');
  const [locate, setLocate] = useState<LocateState>({ kind: 'idle' });
  const [picking, setPicking] = useState(false);
  const [photos, setPhotos] = useState<Blob[]>([]);
  const placed = locate.kind === 'fixed' || locate.kind === 'picked' ? locate : null;
  const chosen = serviceCode === '' ? (services[0]?.service_code ?? '') : serviceCode;

  const requestFix = () => {
    if (!('geolocation' in navigator)) return setLocate({ kind: 'failed' });
    setLocate({ kind: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (position) =>
        setLocate({
          kind: 'fixed',
          lat: position.coords.latitude,
          lon: position.coords.longitude,
          accuracyM: position.coords.accuracy,
        }),
      () => {
        setLocate({ kind: 'failed' });
        // No position from the phone: the map is the way on.
        setPicking(true);
      },
      LOCATE_OPTIONS,
    );
  };

  const ready = placed !== null && chosen !== '' && description.trim() !== '';
  return (
    <form
      className="resident-card"
      data-testid="resident-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!ready || phase !== 'idle') return;
        onSend({
          serviceCode: chosen,
          description: description.trim(),
          lat: placed.lat,
          lon: placed.lon,
          phone: phone.trim(),
          photos,
        });
      }}
    >
      <h2>{t('report.title')}</h2>
      <label>
        <span>{t('report.category')}</span>
        <select
          value={chosen}
          data-testid="resident-category"
          onChange={(event) => setServiceCode(event.target.value)}
        >
          {services.map((service) => (
            <option key={service.service_code} value={service.service_code}>
              {service.service_name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('report.description')}</span>
        <textarea
          rows={4}
          required
          maxLength={OPEN311_MAX_DESCRIPTION_CHARS}
          placeholder={t('report.descriptionHint')}
          value={description}
          data-testid="resident-description"
          onChange={(event) => setDescription(event.target.value)}
        />
      </label>
      <div className="resident-field">
        <span>{t('report.position')}</span>
        <button
          type="button"
          className="resident-button"
          data-testid="resident-locate"
          data-locate={locate.kind}
          onClick={requestFix}
        >
          {locate.kind === 'locating' ? t('report.locating') : t('report.locate')}
        </button>
        {locate.kind === 'fixed' && (
          <p className="resident-ok" data-testid="resident-located">
            {t('report.located', { accuracy: Math.round(locate.accuracyM) })}
          </p>
        )}
        {locate.kind === 'picked' && (
          <p className="resident-ok" data-testid="resident-picked">
            {t('report.picked')}
          </p>
        )}
        {locate.kind === 'failed' && <p className="resident-error">{t('report.locateFailed')}</p>}
        <button
          type="button"
          className="resident-link"
          data-testid="resident-pick-on-map"
          aria-expanded={picking}
          onClick={() => setPicking(!picking)}
        >
          {picking ? t('picker.close') : placed === null ? t('picker.open') : t('picker.correct')}
        </button>
        {picking && (
          <PositionPicker
            t={t}
            position={placed}
            onPick={(point) => setLocate({ kind: 'picked', ...point })}
            {...(seams.loadMap === undefined ? {} : { loadMap: seams.loadMap })}
            {...(seams.mapView === undefined ? {} : { mapView: seams.mapView })}
          />
        )}
      </div>
      <ReportPhotos
        t={t}
        photos={photos}
        onChange={setPhotos}
        {...(seams.resizePhoto === undefined ? {} : { resize: seams.resizePhoto })}
      />
      <label>
        <span>{t('report.contact')}</span>
        <input
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          maxLength={PHONE_MAX_CHARS}
          value={phone}
          data-testid="resident-phone"
          onChange={(event) => setPhone(event.target.value)}
        />
      </label>
      {error !== null && (
        <p className="resident-error" role="alert" data-testid="resident-error">
          {t('report.refused', { message: error })}
        </p>
      )}
      <button
        type="submit"
        className="resident-button primary"
        disabled={!ready || phase !== 'idle'}
        data-testid="resident-send"
      >
        {phase === 'proving'
          ? t('report.proving')
          : phase === 'sending'
            ? t('report.sending')
            : t('report.send')}
      </button>
    </form>
  );
}
