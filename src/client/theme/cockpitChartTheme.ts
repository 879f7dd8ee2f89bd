/**
 * Colours and proportions of the cockpit's charts: the wall's dark palette (styles.css) as
 * plain strings, so ECharts options, legends and tiles agree. Sizes are in rem: a chart
 * multiplies them by the root font size, which the shell scales with the wall.
 */
export const COCKPIT_CHART_COLOURS = {
  text: '#e8f2ff',
  textDim: '#93aac4',
  axisLine: 'rgba(147, 170, 196, 0.35)',
  splitLine: 'rgba(147, 170, 196, 0.12)',
  accent: '#36e2ff',
  accentFill: 'rgba(54, 226, 255, 0.18)',
  male: '#3d9bff',
  female: '#ff7ab6',
  selected: '#ffc933',
  registration: '#34d399',
  departure: '#fb923c',
  net: '#ffc933',
  bar: '#36e2ff',
  tooltipBackground: 'rgba(6, 18, 36, 0.95)',
} as const;

/** Font sizes and strokes in rem (times the root font size in pixels); the bar gap in percent. */
export const COCKPIT_CHART_REM = {
  axisLabel: 0.8,
  barLabel: 0.85,
  tooltip: 0.85,
  lineWidth: 0.15,
  barGapPercent: 25,
} as const;
