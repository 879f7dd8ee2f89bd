/**
 * 审计日志: the audit log, newest first, filtered by user, action, target and time; the same
 * filters export CSV (the export is itself audited). Read-only: there is nothing to edit.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AuditEntry, AuditQuery, Page } from '../../shared/api';
import { useApi } from '../shell/ApiContext';
import { useI18n } from '../shell/i18n';
import { refusalText } from './refusalText';

const PAGE_SIZE = 50;
const FILTERS = ['username', 'action', 'targetType', 'targetId', 'from', 'to'] as const;
type FilterName = (typeof FILTERS)[number];

function toQuery(filters: Record<FilterName, string>): AuditQuery {
  const query: AuditQuery = {};
  for (const name of FILTERS) {
    const value = filters[name].trim();
    if (value !== '') query[name] = value;
  }
  return query;
}

export function AuditLogPanel() {
  const { t, language } = useI18n();
  const api = useApi();
  const [filters, setFilters] = useState<Record<FilterName, string>>({
    username: '',
    action: '',
    targetType: '',
    targetId: '',
    from: '',
    to: '',
  });
  const [applied, setApplied] = useState<AuditQuery>({});
  const [pageNumber, setPageNumber] = useState(1);
  const [page, setPage] = useState<Page<AuditEntry> | null>(null);
  const [message, setMessage] = useState('');

  const load = useCallback(() => {
    setMessage('');
    api
      .audit({ ...applied, page: pageNumber, pageSize: PAGE_SIZE })
      .then(setPage, (error: unknown) => setMessage(refusalText(error, language, t)));
  }, [api, applied, pageNumber, language, t]);
  useEffect(load, [load]);

  const pages = page === null ? 1 : Math.max(1, Math.ceil(page.total / PAGE_SIZE));
  return (
    <div className="admin-panel" data-testid="audit-log">
      <form
        className="admin-filters"
        onSubmit={(event) => {
          event.preventDefault();
          setPageNumber(1);
          setApplied(toQuery(filters));
        }}
      >
        {FILTERS.map((name) => (
          <label className="field" key={name}>
            <span className="field-label">{t(`audit.filter.${name}`)}</span>
            <input
              data-testid={`audit-filter-${name}`}
              value={filters[name]}
              placeholder={name === 'from' || name === 'to' ? '2026-01-31' : ''}
              onChange={(event) => setFilters({ ...filters, [name]: event.target.value })}
            />
          </label>
        ))}
        <button className="button button-primary" type="submit" data-testid="audit-apply">
          {t('audit.apply')}
        </button>
        <a
          className="button button-quiet"
          data-testid="audit-export"
          href={api.auditExportUrl(applied)}
          download="audit-log.csv"
        >
          {t('audit.export')}
        </a>
      </form>
      <p className="admin-message" role="alert">
        {message}
      </p>
      <table className="admin-table">
        <thead>
          <tr>
            <th>{t('audit.at')}</th>
            <th>{t('audit.filter.username')}</th>
            <th>{t('audit.filter.action')}</th>
            <th>{t('audit.target')}</th>
            <th>{t('audit.fields')}</th>
            <th>{t('audit.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {page?.items.map((entry) => (
            <tr key={entry.id}>
              <td>{entry.at}</td>
              <td>{entry.username}</td>
              <td>{entry.action}</td>
              <td>
                {entry.targetType} {entry.targetId}
              </td>
              <td>{entry.fields}</td>
              <td>{entry.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="admin-pager">
        <button
          type="button"
          className="button button-quiet"
          disabled={pageNumber <= 1}
          onClick={() => setPageNumber(pageNumber - 1)}
        >
          {t('common.previous')}
        </button>
        <span data-testid="audit-total">
          {t('common.pageOf', { page: pageNumber, pages })} ·{' '}
          {t('audit.total', { total: page?.total ?? 0 })}
        </span>
        <button
          type="button"
          className="button button-quiet"
          disabled={pageNumber >= pages}
          onClick={() => setPageNumber(pageNumber + 1)}
        >
          {t('common.next')}
        </button>
      </div>
    </div>
  );
}
