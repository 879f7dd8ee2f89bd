/**
 * ECharts options of the cockpit, built from the statistics as plain objects (pure functions,
 * tested in Node). Sizes come in as the root font size in pixels so text keeps the wall's
 * scale: 16 px at 1920×1080, 32 px at 3840×2160.
 */
import type { AgeBand } from '../../shared/cockpitStats';
import { COCKPIT_CHART_COLOURS, COCKPIT_CHART_REM } from '../theme/cockpitChartTheme';

/** One bar of a clickable ranking: its code is what a click hands back. */
export interface ChartBar {
  code: string;
  label: string;
  value: number;
}

/** The subset of ECharts' option these charts use (kept loose: ECharts' own type is huge). */
export type ChartOption = Record<string, unknown>;

function axisText(remPx: number) {
  return { color: COCKPIT_CHART_COLOURS.textDim, fontSize: COCKPIT_CHART_REM.axisLabel * remPx };
}

function tooltip(remPx: number) {
  return {
    trigger: 'axis',
    axisPointer: { type: 'shadow' },
    backgroundColor: COCKPIT_CHART_COLOURS.tooltipBackground,
    borderColor: COCKPIT_CHART_COLOURS.axisLine,
    textStyle: { color: COCKPIT_CHART_COLOURS.text, fontSize: COCKPIT_CHART_REM.tooltip * remPx },
  };
}

const GRID_MARGIN_REM = 0.4;
/** Room on the right of horizontal bars for their value labels. */
const BAR_LABEL_ROOM_REM = 2.2;

function gridOf(remPx: number, rightRem = GRID_MARGIN_REM) {
  const margin = GRID_MARGIN_REM * remPx;
  return { left: margin, right: rightRem * remPx, top: margin, bottom: margin, containLabel: true };
}

/** Horizontal bars, biggest first from the top; the selected code is drawn highlighted. */
export function rankingBarOption(
  bars: readonly ChartBar[],
  remPx: number,
  selectedCode: string | null,
): ChartOption {
  const ordered = [...bars].reverse();
  return {
    animation: false,
    grid: gridOf(remPx, BAR_LABEL_ROOM_REM),
    tooltip: tooltip(remPx),
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      data: ordered.map((bar) => bar.label),
      axisLabel: axisText(remPx),
      axisLine: { lineStyle: { color: COCKPIT_CHART_COLOURS.axisLine } },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        barCategoryGap: `${COCKPIT_CHART_REM.barGapPercent}%`,
        cursor: 'pointer',
        data: ordered.map((bar) => ({
          value: bar.value,
          itemStyle: {
            color:
              bar.code === selectedCode
                ? COCKPIT_CHART_COLOURS.selected
                : COCKPIT_CHART_COLOURS.bar,
          },
        })),
        label: {
          show: true,
          position: 'right',
          color: COCKPIT_CHART_COLOURS.text,
          fontSize: COCKPIT_CHART_REM.barLabel * remPx,
        },
      },
    ],
  };
}

/** The code of the bar at ECharts' data index in rankingBarOption (drawn bottom-up). */
export function rankingBarCodeAt(bars: readonly ChartBar[], dataIndex: number): string | null {
  return bars[bars.length - 1 - dataIndex]?.code ?? null;
}

export interface PyramidLabels {
  male: string;
  female: string;
  /** The last band's label ("90+"). */
  openBand(fromAge: number): string;
}

/** Age pyramid: men to the left, women to the right, youngest band at the bottom. */
export function agePyramidOption(
  bands: readonly AgeBand[],
  remPx: number,
  labels: PyramidLabels,
): ChartOption {
  const last = bands.length - 1;
  const bandLabels = bands.map((band, index) =>
    index === last ? labels.openBand(band.fromAge) : String(band.fromAge),
  );
  const absolute = (value: number) => String(Math.abs(value));
  return {
    animation: false,
    grid: { ...gridOf(remPx), top: 1.6 * remPx },
    tooltip: { ...tooltip(remPx), valueFormatter: absolute },
    legend: {
      data: [labels.male, labels.female],
      textStyle: axisText(remPx),
      itemWidth: remPx,
      itemHeight: remPx * 0.6,
      top: 0,
      right: 0,
    },
    xAxis: {
      type: 'value',
      axisLabel: { ...axisText(remPx), formatter: absolute },
      splitLine: { lineStyle: { color: COCKPIT_CHART_COLOURS.splitLine } },
    },
    yAxis: {
      type: 'category',
      data: bandLabels,
      axisLabel: { ...axisText(remPx), interval: 1 },
      axisTick: { show: false },
      axisLine: { lineStyle: { color: COCKPIT_CHART_COLOURS.axisLine } },
    },
    series: [
      {
        name: labels.male,
        type: 'bar',
        stack: 'people',
        barCategoryGap: '15%',
        itemStyle: { color: COCKPIT_CHART_COLOURS.male },
        data: bands.map((band) => -band.male),
      },
      {
        name: labels.female,
        type: 'bar',
        stack: 'people',
        itemStyle: { color: COCKPIT_CHART_COLOURS.female },
        data: bands.map((band) => band.female),
      },
    ],
  };
}

/** Reports per day: a line over the window, the last point today. */
export function trendLineOption(
  days: ReadonlyArray<{ label: string; count: number }>,
  remPx: number,
): ChartOption {
  return {
    animation: false,
    grid: gridOf(remPx),
    tooltip: tooltip(remPx),
    xAxis: {
      type: 'category',
      data: days.map((day) => day.label),
      axisLabel: axisText(remPx),
      axisLine: { lineStyle: { color: COCKPIT_CHART_COLOURS.axisLine } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: axisText(remPx),
      splitLine: { lineStyle: { color: COCKPIT_CHART_COLOURS.splitLine } },
    },
    series: [
      {
        type: 'line',
        data: days.map((day) => day.count),
        symbol: 'none',
        smooth: true,
        lineStyle: {
          color: COCKPIT_CHART_COLOURS.accent,
          width: COCKPIT_CHART_REM.lineWidth * remPx,
        },
        areaStyle: { color: COCKPIT_CHART_COLOURS.accentFill },
      },
    ],
  };
}

export interface MovementBar {
  label: string;
  registrations: number;
  departures: number;
}

export interface MovementLabels {
  registrations: string;
  departures: string;
  net: string;
}

/** Registrations and departures per month side by side, with their difference as a line. */
export function movementBarOption(
  months: readonly MovementBar[],
  remPx: number,
  labels: MovementLabels,
): ChartOption {
  const bar = (name: string, color: string, values: number[]) => ({
    name,
    type: 'bar',
    barGap: '10%',
    barCategoryGap: `${COCKPIT_CHART_REM.barGapPercent}%`,
    itemStyle: { color },
    data: values,
  });
  return {
    animation: false,
    grid: { ...gridOf(remPx), top: 1.6 * remPx },
    tooltip: tooltip(remPx),
    legend: {
      data: [labels.registrations, labels.departures, labels.net],
      textStyle: axisText(remPx),
      itemWidth: remPx,
      itemHeight: remPx * 0.6,
      top: 0,
      right: 0,
    },
    xAxis: {
      type: 'category',
      data: months.map((month) => month.label),
      axisLabel: axisText(remPx),
      axisLine: { lineStyle: { color: COCKPIT_CHART_COLOURS.axisLine } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: axisText(remPx),
      splitLine: { lineStyle: { color: COCKPIT_CHART_COLOURS.splitLine } },
    },
    series: [
      bar(
        labels.registrations,
        COCKPIT_CHART_COLOURS.registration,
        months.map((month) => month.registrations),
      ),
      bar(
        labels.departures,
        COCKPIT_CHART_COLOURS.departure,
        months.map((month) => month.departures),
      ),
      {
        name: labels.net,
        type: 'line',
        data: months.map((month) => month.registrations - month.departures),
        symbolSize: 0.4 * remPx,
        itemStyle: { color: COCKPIT_CHART_COLOURS.net },
        lineStyle: { color: COCKPIT_CHART_COLOURS.net, width: COCKPIT_CHART_REM.lineWidth * remPx },
      },
    ],
  };
}
