import { describe, expect, it } from 'vitest';
import {
  agePyramidOption,
  movementBarOption,
  rankingBarCodeAt,
  rankingBarOption,
  trendLineOption,
  type ChartBar,
} from './cockpitChartOptions';
import { COCKPIT_CHART_COLOURS, COCKPIT_CHART_REM } from '../theme/cockpitChartTheme';

const BARS: ChartBar[] = [
  { code: 'street_order', label: '街面秩序', value: 9 },
  { code: 'safety_hazard', label: '安全隐患', value: 4 },
  { code: 'noise', label: '噪声', value: 1 },
];

type Series = Array<{ data: unknown[]; label?: { fontSize: number } }>;

describe('rankingBarOption', () => {
  it('draws the first bar on top and maps a clicked index back to its code', () => {
    const option = rankingBarOption(BARS, 16, null);
    expect((option.yAxis as { data: string[] }).data).toEqual(['噪声', '安全隐患', '街面秩序']);
    expect(rankingBarCodeAt(BARS, 0)).toBe('noise');
    expect(rankingBarCodeAt(BARS, 2)).toBe('street_order');
    expect(rankingBarCodeAt(BARS, 3)).toBeNull();
  });

  it('highlights the bar the incident list is filtered by', () => {
    const data = (rankingBarOption(BARS, 16, 'safety_hazard').series as Series)[0]!.data as Array<{
      itemStyle: { color: string };
    }>;
    expect(data.map((item) => item.itemStyle.color)).toEqual([
      COCKPIT_CHART_COLOURS.bar,
      COCKPIT_CHART_COLOURS.selected,
      COCKPIT_CHART_COLOURS.bar,
    ]);
  });

  it('scales its text with the root font size (twice as large on a 4K wall)', () => {
    const label = (remPx: number) =>
      (rankingBarOption(BARS, remPx, null).series as Series)[0]!.label!;
    expect(label(16).fontSize).toBe(COCKPIT_CHART_REM.barLabel * 16);
    expect(label(32).fontSize).toBe(2 * label(16).fontSize);
  });
});

describe('agePyramidOption', () => {
  it('puts men left (negative) and women right, and labels the last band open', () => {
    const option = agePyramidOption(
      [
        { fromAge: 0, male: 3, female: 4 },
        { fromAge: 5, male: 1, female: 0 },
      ],
      16,
      { male: '男', female: '女', openBand: (age) => `${age}+` },
    );
    const [men, women] = option.series as Series;
    expect(men!.data).toEqual([-3, -1]);
    expect(women!.data).toEqual([4, 0]);
    expect((option.yAxis as { data: string[] }).data).toEqual(['0', '5+']);
  });
});

describe('trendLineOption', () => {
  it('draws one point per day in order', () => {
    const option = trendLineOption(
      [
        { label: '12/4', count: 2 },
        { label: '12/5', count: 5 },
      ],
      16,
    );
    expect((option.xAxis as { data: string[] }).data).toEqual(['12/4', '12/5']);
    expect((option.series as Series)[0]!.data).toEqual([2, 5]);
  });
});

describe('movementBarOption', () => {
  const labels = { registrations: '登记', departures: '注销', net: '净增' };
  const months = [
    { label: '1月', registrations: 12, departures: 5 },
    { label: '2月', registrations: 3, departures: 9 },
  ];

  it('draws registrations and departures as bars and their difference as a line', () => {
    const option = movementBarOption(months, 16, labels);
    expect((option.xAxis as { data: string[] }).data).toEqual(['1月', '2月']);
    const series = option.series as Array<{ name: string; type: string; data: number[] }>;
    expect(series.map((entry) => [entry.name, entry.type, entry.data])).toEqual([
      ['登记', 'bar', [12, 3]],
      ['注销', 'bar', [5, 9]],
      ['净增', 'line', [7, -6]],
    ]);
  });

  it('scales its text with the root font size (twice as large on a 4K wall)', () => {
    const fontSize = (remPx: number) =>
      (movementBarOption(months, remPx, labels).xAxis as { axisLabel: { fontSize: number } })
        .axisLabel.fontSize;
    expect(fontSize(32)).toBe(2 * fontSize(16));
    expect(fontSize(32)).toBe(COCKPIT_CHART_REM.axisLabel * 32);
  });
});
