/**
 * Reporting an incident from the map: click a place on the globe (the grid is found
 * by point-in-polygon on the server), choose the category, describe it. Before sending, the
 * intake check shows the grid and any open incident of the same category close by — perhaps the
 * same event. A place outside the district or the caller's scope is refused before sending.
 */
import { useEffect, useState, type FormEvent } from 'react';
import {
  INCIDENT_CATEGORIES,
  INCIDENT_PRIORITIES,
  findIncidentCategory,
  type IncidentPriority,
} from '../../domain/incidents/incidentCategories';
import type { DispatcherReportSource, IncidentIntakeCheck } from '../../shared/incidents';
import { isAbortError } from '../feeds/apiClient';
import { useAppStore } from '../shell/appStore';
import { useIncidentStore } from './incidentStore';
import { useApi } from '../shell/ApiContext';
import { describeError } from '../widgets/errorMessage';
import { useI18n } from '../shell/i18n';
import { categoryName, commandFailureText } from './incidentText';
import { LabelledSelect } from '../widgets/LabelledSelect';
import { LabelledTextArea } from '../widgets/LabelledTextArea';

const COORDINATE_DECIMALS = 5;
const SOURCES: readonly DispatcherReportSource[] = ['dispatcher', 'hotline'];

type CheckState =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'done'; check: IncidentIntakeCheck }
  | { status: 'error'; message: string };

export function ReportForm() {
  const { t, language, localName, formatNumber } = useI18n();
  const api = useApi();
  const draft = useIncidentStore((state) => state.reportDraft);
  const pickingPlace = useIncidentStore((state) => state.pickingPlace);
  const store = useIncidentStore.getState;
  const grids = useAppStore((state) => state.grids);
  const [check, setCheck] = useState<CheckState>({ status: 'idle' });
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const place = draft?.place ?? null;
  const categoryCode = draft?.categoryCode ?? '';
  useEffect(() => {
    if (place === null || categoryCode === '') {
      setCheck({ status: 'idle' });
      return undefined;
    }
    const controller = new AbortController();
    setCheck({ status: 'checking' });
    api
      .incidentIntakeCheck({ categoryCode, lon: place.lon, lat: place.lat }, controller.signal)
      .then(
        (result) => setCheck({ status: 'done', check: result }),
        (failure: unknown) => {
          if (isAbortError(failure)) return;
          const message = describeError(failure);
          setCheck({ status: 'error', message: t(message.messageKey, message.params) });
        },
      );
    return () => controller.abort();
  }, [api, place, categoryCode, t]);

  if (draft === null) return null;
  const category = findIncidentCategory(draft.categoryCode);
  const intake = check.status === 'done' ? check.check : null;
  const refusal =
    intake === null
      ? null
      : intake.gridCode === null
        ? t('incident.form.outOfDistrict')
        : !intake.inScope
          ? t('incident.form.outOfScope')
          : null;
  const grid = intake?.gridCode ? grids[intake.gridCode] : undefined;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (draft === null) return;
    if (draft.place === null) {
      setError(t('incident.form.needPlace'));
      return;
    }
    if (draft.description.trim() === '') {
      setError(t('incident.form.needDescription'));
      return;
    }
    if (refusal !== null) {
      setError(refusal);
      return;
    }
    setSending(true);
    setError(null);
    try {
      const created = await api.createIncident({
        categoryCode: draft.categoryCode,
        lon: draft.place.lon,
        lat: draft.place.lat,
        description: draft.description.trim(),
        source: draft.source,
        ...(draft.priority === null ? {} : { priority: draft.priority }),
      });
      store().upsertIncident(created.incident);
      store().closeReportForm();
      store().selectIncident(created.incident.id);
    } catch (failure) {
      setError(commandFailureText(failure, language, t));
    } finally {
      setSending(false);
    }
  }

  return (
    <form
      className="report-form"
      data-testid="report-form"
      onSubmit={(event) => void submit(event)}
    >
      <div className="section-title">{t('incident.form.title')}</div>
      <div className={`report-place${pickingPlace ? ' is-picking' : ''}`}>
        {draft.place === null ? (
          <span>{t('incident.form.pickPlace')}</span>
        ) : (
          <span className="mono" data-testid="report-place">
            {draft.place.lon.toFixed(COORDINATE_DECIMALS)},{' '}
            {draft.place.lat.toFixed(COORDINATE_DECIMALS)}
          </span>
        )}
        <button
          type="button"
          className={`chip${pickingPlace ? ' is-active' : ''}`}
          onClick={() => store().setPickingPlace(!pickingPlace)}
        >
          {pickingPlace ? t('incident.form.picking') : t('incident.form.pickAgain')}
        </button>
      </div>
      {check.status === 'checking' && (
        <div className="panel-loading">{t('incident.form.checking')}</div>
      )}
      {check.status === 'error' && (
        <div className="incident-error" role="alert">
          {check.message}
        </div>
      )}
      {intake !== null && refusal === null && (
        <div className="report-grid" data-testid="report-grid">
          {t('incident.form.grid', { grid: grid ? localName(grid) : (intake.gridCode ?? '') })}
        </div>
      )}
      {refusal !== null && (
        <div className="incident-error" role="alert" data-testid="report-refusal">
          {refusal}
        </div>
      )}
      {intake !== null && intake.possibleDuplicates.length > 0 && (
        <div className="report-duplicates" data-testid="report-duplicates">
          <div>{t('incident.form.duplicates')}</div>
          <ul>
            {intake.possibleDuplicates.map(({ incident, distanceM }) => (
              <li key={incident.id}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => store().selectIncident(incident.id)}
                >
                  {t('incident.form.duplicate', {
                    distance: formatNumber(distanceM),
                    state: t(`incident.state.${incident.state}`),
                    description: incident.description,
                  })}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <LabelledSelect
        label={t('incident.filter.category')}
        value={draft.categoryCode}
        testId="report-category"
        options={INCIDENT_CATEGORIES.map((option) => ({
          value: option.code,
          label: categoryName(option.code, language),
        }))}
        onChange={(value) => store().updateReportDraft({ categoryCode: value })}
      />
      <LabelledSelect
        label={t('incident.filter.priority')}
        value={draft.priority ?? ''}
        emptyLabel={t('incident.form.defaultPriority', {
          priority: category ? t(`incident.priority.${category.defaultPriority}`) : '',
        })}
        options={INCIDENT_PRIORITIES.map((priority) => ({
          value: priority,
          label: t(`incident.priority.${priority}`),
        }))}
        onChange={(value) =>
          store().updateReportDraft({
            priority: value === '' ? null : (value as IncidentPriority),
          })
        }
      />
      <LabelledSelect
        label={t('incident.drawer.source')}
        value={draft.source}
        options={SOURCES.map((source) => ({
          value: source,
          label: t(`incident.source.${source}`),
        }))}
        onChange={(value) => store().updateReportDraft({ source: value as DispatcherReportSource })}
      />
      <LabelledTextArea
        label={t('incident.form.description')}
        rows={3}
        value={draft.description}
        testId="report-description"
        placeholder={t('incident.form.descriptionPlaceholder')}
        onChange={(description) => store().updateReportDraft({ description })}
      />
      {error !== null && (
        <div className="incident-error" role="alert" data-testid="report-error">
          {error}
        </div>
      )}
      <div className="incident-form-buttons">
        <button type="button" className="button" onClick={() => store().closeReportForm()}>
          {t('common.cancel')}
        </button>
        <button
          type="submit"
          className="button button-primary"
          disabled={sending || refusal !== null}
          data-testid="report-submit"
        >
          {sending ? t('incident.drawer.sending') : t('incident.form.submit')}
        </button>
      </div>
    </form>
  );
}
