import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CockpitChart } from './CockpitChart';
import { trendLineOption } from './cockpitChartOptions';

describe('CockpitChart', () => {
  it('draws with ECharts into its element as SVG and leaves nothing behind when unmounted', () => {
    const option = trendLineOption([{ label: '12/5', count: 3 }], 16);
    const { getByTestId, unmount } = render(
      <CockpitChart option={option} testId="chart" label="趋势" />,
    );
    const element = getByTestId('chart');
    expect(element.getAttribute('role')).toBe('img');
    expect(element.getAttribute('aria-label')).toBe('趋势');
    expect(element.querySelector('svg')).not.toBeNull();
    unmount();
    expect(element.querySelector('svg')).toBeNull();
  });
});
