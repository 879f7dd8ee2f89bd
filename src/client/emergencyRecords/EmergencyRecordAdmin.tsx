/**
 * 应急资源管理 (administrators, `emergency.manage`): the records of a kind with edit and delete,
 * and one form for new and edited records whose inputs come from the kind's field table. The
 * server checks and audits every write; its refusal is shown as it words it. A sensor's device
 * token is shown once, right after it is issued.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  RECORD_KINDS,
  recordKindDefinition,
  type EmergencyRecordKind,
  type RecordField,
} from '../../domain/emergency/records/emergencyRecordKinds';
import type { EmergencyRecordView } from '../../shared/emergencyRecords';
import { refusalText } from '../admin/refusalText';
import { useApi } from '../shell/ApiContext';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';
import { fieldLabel } from './recordText';
import { draftOf, emptyDraft, inputOf, type RecordDraft } from './recordDraft';
import './emergencyRecords.css';

function FieldInput({
  field,
  value,
  onChange,
}: {
  field: RecordField;
  value: string;
  onChange: (value: string) => void;
}) {
  const language = useAppStore((state) => state.language);
  const id = `record-field-${field.key}`;
  const label = `${fieldLabel(field, language)}${field.required ? ' *' : ''}`;
  if (field.type === 'enum') {
    return (
      <label htmlFor={id}>
        {label}
        <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">—</option>
          {field.options?.map((option) => (
            <option key={option.code} value={option.code}>
              {fieldLabel(option, language)}
            </option>
          ))}
        </select>
      </label>
    );
  }
  if (field.type === 'list') {
    return (
      <label htmlFor={id}>
        {label}
        <textarea
          id={id}
          rows={3}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      </label>
    );
  }
  const numeric = field.type === 'number' || field.type === 'integer';
  return (
    <label htmlFor={id}>
      {label}
      <input
        id={id}
        type={numeric ? 'number' : 'text'}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}

export function EmergencyRecordAdmin() {
  const api = useApi();
  const { t } = useI18n();
  const language = useAppStore((state) => state.language);
  const [kind, setKind] = useState<EmergencyRecordKind>('hazard');
  const [records, setRecords] = useState<EmergencyRecordView[]>([]);
  const [draft, setDraft] = useState<RecordDraft>(() => emptyDraft('hazard'));
  const [message, setMessage] = useState<string | null>(null);
  const [issuedToken, setIssuedToken] = useState<string | null>(null);
  const definition = recordKindDefinition(kind);

  const reload = useCallback(async () => {
    const all = await api.emergencyRecords();
    setRecords(all);
  }, [api]);

  useEffect(() => {
    void reload().catch((error: unknown) => setMessage(refusalText(error, language, t)));
  }, [reload, language, t]);

  const choose = (next: EmergencyRecordKind) => {
    setKind(next);
    setDraft(emptyDraft(next));
    setIssuedToken(null);
    setMessage(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = inputOf(draft);
    try {
      if (draft.id === null) await api.createEmergencyRecord(input);
      else await api.updateEmergencyRecord(draft.id, input);
      setMessage(t('records.saved'));
      setDraft(emptyDraft(kind));
      await reload();
    } catch (error) {
      setMessage(refusalText(error, language, t));
    }
  };

  const remove = async (record: EmergencyRecordView) => {
    try {
      await api.deleteEmergencyRecord(record.id);
      setMessage(t('records.deleted'));
      await reload();
    } catch (error) {
      setMessage(refusalText(error, language, t));
    }
  };

  const issueToken = async (record: EmergencyRecordView) => {
    try {
      setIssuedToken((await api.issueSensorToken(record.id)).token);
    } catch (error) {
      setMessage(refusalText(error, language, t));
    }
  };

  const rows = records.filter((record) => record.kind === kind);
  return (
    <section className="records-admin" data-testid="records-admin">
      <div className="records-tabs" role="tablist">
        {RECORD_KINDS.map((entry) => (
          <button
            key={entry.kind}
            type="button"
            role="tab"
            aria-selected={entry.kind === kind}
            className={`chip${entry.kind === kind ? ' is-active' : ''}`}
            onClick={() => choose(entry.kind)}
          >
            {fieldLabel(entry, language)}
          </button>
        ))}
      </div>
      <ul className="records-admin-list">
        {rows.map((record) => (
          <li key={record.id}>
            <span>{record.name}</span>
            {record.demo ? <span className="record-demo">{t('records.demo')}</span> : null}
            <button type="button" className="link-button" onClick={() => setDraft(draftOf(record))}>
              {t('records.edit')}
            </button>
            <button type="button" className="link-button" onClick={() => void remove(record)}>
              {t('records.delete')}
            </button>
            {record.kind === 'sensor' ? (
              <button type="button" className="link-button" onClick={() => void issueToken(record)}>
                {t('records.issueToken')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {issuedToken === null ? null : (
        <p className="records-token" data-testid="records-token">
          {t('records.tokenOnce')} <code>{issuedToken}</code>
        </p>
      )}
      <form className="records-form" onSubmit={(event) => void submit(event)}>
        <h3>{t(draft.id === null ? 'records.new' : 'records.editing')}</h3>
        <label htmlFor="record-name">
          {t('records.name')} *
          <input
            id="record-name"
            value={draft.name}
            onChange={(event) => setDraft({ ...draft, name: event.target.value })}
          />
        </label>
        {definition.located ? (
          <>
            <label htmlFor="record-lon">
              {t('records.lon')} *
              <input
                id="record-lon"
                type="number"
                step="any"
                value={draft.lon}
                onChange={(event) => setDraft({ ...draft, lon: event.target.value })}
              />
            </label>
            <label htmlFor="record-lat">
              {t('records.lat')} *
              <input
                id="record-lat"
                type="number"
                step="any"
                value={draft.lat}
                onChange={(event) => setDraft({ ...draft, lat: event.target.value })}
              />
            </label>
          </>
        ) : null}
        {definition.fields.map((field) => (
          <FieldInput
            key={field.key}
            field={field}
            value={draft.fields[field.key] ?? ''}
            onChange={(value) =>
              setDraft({ ...draft, fields: { ...draft.fields, [field.key]: value } })
            }
          />
        ))}
        <button type="submit" className="button button-primary" data-testid="records-save">
          {t('records.save')}
        </button>
        {message === null ? null : (
          <p role="status" data-testid="records-message">
            {message}
          </p>
        )}
      </form>
    </section>
  );
}
