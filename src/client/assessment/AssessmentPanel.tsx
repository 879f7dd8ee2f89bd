/**
 * 绩效考核: a period's rankings of streets, communities, grids, departments and workers inside
 * the user's scope, each row's deductions with the incidents behind them (a click opens the
 * incident drawer), the XLSX report, and for administrators the scoring scheme's editor.
 * Self-contained: give it a place in any layout (the wall docks it in the centre).
 */
import { useEffect, useMemo, useState } from 'react';
import {
  SUBJECT_LEVELS,
  type AssessmentQuery,
  type AssessmentReport,
  type SubjectLevel,
} from '../../shared/assessment';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';
import { AssessmentApiError, assessmentApi, type AssessmentApi } from './assessmentApi';
import { defaultQuery, isAskable } from './assessmentPeriods';
import { DeductionDetail } from './DeductionDetail';
import { PeriodPicker } from './PeriodPicker';
import { RankingTable } from './RankingTable';
import { SchemeEditor } from './SchemeEditor';
import './assessment.css';

export function AssessmentPanel({
  api: givenApi,
  nowMs: givenNowMs,
  onClose,
}: {
  api?: AssessmentApi;
  /** The clock the default period is taken from (tests pass a fixed one). */
  nowMs?: number;
  onClose?: () => void;
}) {
  const { t, language, formatDate, formatTime } = useI18n();
  const api = useMemo(() => givenApi ?? assessmentApi(), [givenApi]);
  const [nowMs] = useState(() => givenNowMs ?? Date.now());
  const mayEditScheme = useAppStore(
    (state) => state.session?.permissions.includes('users.manage') ?? false,
  );
  const [query, setQuery] = useState<AssessmentQuery>(() => defaultQuery(nowMs));
  const [level, setLevel] = useState<SubjectLevel>('street');
  const [report, setReport] = useState<AssessmentReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);

  useEffect(() => {
    if (!isAskable(query)) return undefined;
    const controller = new AbortController();
    setReport(null);
    setError(null);
    api.report(query, controller.signal).then(setReport, (failure: Error) => {
      if (controller.signal.aborted) return;
      setError(
        failure instanceof AssessmentApiError && failure.messages !== null
          ? failure.messages[language]
          : failure.message,
      );
    });
    return () => controller.abort();
  }, [api, query, language]);

  const entries = report?.rankings[level] ?? [];
  const selected = entries.find((entry) => entry.key === selectedKey) ?? null;
  const asOf = report === null ? null : new Date(report.asOfMs);

  return (
    <section
      className="assessment-panel"
      role="dialog"
      aria-label={t('assessment.title')}
      data-testid="assessment-panel"
    >
      <header className="assessment-header">
        <h2>{t('assessment.title')}</h2>
        <div className="assessment-actions">
          {mayEditScheme && (
            <button
              type="button"
              className="button button-quiet"
              aria-pressed={editing}
              onClick={() => setEditing(!editing)}
            >
              {editing ? t('assessment.editor.back') : t('assessment.schemeEditor')}
            </button>
          )}
          {report !== null && (
            <a
              className="button"
              href={api.exportUrl(query)}
              download
              data-testid="assessment-export"
            >
              {t('assessment.export')}
            </a>
          )}
          {onClose !== undefined && (
            <button type="button" className="button button-quiet" onClick={onClose}>
              {t('assessment.close')}
            </button>
          )}
        </div>
      </header>
      {editing ? (
        <SchemeEditor api={api} />
      ) : (
        <>
          <div className="assessment-toolbar">
            <PeriodPicker query={query} nowMs={nowMs} onChange={setQuery} />
            {report !== null && (
              <p className="assessment-meta" data-testid="assessment-meta">
                <span>
                  {report.period.firstDay} – {report.period.lastDay}
                </span>
                <span>
                  {t('assessment.scheme', {
                    version: report.scheme.version,
                    from: report.scheme.effectiveFrom,
                  })}
                </span>
                {!report.complete && asOf !== null && (
                  <span className="assessment-running">
                    {t('assessment.running', { time: `${formatDate(asOf)} ${formatTime(asOf)}` })}
                  </span>
                )}
                {report.patrolFixesFromMs > report.period.startMs && (
                  <span>
                    {t('assessment.patrolFrom', {
                      day: formatDate(new Date(report.patrolFixesFromMs)),
                    })}
                  </span>
                )}
                <span>{t('assessment.satisfactionNote')}</span>
              </p>
            )}
          </div>
          <div className="assessment-levels" role="tablist">
            {SUBJECT_LEVELS.map((candidate) => (
              <button
                key={candidate}
                type="button"
                role="tab"
                aria-selected={candidate === level}
                className={candidate === level ? 'is-active' : undefined}
                onClick={() => {
                  setLevel(candidate);
                  setSelectedKey(null);
                }}
              >
                {t(`assessment.level.${candidate}`)}
                {report !== null && (
                  <span className="assessment-count">{report.rankings[candidate].length}</span>
                )}
              </button>
            ))}
          </div>
          {error !== null && (
            <p role="alert" className="assessment-error">
              {error}
            </p>
          )}
          {report === null && error === null && isAskable(query) && (
            <p className="assessment-loading" aria-busy="true">
              {t('assessment.loading')}
            </p>
          )}
          {report !== null && (
            <div className="assessment-body">
              <div className="assessment-table-scroll">
                <RankingTable
                  level={level}
                  entries={entries}
                  selectedKey={selectedKey}
                  onSelect={setSelectedKey}
                />
              </div>
              {selected !== null && <DeductionDetail level={level} entry={selected} />}
            </div>
          )}
        </>
      )}
    </section>
  );
}
