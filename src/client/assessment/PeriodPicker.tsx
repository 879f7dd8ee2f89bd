/** 考核期间: a month, a quarter or a custom run of days, on the district calendar. */
import type { AssessmentQuery } from '../../shared/assessment';
import { useI18n } from '../shell/i18n';
import { quarterChoices } from './assessmentPeriods';

const KINDS = ['month', 'quarter', 'custom'] as const;

export function PeriodPicker({
  query,
  nowMs,
  onChange,
}: {
  query: AssessmentQuery;
  nowMs: number;
  onChange: (query: AssessmentQuery) => void;
}) {
  const { t } = useI18n();
  const quarters = quarterChoices(nowMs);
  const changeKind = (kind: AssessmentQuery['kind']) => {
    if (kind === 'month') onChange({ kind, month: '' });
    else if (kind === 'quarter') onChange({ kind, quarter: quarters[0] ?? '' });
    else onChange({ kind, from: '', to: '' });
  };
  return (
    <fieldset className="assessment-period" data-testid="assessment-period">
      <legend>{t('assessment.period.kind')}</legend>
      <div className="assessment-kinds" role="radiogroup">
        {KINDS.map((kind) => (
          <label key={kind} className={query.kind === kind ? 'is-active' : undefined}>
            <input
              type="radio"
              name="assessment-period-kind"
              value={kind}
              checked={query.kind === kind}
              onChange={() => changeKind(kind)}
            />
            {t(`assessment.period.${kind}`)}
          </label>
        ))}
      </div>
      {query.kind === 'month' && (
        <input
          type="month"
          aria-label={t('assessment.period.month')}
          value={query.month}
          onChange={(event) => onChange({ kind: 'month', month: event.target.value })}
        />
      )}
      {query.kind === 'quarter' && (
        <select
          aria-label={t('assessment.period.quarter')}
          value={query.quarter}
          onChange={(event) => onChange({ kind: 'quarter', quarter: event.target.value })}
        >
          {quarters.map((quarter) => (
            <option key={quarter} value={quarter}>
              {quarter}
            </option>
          ))}
        </select>
      )}
      {query.kind === 'custom' && (
        <>
          <input
            type="date"
            aria-label={t('assessment.period.from')}
            value={query.from}
            onChange={(event) => onChange({ ...query, from: event.target.value })}
          />
          <input
            type="date"
            aria-label={t('assessment.period.to')}
            value={query.to}
            onChange={(event) => onChange({ ...query, to: event.target.value })}
          />
        </>
      )}
    </fieldset>
  );
}
