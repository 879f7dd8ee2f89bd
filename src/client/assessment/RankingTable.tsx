/**
 * One level's ranking: best first, the figures that make up the score beside it. A row opens
 * its deductions; nothing here is personal beyond a worker's (masked) name. Columns carry a
 * priority (`col-p2`, `col-p3`): where the centre of the wall is narrow (1920×1080 between the
 * docked columns) the stylesheet drops the lowest first, so the table never scrolls sideways;
 * the XLSX keeps every column.
 */
import type { SubjectLevel, SubjectScoreWire } from '../../shared/assessment';
import { useI18n } from '../shell/i18n';
import { useSubjectName } from './useSubjectName';

const MINUTE_MS = 60_000;
const PERCENT = 100;
const NO_FIGURE = '—';

export function RankingTable({
  level,
  entries,
  selectedKey,
  onSelect,
}: {
  level: SubjectLevel;
  entries: readonly SubjectScoreWire[];
  selectedKey: string | null;
  onSelect: (key: string) => void;
}) {
  const { t, formatNumber } = useI18n();
  const nameOf = useSubjectName(level);
  if (entries.length === 0) return <p className="assessment-empty">{t('assessment.empty')}</p>;
  const percent = (value: number | null) =>
    value === null ? NO_FIGURE : `${formatNumber(value * PERCENT, 0)}%`;
  const number = (value: number | null, digits = 1) =>
    value === null ? NO_FIGURE : formatNumber(value, digits);
  return (
    <table className="assessment-ranking" data-testid="assessment-ranking">
      <thead>
        <tr>
          <th>{t('assessment.col.rank')}</th>
          <th>{t('assessment.col.name')}</th>
          <th>{t('assessment.col.score')}</th>
          <th>{t('assessment.col.deductions')}</th>
          <th>{t('assessment.col.onTime')}</th>
          <th>{t('assessment.col.overdue')}</th>
          <th className="col-p2">{t('assessment.col.rework')}</th>
          <th className="col-p2">{t('assessment.col.satisfaction')}</th>
          <th className="col-p3">{t('assessment.col.found')}</th>
          <th className="col-p2">{t('assessment.col.coverage')}</th>
          <th className="col-p3">{t('assessment.col.response')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const { indicators } = entry;
          return (
            <tr
              key={entry.key}
              className={entry.key === selectedKey ? 'is-selected' : undefined}
              aria-selected={entry.key === selectedKey}
              data-subject={entry.key}
              onClick={() => onSelect(entry.key)}
            >
              <td className="assessment-rank">{entry.rank ?? NO_FIGURE}</td>
              <td className="assessment-name">
                <button type="button" onClick={() => onSelect(entry.key)}>
                  {nameOf(entry)}
                </button>
              </td>
              <td
                className="assessment-score"
                title={entry.score === null ? t('assessment.noScore') : undefined}
              >
                {number(entry.score)}
              </td>
              <td className={entry.deductionPoints > 0 ? 'is-deducted' : undefined}>
                {entry.deductionPoints > 0 ? `−${formatNumber(entry.deductionPoints, 1)}` : '0'}
              </td>
              <td>{percent(indicators.onTimeRate)}</td>
              <td>{indicators.overdueCount}</td>
              <td className="col-p2">{percent(indicators.reworkRate)}</td>
              <td className="col-p2">{number(indicators.satisfaction, 1)}</td>
              <td className="col-p3">{indicators.foundByWorkers}</td>
              <td className="col-p2">{percent(indicators.patrolCoverage)}</td>
              <td className="col-p3">
                {indicators.responseMeanMs === null
                  ? NO_FIGURE
                  : formatNumber(indicators.responseMeanMs / MINUTE_MS, 0)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
