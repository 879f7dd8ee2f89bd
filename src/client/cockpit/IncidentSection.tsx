/**
 * The cockpit's incident figures. A click on a category, step or source bar filters the incident list
 * (and the globe's markers, which follow the same filters) to it, within the selected area; a
 * second click on the same bar lifts the filter. A click on a hottest grid selects it, and the
 * globe flies there as from the grid tree.
 */
import { useMemo } from 'react';
import { DISTRICT_UTC_OFFSET_MS } from '../../domain/districtTime';
import {
  INCIDENT_STATES,
  type IncidentSource,
  type IncidentState,
} from '../../domain/incidents/incident';
import type { GridNode } from '../../shared/api';
import { STATS_WINDOW_DAYS, type HotGrid, type IncidentStats } from '../../shared/cockpitStats';
import { categoryName, formatDuration } from '../incidents/incidentText';
import { useIncidentStore } from '../incidents/incidentStore';
import { useAppStore } from '../shell/appStore';
import { useI18n, type BilingualName, type MessageKey } from '../shell/i18n';
import { LazyCockpitChart } from './LazyCockpitChart';
import { CockpitFigure, formatShare } from './CockpitFigure';
import {
  rankingBarCodeAt,
  rankingBarOption,
  trendLineOption,
  type ChartBar,
} from './cockpitChartOptions';
import { useRootFontPx } from './useRootFontPx';

/** "12/5": a trend day on the district's calendar. */
function dayLabel(dayStartMs: number): string {
  const local = new Date(dayStartMs + DISTRICT_UTC_OFFSET_MS);
  return `${local.getUTCMonth() + 1}/${local.getUTCDate()}`;
}

/** Base grids share names across communities ("第3网格"): the community goes first. */
function hotGridLabel(
  grid: HotGrid,
  grids: Readonly<Record<string, GridNode>>,
  localName: (named: BilingualName) => string,
): string {
  const parentCode = grids[grid.gridCode]?.parentCode ?? null;
  const parent = parentCode === null ? undefined : grids[parentCode];
  return parent === undefined ? localName(grid) : `${localName(parent)} · ${localName(grid)}`;
}

/** Steps are shown in the loop's order, not by count. */
function stateOrder(code: string): number {
  return INCIDENT_STATES.indexOf(code as IncidentState);
}

interface IncidentSectionProps {
  incidents: IncidentStats;
  /** The selected area: the list is filtered to it with the bar's category or step. */
  gridCode: string | null;
}

function useFilterActions(gridCode: string | null) {
  const filters = useIncidentStore((state) => state.filters);
  const setFilters = useIncidentStore((state) => state.setFilters);
  return {
    categoryCode: filters.categoryCode,
    state: filters.state,
    source: filters.source,
    toggleSource(code: string) {
      const same = filters.source === code;
      // The breakdown counts closed incidents too: the list must not hide them.
      setFilters({
        source: same ? null : (code as IncidentSource),
        openness: 'all',
        gridCode: same ? null : gridCode,
      });
    },
    toggleCategory(code: string) {
      const same = filters.categoryCode === code;
      setFilters({ categoryCode: same ? null : code, gridCode: same ? null : gridCode });
    },
    toggleState(code: string) {
      const same = filters.state === code;
      // The breakdown counts closed incidents too: the list must not hide them.
      setFilters({
        state: same ? null : (code as IncidentState),
        openness: 'all',
        gridCode: same ? null : gridCode,
      });
    },
    clear() {
      setFilters({ categoryCode: null, state: null, source: null, gridCode: null });
    },
  };
}

export function IncidentSection({ incidents, gridCode }: IncidentSectionProps) {
  const { t, formatNumber, language, localName } = useI18n();
  const remPx = useRootFontPx();
  const select = useAppStore((state) => state.select);
  const grids = useAppStore((state) => state.grids);
  const filter = useFilterActions(gridCode);
  const none = t('cockpit.noFigure');
  const categoryBars = useMemo<ChartBar[]>(
    () =>
      incidents.byCategory.map((entry) => ({
        code: entry.code,
        label: categoryName(entry.code, language),
        value: entry.count,
      })),
    [incidents.byCategory, language],
  );
  const stateBars = useMemo<ChartBar[]>(
    () =>
      [...incidents.byState]
        .sort((a, b) => stateOrder(a.code) - stateOrder(b.code))
        .map((entry) => ({
          code: entry.code,
          label: t(`incident.state.${entry.code}` as MessageKey),
          value: entry.count,
        })),
    [incidents.byState, t],
  );
  const sourceBars = useMemo<ChartBar[]>(
    () =>
      incidents.bySource.map((entry) => ({
        code: entry.code,
        label: t(`incident.source.${entry.code}` as MessageKey),
        value: entry.count,
      })),
    [incidents.bySource, t],
  );
  const trendOption = useMemo(
    () =>
      trendLineOption(
        incidents.trend.map((day) => ({ label: dayLabel(day.dayStartMs), count: day.count })),
        remPx,
      ),
    [incidents.trend, remPx],
  );
  const categoryOption = useMemo(
    () => rankingBarOption(categoryBars, remPx, filter.categoryCode),
    [categoryBars, remPx, filter.categoryCode],
  );
  const stateOption = useMemo(
    () => rankingBarOption(stateBars, remPx, filter.state),
    [stateBars, remPx, filter.state],
  );
  const sourceOption = useMemo(
    () => rankingBarOption(sourceBars, remPx, filter.source),
    [sourceBars, remPx, filter.source],
  );
  const filteredName =
    filter.categoryCode !== null
      ? categoryName(filter.categoryCode, language)
      : filter.state !== null
        ? t(`incident.state.${filter.state}`)
        : filter.source !== null
          ? t(`incident.source.${filter.source}`)
          : null;

  return (
    <section className="cockpit-section" data-testid="statistics-incidents">
      <h3 className="cockpit-section-title">{t('cockpit.incidents')}</h3>
      <div className="cockpit-figures">
        <CockpitFigure
          label={t('cockpit.incidents.today')}
          value={formatNumber(incidents.reportedToday)}
          testId="statistics-incidents-today"
        />
        <CockpitFigure
          label={t('cockpit.incidents.week')}
          value={formatNumber(incidents.reportedThisWeek)}
        />
        <CockpitFigure
          label={t('cockpit.incidents.month')}
          value={formatNumber(incidents.reportedThisMonth)}
        />
      </div>
      <div className="cockpit-figures">
        <CockpitFigure
          label={t('cockpit.incidents.onTime')}
          value={formatShare(incidents.onTimeRate, formatNumber, none)}
          tone="good"
          testId="statistics-on-time"
        />
        <CockpitFigure
          label={t('cockpit.incidents.overdue')}
          value={formatNumber(incidents.overdueNow)}
          tone={incidents.overdueNow > 0 ? 'danger' : 'normal'}
          testId="statistics-overdue"
        />
        <CockpitFigure
          label={t('cockpit.incidents.escalations', { days: STATS_WINDOW_DAYS })}
          value={formatNumber(incidents.escalations)}
          tone={incidents.escalations > 0 ? 'warning' : 'normal'}
        />
      </div>
      <h4 className="cockpit-chart-title">
        {t('cockpit.incidents.trend', { days: STATS_WINDOW_DAYS })}
      </h4>
      <LazyCockpitChart
        option={trendOption}
        testId="statistics-trend"
        label={t('cockpit.incidents.trend', { days: STATS_WINDOW_DAYS })}
      />
      {filteredName !== null && (
        <p className="cockpit-filter" data-testid="statistics-filter">
          {t('cockpit.incidents.filtered', { name: filteredName })}
          <button type="button" className="link-button" onClick={filter.clear}>
            {t('cockpit.incidents.clearFilter')}
          </button>
        </p>
      )}
      <h4 className="cockpit-chart-title">
        {t('cockpit.incidents.byCategory', { days: STATS_WINDOW_DAYS })}
      </h4>
      <LazyCockpitChart
        option={categoryOption}
        testId="statistics-categories"
        label={t('cockpit.incidents.byCategory', { days: STATS_WINDOW_DAYS })}
        className="is-ranking"
        rows={categoryBars.length}
        onItemClick={(index) => {
          const code = rankingBarCodeAt(categoryBars, index);
          if (code !== null) filter.toggleCategory(code);
        }}
      />
      <h4 className="cockpit-chart-title">{t('cockpit.incidents.byState')}</h4>
      <LazyCockpitChart
        option={stateOption}
        testId="statistics-states"
        label={t('cockpit.incidents.byState')}
        className="is-ranking"
        rows={stateBars.length}
        onItemClick={(index) => {
          const code = rankingBarCodeAt(stateBars, index);
          if (code !== null) filter.toggleState(code);
        }}
      />
      <h4 className="cockpit-chart-title">{t('cockpit.incidents.bySource')}</h4>
      <LazyCockpitChart
        option={sourceOption}
        testId="statistics-sources"
        label={t('cockpit.incidents.bySource')}
        className="is-ranking"
        rows={sourceBars.length}
        onItemClick={(index) => {
          const code = rankingBarCodeAt(sourceBars, index);
          if (code !== null) filter.toggleSource(code);
        }}
      />
      <h4 className="cockpit-chart-title">{t('cockpit.incidents.steps')}</h4>
      <table className="cockpit-table" data-testid="statistics-steps">
        <tbody>
          {incidents.stepDurations.map((step) => (
            <tr key={step.state}>
              <th scope="row">{t(`incident.state.${step.state}` as MessageKey)}</th>
              <td>{formatDuration(step.meanMs, language)}</td>
              <td>{formatDuration(step.p90Ms, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4 className="cockpit-chart-title">{t('cockpit.incidents.hottest')}</h4>
      <ol className="cockpit-ranking" data-testid="statistics-hottest">
        {incidents.hottestGrids.map((grid) => (
          <li key={grid.gridCode}>
            <button
              type="button"
              className="cockpit-ranking-row"
              data-grid-code={grid.gridCode}
              onClick={() => select({ gridCode: grid.gridCode }, 'grid')}
            >
              <span className="cockpit-ranking-name">{hotGridLabel(grid, grids, localName)}</span>
              <strong>{formatNumber(grid.count)}</strong>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
