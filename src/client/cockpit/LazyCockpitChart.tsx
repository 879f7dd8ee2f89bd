/**
 * A cockpit chart whose ECharts code loads (its own chunk) the first time a chart is shown, so
 * the wall's start stays as light as before; until then an empty box of the chart's size
 * holds its place.
 */
import { lazy, Suspense } from 'react';
import { chartBox } from './chartBox';
import type { CockpitChartProps } from './CockpitChart';

const CockpitChart = lazy(() =>
  import('./CockpitChart').then((module) => ({ default: module.CockpitChart })),
);

export function LazyCockpitChart(props: CockpitChartProps) {
  const placeholder = <div {...chartBox(props.className, props.rows)} aria-busy="true" />;
  return (
    <Suspense fallback={placeholder}>
      <CockpitChart {...props} />
    </Suspense>
  );
}
