/**
 * The heatmap's controls: on/off, time window, category, per-1,000 residents, the
 * 2D analytics view, and a legend whose scale is in the current unit (the top is what the globe
 * drew last). Also runs the heatmap's data (useHeatmapData).
 */
import { INCIDENT_CATEGORIES } from '../../domain/incidents/incidentCategories';
import { heatColourCss, heatLegendTicks } from '../theme/heatColourRamp';
import { useHeatmapStore } from './heatmapStore';
import { HEAT_WINDOWS } from './heatWindows';
import { describeError } from '../widgets/errorMessage';
import { useI18n } from '../shell/i18n';
import { useHeatmapData } from './useHeatmapData';
import './analytics/analytics.css';

/** Colour stops of the legend bar, as fractions of the scale. */
const LEGEND_GRADIENT_STOPS = [0.03, 0.15, 0.35, 0.55, 0.75, 1];
const LEGEND_GRADIENT_CSS = `linear-gradient(90deg, ${LEGEND_GRADIENT_STOPS.map(
  (fraction) => `${heatColourCss(fraction)} ${Math.round(fraction * 100)}%`,
).join(', ')})`;
/** Small rates need decimals; densities in the hundreds do not. */
const LEGEND_MAX_DECIMALS = 2;

function HeatLegend() {
  const { t, formatNumber } = useI18n();
  const scale = useHeatmapStore((state) => state.scale);
  const truncated = useHeatmapStore((state) => state.loaded?.truncated ?? false);
  if (scale === null) return null;
  const unit = t(scale.perResidents ? 'heatmap.unitPer1000' : 'heatmap.unitPerKm2');
  return (
    <div className="heat-legend" data-testid="heat-legend" data-scale-max={scale.scaleMax}>
      <div className="heat-legend-bar" style={{ background: LEGEND_GRADIENT_CSS }} />
      <div className="heat-legend-ticks mono">
        {heatLegendTicks(scale.scaleMax).map((tick) => (
          <span key={tick}>{formatNumber(tick, LEGEND_MAX_DECIMALS)}</span>
        ))}
      </div>
      <div className="heat-legend-unit">
        <span>{unit}</span>
        <span className="mono" data-testid="heat-count">
          {t('heatmap.count', { count: formatNumber(scale.incidentCount) })}
          {truncated &&
            ` · ${t('heatmap.truncated', { count: formatNumber(scale.incidentCount) })}`}
        </span>
      </div>
    </div>
  );
}

export function HeatmapControls() {
  const { t, language } = useI18n();
  const data = useHeatmapData();
  const enabled = useHeatmapStore((state) => state.enabled);
  const window = useHeatmapStore((state) => state.window);
  const categoryCode = useHeatmapStore((state) => state.categoryCode);
  const perResidents = useHeatmapStore((state) => state.perResidents);
  const analyticsOpen = useHeatmapStore((state) => state.analyticsOpen);
  const actions = useHeatmapStore.getState();
  const failure = data.incidents.status === 'error' ? data.incidents : data.residents;
  const message = failure.status === 'error' ? describeError(failure.error) : null;

  return (
    <section className="panel-section heat-controls" data-testid="heatmap-controls">
      <h2 className="section-title">
        <span>{t('heatmap.title')}</span>
        <label className="heat-toggle">
          <input
            type="checkbox"
            checked={enabled}
            data-testid="heat-enabled"
            onChange={(event) => actions.setEnabled(event.target.checked)}
          />
          <span>{t('heatmap.show')}</span>
        </label>
      </h2>
      <div
        className="segmented heat-windows"
        role="radiogroup"
        aria-label={t('heatmap.window')}
        data-testid="heat-window"
        data-value={window}
      >
        {HEAT_WINDOWS.map((option) => (
          <button
            key={option}
            type="button"
            role="radio"
            aria-checked={window === option}
            className={`segmented-option${window === option ? ' is-active' : ''}`}
            data-value={option}
            onClick={() => actions.setWindow(option)}
          >
            {t(`heatmap.window.${option}`)}
          </button>
        ))}
      </div>
      <div className="heat-row">
        <select
          className="heat-category"
          aria-label={t('heatmap.category')}
          data-testid="heat-category"
          value={categoryCode ?? ''}
          onChange={(event) => actions.setCategory(event.target.value || null)}
        >
          <option value="">{t('heatmap.allCategories')}</option>
          {INCIDENT_CATEGORIES.map((category) => (
            <option key={category.code} value={category.code}>
              {language === 'zh' ? category.nameZh : category.nameEn}
            </option>
          ))}
        </select>
        <label className="heat-toggle">
          <input
            type="checkbox"
            checked={perResidents}
            data-testid="heat-per-residents"
            onChange={(event) => actions.setPerResidents(event.target.checked)}
          />
          <span>{t('heatmap.perResidents')}</span>
        </label>
      </div>
      <HeatLegend />
      <div className="heat-row">
        <span className="heat-status" role="status">
          {data.residents.status === 'loading' && t('heatmap.residentsLoading')}
          {message && (
            <>
              {t(message.messageKey, message.params)}{' '}
              <button type="button" className="link-button" onClick={failure.retry}>
                {t('common.retry')}
              </button>
            </>
          )}
        </span>
        <button
          type="button"
          className={`button heat-analytics-button${analyticsOpen ? ' is-active' : ''}`}
          aria-pressed={analyticsOpen}
          data-testid="analytics-toggle"
          onClick={() => actions.setAnalyticsOpen(!analyticsOpen)}
        >
          {t('heatmap.openAnalytics')}
        </button>
      </div>
    </section>
  );
}
