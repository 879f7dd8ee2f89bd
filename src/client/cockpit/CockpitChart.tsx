/**
 * One ECharts chart: created once on its element, given a new option when the data changes,
 * resized with its box, disposed on unmount. Only the chart types the cockpit draws are
 * registered (tree-shaken build); SVG renders crisp text at any wall scale.
 */
import { useEffect, useEffectEvent, useRef } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use as registerEcharts, type ECharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { chartBox } from './chartBox';
import type { ChartOption } from './cockpitChartOptions';

registerEcharts([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  SVGRenderer,
]);

export interface CockpitChartProps {
  option: ChartOption;
  /** Called with the data index of a clicked bar or point. */
  onItemClick?: (dataIndex: number) => void;
  testId: string;
  /** What the chart shows, for screen readers (the SVG itself has no words to read). */
  label: string;
  /** `is-ranking` for horizontal bars: the height then follows `rows`. */
  className?: string;
  rows?: number;
}

export function CockpitChart({
  option,
  onItemClick,
  testId,
  label,
  className = '',
  rows,
}: CockpitChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ECharts | null>(null);
  const handleClick = useEffectEvent((dataIndex: number) => onItemClick?.(dataIndex));

  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return undefined;
    const chart = init(container, null, { renderer: 'svg' });
    chartRef.current = chart;
    chart.on('click', (event) => handleClick(event.dataIndex));
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(container);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={containerRef}
      {...chartBox(className, rows)}
      data-testid={testId}
      role="img"
      aria-label={label}
    />
  );
}
