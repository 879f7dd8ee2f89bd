/**
 * 应急资源: the launcher in the left column (which kinds the globe draws, the PM2.5 grid layer,
 * the list) and the list itself in the left aside: one tab per kind, the kind's fields as
 * columns (read from the domain's field table), sensors with their state, demo rows labelled.
 * Contacts arrive masked from the server (and not at all on the public wall modes).
 */
import {
  RECORD_KINDS,
  type EmergencyRecordKind,
} from '../../domain/emergency/records/emergencyRecordKinds';
import { AQI_BANDS } from '../../domain/emergency/records/airQualityIndex';
import type { EmergencyRecordView } from '../../shared/emergencyRecords';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';
import { useAggregateOnly } from '../shell/wallModeStore';
import { ReleaseAtHazardButton } from '../emergency/ReleaseAtHazardButton';
import { attributeText, fieldLabel } from './recordText';
import { selectRecordsOfKind, useEmergencyRecordStore } from './emergencyRecordStore';
import { useEmergencyRecords } from './useEmergencyRecords';
import './emergencyRecords.css';

function SensorState({ record }: { record: EmergencyRecordView }) {
  const { t } = useI18n();
  const sensor = record.sensor;
  if (sensor === undefined) return null;
  if (sensor.stale) {
    return <span className="record-flag is-stale">{t('records.stale')}</span>;
  }
  return (
    <span className={`record-flag${sensor.alarmIncidentId === null ? '' : ' is-alarm'}`}>
      {sensor.lastValue ?? '—'} {String(record.attributes['unit'] ?? '')}
      {sensor.alarmIncidentId === null ? '' : ` · ${t('records.alarm')}`}
    </span>
  );
}

export function EmergencyRecordsLauncher() {
  const { t } = useI18n();
  const language = useAppStore((state) => state.language);
  const open = useEmergencyRecordStore((state) => state.open);
  const shownKinds = useEmergencyRecordStore((state) => state.shownKinds);
  const airQualityShown = useEmergencyRecordStore((state) => state.airQualityShown);
  const aggregateOnly = useAggregateOnly();
  const store = useEmergencyRecordStore.getState();
  useEmergencyRecords();
  return (
    <section className="panel-section records-launcher" data-testid="records-launcher">
      <h2 className="section-title">
        <span>{t('records.title')}</span>
        {/* The list is the desk's (decision 0029): the public modes draw the layers only. */}
        {aggregateOnly ? null : (
          <button
            type="button"
            className={`button${open ? ' is-active' : ''}`}
            aria-pressed={open}
            data-testid="records-open"
            onClick={() => store.setOpen(!open)}
          >
            {t(open ? 'records.hideList' : 'records.showList')}
          </button>
        )}
      </h2>
      <div className="records-toggles">
        {RECORD_KINDS.filter((definition) => definition.located).map((definition) => (
          <label key={definition.kind} className="records-toggle">
            <input
              type="checkbox"
              checked={shownKinds.includes(definition.kind)}
              data-testid={`records-layer-${definition.kind}`}
              onChange={() => store.toggleKind(definition.kind)}
            />
            <span className={`record-swatch kind-${definition.kind}`} />
            {fieldLabel(definition, language)}
          </label>
        ))}
        <label className="records-toggle">
          <input
            type="checkbox"
            checked={airQualityShown}
            data-testid="records-layer-aqi"
            onChange={() => store.setAirQualityShown(!airQualityShown)}
          />
          {t('records.airQuality')}
        </label>
      </div>
      {airQualityShown ? (
        <ol className="aqi-legend" aria-label={t('records.airQuality')}>
          {AQI_BANDS.map((band) => (
            <li key={band.level}>
              <span className="aqi-swatch" style={{ background: band.colorHex }} />
              {language === 'en' ? band.en : band.zh}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}

export function EmergencyRecordsPanel() {
  const { t } = useI18n();
  const language = useAppStore((state) => state.language);
  const open = useEmergencyRecordStore((state) => state.open);
  const listKind = useEmergencyRecordStore((state) => state.listKind);
  const records = useEmergencyRecordStore((state) => state.records);
  const loading = useEmergencyRecordStore((state) => state.loading);
  const error = useEmergencyRecordStore((state) => state.error);
  const selectedId = useEmergencyRecordStore((state) => state.selectedId);
  // The release panel is a desk's (not the wall modes'), and assesses with the register's counts.
  const aggregateOnly = useAggregateOnly();
  const canAssess =
    useAppStore((state) => state.session?.permissions.includes('registry.read') ?? false) &&
    !aggregateOnly;
  const store = useEmergencyRecordStore.getState();
  if (!open) return null;
  const definition = RECORD_KINDS.find((entry) => entry.kind === listKind)!;
  const rows = selectRecordsOfKind({ records }, listKind);

  return (
    <section className="records-panel" data-testid="records-panel">
      <header className="records-header">
        <h2>{t('records.title')}</h2>
        <button type="button" className="link-button" onClick={() => store.setOpen(false)}>
          {t('common.close')}
        </button>
      </header>
      <div className="records-tabs" role="tablist">
        {RECORD_KINDS.map((entry) => (
          <button
            key={entry.kind}
            type="button"
            role="tab"
            aria-selected={entry.kind === listKind}
            className={`chip${entry.kind === listKind ? ' is-active' : ''}`}
            data-testid={`records-tab-${entry.kind}`}
            onClick={() => store.setListKind(entry.kind as EmergencyRecordKind)}
          >
            {fieldLabel(entry, language)}
          </button>
        ))}
      </div>
      {error !== null ? (
        <p className="records-error" role="alert">
          {t('records.loadFailed')}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="records-empty">{loading ? t('records.loading') : t('records.empty')}</p>
      ) : (
        <div className="records-table-wrap">
          <table className="records-table" data-testid="records-table">
            <thead>
              <tr>
                <th>{t('records.name')}</th>
                {definition.fields.map((field) => (
                  <th key={field.key}>{fieldLabel(field, language)}</th>
                ))}
                {listKind === 'sensor' ? <th>{t('records.reading')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((record) => (
                <tr
                  key={record.id}
                  className={record.id === selectedId ? 'is-selected' : undefined}
                  data-testid="records-row"
                  onClick={() => store.select(record.id === selectedId ? null : record.id)}
                >
                  <td>
                    {record.name}
                    {record.demo ? <span className="record-demo">{t('records.demo')}</span> : null}
                    {canAssess ? <ReleaseAtHazardButton record={record} /> : null}
                  </td>
                  {definition.fields.map((field) => (
                    <td key={field.key}>
                      {attributeText(field, record.attributes[field.key], language)}
                    </td>
                  ))}
                  {listKind === 'sensor' ? (
                    <td>
                      <SensorState record={record} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
