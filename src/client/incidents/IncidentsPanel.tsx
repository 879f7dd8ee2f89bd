/**
 * Incidents on the wall: a collapsible panel with the live list (or the report form while a
 * dispatcher reports from the map). The selected incident's drawer is a panel of its own
 * (`IncidentDrawerSlot`), docked under the list. It reads the incident store; the session's feed
 * controller keeps that store current, so hiding or collapsing this panel never drops the feed.
 */
import { useState } from 'react';
import { INCIDENT_CATEGORIES } from '../../domain/incidents/incidentCategories';
import { useAppStore } from '../shell/appStore';
import { useIncidentStore } from './incidentStore';
import { useI18n } from '../shell/i18n';
import { IncidentList } from './IncidentList';
import { ReportForm } from './ReportForm';
import './incidents.css';

/** Roles that may report from the map; the server checks again. */
const REPORTING_ROLES = new Set(['admin', 'dispatcher']);
const DEFAULT_CATEGORY_CODE = INCIDENT_CATEGORIES[0]?.code ?? '';

export function IncidentsPanel() {
  const { t } = useI18n();
  const role = useAppStore((state) => state.session?.role ?? null);
  const connection = useIncidentStore((state) => state.connection);
  const reporting = useIncidentStore((state) => state.reportDraft !== null);
  const openReportForm = useIncidentStore((state) => state.openReportForm);
  const [open, setOpen] = useState(true);
  const mayReport = role !== null && REPORTING_ROLES.has(role);

  return (
    <>
      <section
        className={`incidents-panel${open ? '' : ' is-collapsed'}`}
        data-testid="incidents-panel"
        data-feed={connection}
      >
        <header className="incidents-header">
          <button
            type="button"
            className="incidents-toggle"
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            {t('incident.panelTitle')}
          </button>
          <span className={`incidents-feed feed-${connection}`}>
            {t(`incident.feed.${connection}`)}
          </span>
          {mayReport && !reporting && (
            <button
              type="button"
              className="button button-primary"
              data-testid="incident-report-open"
              onClick={() => {
                setOpen(true);
                openReportForm(DEFAULT_CATEGORY_CODE);
              }}
            >
              {t('incident.report')}
            </button>
          )}
        </header>
        {open && (reporting ? <ReportForm /> : <IncidentList />)}
      </section>
    </>
  );
}
