/**
 * 考核得分: last month's assessment score of the selected street, community or grid, its rank
 * among its siblings, the points taken off as counts, and the level below ranked (a click flies
 * there). Aggregates only — the leader wall and the tour show it; the full assessment, which
 * names workers and incidents, stays on the desk.
 */
import { useState } from 'react';
import type { AreaScore, AreaScoreResponse } from '../../shared/assessment';
import { useAppStore } from '../shell/appStore';
import { useI18n, type MessageKey } from '../shell/i18n';
import { PanelStatus } from '../widgets/PanelStatus';
import { useApiResource } from '../widgets/useApiResource';
import { CockpitFigure, formatShare } from './CockpitFigure';

/** Score below this is shown as a warning, below the next as a danger (points of 100). */
const SCORE_WARNING_BELOW = 85;
const SCORE_DANGER_BELOW = 70;
const SCORE_DECIMALS = 1;

function scoreTone(score: number | null): 'normal' | 'good' | 'warning' | 'danger' {
  if (score === null) return 'normal';
  if (score < SCORE_DANGER_BELOW) return 'danger';
  return score < SCORE_WARNING_BELOW ? 'warning' : 'good';
}

function AreaFigures({ area }: { area: AreaScore }) {
  const { t, formatNumber } = useI18n();
  const none = t('cockpit.noFigure');
  const { indicators } = area;
  return (
    <>
      <div className="cockpit-figures">
        <CockpitFigure
          label={t('cockpit.score.score')}
          value={area.score === null ? none : formatNumber(area.score, SCORE_DECIMALS)}
          tone={scoreTone(area.score)}
          testId="area-score-value"
        />
        <CockpitFigure
          label={t('cockpit.score.rank', { count: area.siblings })}
          value={area.rank === null ? none : `${area.rank}/${area.siblings}`}
          testId="area-score-rank"
        />
        <CockpitFigure
          label={t('cockpit.score.deducted')}
          value={formatNumber(area.deductionPoints, SCORE_DECIMALS)}
          tone={area.deductionPoints > 0 ? 'warning' : 'normal'}
        />
      </div>
      <div className="cockpit-figures">
        <CockpitFigure
          label={t('assessment.col.onTime')}
          value={formatShare(indicators.onTimeRate, formatNumber, none)}
        />
        <CockpitFigure
          label={t('assessment.col.rework')}
          value={formatShare(indicators.reworkRate, formatNumber, none)}
        />
        <CockpitFigure
          label={t('assessment.col.coverage')}
          value={formatShare(indicators.patrolCoverage, formatNumber, none)}
        />
      </div>
      <ul className="cockpit-chips" data-testid="area-score-deductions">
        {area.deductions.length === 0 && (
          <li className="cockpit-note">{t('cockpit.score.none')}</li>
        )}
        {area.deductions.map((deduction) => (
          <li key={deduction.kind} className="cockpit-chip">
            <span>{t(`assessment.deduction.${deduction.kind}` as MessageKey)}</span>
            <strong>
              {t('cockpit.score.deduction', {
                count: formatNumber(deduction.count),
                points: formatNumber(deduction.points, SCORE_DECIMALS),
              })}
            </strong>
          </li>
        ))}
      </ul>
    </>
  );
}

function ChildRanking({ scores }: { scores: AreaScore[] }) {
  const { t, formatNumber, localName } = useI18n();
  const grids = useAppStore((state) => state.grids);
  const select = useAppStore((state) => state.select);
  if (scores.length === 0) return null;
  const level = scores[0]!.level;
  return (
    <>
      <h4 className="cockpit-chart-title">
        {t('cockpit.score.children', { level: t(`assessment.level.${level}`) })}
      </h4>
      <ol className="cockpit-ranking is-ranked" data-testid="area-score-children">
        {scores.map((child) => {
          const grid = grids[child.gridCode];
          return (
            <li key={child.gridCode}>
              <button
                type="button"
                className="cockpit-ranking-row"
                data-grid-code={child.gridCode}
                data-rank={child.rank ?? '–'}
                onClick={() => select({ gridCode: child.gridCode }, 'grid')}
              >
                <span className="cockpit-ranking-name">
                  {grid ? localName(grid) : child.gridCode}
                </span>
                <strong>
                  {child.score === null
                    ? t('cockpit.noFigure')
                    : formatNumber(child.score, SCORE_DECIMALS)}
                </strong>
              </button>
            </li>
          );
        })}
      </ol>
    </>
  );
}

export function AreaScoreSection({ gridCode }: { gridCode: string | null }) {
  const { t } = useI18n();
  const [response, setResponse] = useState<AreaScoreResponse | null>(null);
  const resource = useApiResource(
    gridCode ?? 'scope',
    (api, signal) => api.areaScore(gridCode, signal),
    setResponse,
  );
  // A score of another area never shows under this one's name.
  const current = response !== null && response.gridCode === gridCode ? response : null;
  return (
    <section
      className="cockpit-section"
      data-testid="area-score"
      data-grid-code={current?.gridCode ?? ''}
      data-score={current?.area?.score ?? ''}
    >
      <h3 className="cockpit-section-title">
        {t('cockpit.score.title')}
        {current !== null && (
          <span className="cockpit-time">
            {' '}
            {t('cockpit.score.period', { period: current.period.label })}
          </span>
        )}
      </h3>
      <PanelStatus resource={resource} hasData={current !== null} />
      {current?.area != null && <AreaFigures area={current.area} />}
      {current !== null && current.area === null && current.children.length === 0 && (
        <p className="cockpit-note">{t('cockpit.score.notScored')}</p>
      )}
      {current !== null && <ChildRanking scores={current.children} />}
    </section>
  );
}
