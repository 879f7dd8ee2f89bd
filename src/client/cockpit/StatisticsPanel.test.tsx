import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CockpitStatsResponse } from '../../shared/cockpitStats';
import { districtMonthStartAfter } from '../../domain/statistics/movementMonths';
import { areaScoreFor } from './areaScoreFixture';
import { useIncidentStore } from '../incidents/incidentStore';
import { useAppStore } from '../shell/appStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import type { CockpitChartProps } from './CockpitChart';
import { StatisticsPanel } from './StatisticsPanel';

// ECharts draws into an SVG the test cannot click by bar; the stub lists the option's bars
// as buttons and hands a click back through the same onItemClick the chart would call.
vi.mock('./CockpitChart', () => ({
  CockpitChart({ option, onItemClick, testId }: CockpitChartProps) {
    const yAxis = option.yAxis as { data?: string[] } | undefined;
    const xAxis = option.xAxis as { data?: string[] } | undefined;
    const series = (option.series ?? []) as Array<{ name?: string; data: unknown[] }>;
    return (
      <div data-testid={testId}>
        {(yAxis?.data ?? []).map((label, index) => (
          <button key={label} type="button" onClick={() => onItemClick?.(index)}>
            {label}
          </button>
        ))}
        <ol data-testid={`${testId}-x`}>
          {(xAxis?.data ?? []).map((label) => (
            <li key={label}>{label}</li>
          ))}
        </ol>
        {series.map((entry) => (
          <output key={entry.name ?? 'series'} data-series={entry.name}>
            {entry.data.join(',')}
          </output>
        ))}
      </div>
    );
  },
}));

const STREET = '350102001';
const GRID_A = '350102001001001';
const GRID_B = '350102001001002';
const FOREIGN_GRID = '350102002001001';

const NOW_MS = Date.UTC(2026, 11, 5, 4, 0);
/** January to December 2026: registrations 10, 11, …; departures 4 each; none in March. */
const MOVEMENTS = Array.from({ length: 12 }, (_, index) => ({
  monthStartMs: districtMonthStartAfter(NOW_MS, index - 11),
  registrations: index === 2 ? 0 : 10 + index,
  departures: index === 2 ? 0 : 4,
}));

function statsFor(gridCode: string | null): CockpitStatsResponse {
  return {
    gridCode,
    nowMs: NOW_MS,
    people: {
      total: 1234,
      byCategory: [
        { code: 'registered', count: 1000 },
        { code: 'floating', count: 234 },
      ],
      ageBands: [{ fromAge: 0, male: 1, female: 2 }],
      specialGroups: [
        { code: 'elderly_alone', count: 12 },
        { code: 'disabled', count: 3 },
      ],
      movements: MOVEMENTS,
    },
    houses: {
      buildings: 10,
      units: 200,
      occupiedUnits: 150,
      rentalUnits: 40,
      vacantUnits: 50,
      byBuildingKind: [
        {
          kind: 'slab',
          buildings: 10,
          units: 200,
          occupiedUnits: 150,
          rentalUnits: 40,
          vacantUnits: 50,
        },
      ],
    },
    incidents: {
      reportedToday: gridCode === null ? 7 : 3,
      reportedThisWeek: 20,
      reportedThisMonth: 25,
      byCategory: [
        { code: 'street_order', count: 9 },
        { code: 'safety_hazard', count: 4 },
      ],
      byState: [
        { code: 'closed', count: 8 },
        { code: 'reported', count: 5 },
      ],
      bySource: [
        { code: 'worker', count: 13 },
        { code: 'hotline', count: 5 },
      ],
      onTimeClosed: 3,
      lateClosed: 1,
      onTimeRate: 0.75,
      overdueNow: 2,
      escalations: 1,
      stepDurations: [{ state: 'reported', samples: 2, meanMs: 600_000, p90Ms: 900_000 }],
      trend: [{ dayStartMs: Date.UTC(2026, 11, 4, 16), count: 3 }],
      hottestGrids: [
        { gridCode: GRID_B, name: '第2网格', nameEn: 'Grid 2', count: 9 },
        { gridCode: GRID_A, name: '第1网格', nameEn: 'Grid 1', count: 4 },
      ],
    },
    workers: {
      total: 4,
      online: 2,
      idle: 1,
      sos: 0,
      workerFoundShare: 0.5,
      patrolCoverageToday: 0.4,
    },
  };
}

function fakeApi() {
  const cockpitStats = vi.fn(async (gridCode: string | null) => statsFor(gridCode));
  const areaScore = vi.fn(async (gridCode: string | null) => areaScoreFor(gridCode));
  return { cockpitStats, api: fakeApiClient({ cockpitStats, areaScore }) };
}

beforeEach(() => {
  resetStores(useAppStore, useIncidentStore);
  const app = useAppStore.getState();
  app.setSession({ username: 'leader', role: 'leader', scopes: [STREET] } as never);
  app.setGrids([
    { code: STREET, parentCode: '350102', level: 2, name: '鼓东街道', nameEn: 'Gudong' },
    { code: '350102001001', parentCode: STREET, level: 3, name: '温泉社区', nameEn: 'Wenquan' },
    { code: GRID_A, parentCode: '350102001001', level: 4, name: '第1网格', nameEn: 'Grid 1' },
    { code: GRID_B, parentCode: '350102001001', level: 4, name: '第2网格', nameEn: 'Grid 2' },
  ] as never);
});

describe('StatisticsPanel', () => {
  it("shows the figures of the user's whole scope while nothing is selected", async () => {
    const { cockpitStats, api } = fakeApi();
    renderPanel(<StatisticsPanel />, { api });
    expect((await screen.findByTestId('statistics-incidents-today')).textContent).toContain('7');
    expect(cockpitStats).toHaveBeenCalledWith(null, expect.anything());
    expect(screen.getByTestId('statistics-area').textContent).toBe('全部管辖范围');
    expect(screen.getByTestId('statistics-on-time').textContent).toContain('75%');
    expect(screen.getByTestId('statistics-overdue').textContent).toContain('2');
    expect(screen.getByTestId('statistics-people-floating').textContent).toContain('234');
    expect(screen.getByTestId('statistics-occupancy').textContent).toContain('75%');
    expect(screen.getByTestId('statistics-workers-online').textContent).toContain('3/4');
    expect(screen.getByTestId('statistics-patrol-today').textContent).toContain('40%');
    expect(screen.getByTestId('statistics-special-groups').textContent).toContain('独居老人12');
  });

  it('follows the grid selected on the globe', async () => {
    const { cockpitStats, api } = fakeApi();
    renderPanel(<StatisticsPanel />, { api });
    await screen.findByTestId('statistics-incidents-today');
    useAppStore.getState().select({ gridCode: GRID_A });
    await waitFor(() =>
      expect(screen.getByTestId('statistics-incidents-today').textContent).toContain('3'),
    );
    expect(cockpitStats).toHaveBeenLastCalledWith(GRID_A, expect.anything());
    expect(screen.getByTestId('statistics-area').textContent).toBe('第1网格');
  });

  it('asks nothing for a grid outside the scope and says why', async () => {
    useAppStore.getState().select({ gridCode: FOREIGN_GRID });
    const { cockpitStats, api } = fakeApi();
    renderPanel(<StatisticsPanel />, { api });
    expect((await screen.findByRole('status')).textContent).toBe('所选网格不在您的管辖范围内');
    expect(cockpitStats).not.toHaveBeenCalled();
    expect(screen.queryByTestId('statistics-incidents')).toBeNull();
  });

  it('filters the incident list to a clicked category within the selection, and lifts it on a second click', async () => {
    useAppStore.getState().select({ gridCode: GRID_A });
    const { api } = fakeApi();
    const { user } = renderPanel(<StatisticsPanel />, { api });
    const categories = await screen.findByTestId('statistics-categories');
    await user.click(within(categories).getByText('安全隐患'));
    expect(useIncidentStore.getState().filters).toMatchObject({
      categoryCode: 'safety_hazard',
      gridCode: GRID_A,
    });
    expect(screen.getByTestId('statistics-filter').textContent).toContain('安全隐患');
    await user.click(within(categories).getByText('安全隐患'));
    expect(useIncidentStore.getState().filters).toMatchObject({
      categoryCode: null,
      gridCode: null,
    });
  });

  it('filters by a clicked step, closed ones included', async () => {
    const { api } = fakeApi();
    const { user } = renderPanel(<StatisticsPanel />, { api });
    const states = await screen.findByTestId('statistics-states');
    // ECharts draws category axes bottom-up: the loop's first step ends on top.
    expect(
      within(states)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['已结案', '待受理']);
    await user.click(within(states).getByText('已结案'));
    expect(useIncidentStore.getState().filters).toMatchObject({ state: 'closed', openness: 'all' });
  });

  it('filters by a clicked source within the selection, closed ones included, and lifts it again', async () => {
    useAppStore.getState().select({ gridCode: GRID_A });
    const { api } = fakeApi();
    const { user } = renderPanel(<StatisticsPanel />, { api });
    const sources = await screen.findByTestId('statistics-sources');
    await user.click(within(sources).getByText('热线电话'));
    expect(useIncidentStore.getState().filters).toMatchObject({
      source: 'hotline',
      openness: 'all',
      gridCode: GRID_A,
    });
    expect(screen.getByTestId('statistics-filter').textContent).toContain('热线电话');
    await user.click(within(sources).getByText('热线电话'));
    expect(useIncidentStore.getState().filters).toMatchObject({ source: null, gridCode: null });
  });

  it('selects a hottest grid and asks the globe to fly there', async () => {
    const { api } = fakeApi();
    const { user } = renderPanel(<StatisticsPanel />, { api });
    const hottest = await screen.findByTestId('statistics-hottest');
    const first = within(hottest).getAllByRole('button')[0]!;
    expect(first.textContent).toContain('温泉社区 · 第2网格');
    await user.click(first);
    const state = useAppStore.getState();
    expect(state.selection.gridCode).toBe(GRID_B);
    expect(state.cameraRequest?.target).toBe('grid');
  });

  it('folds while a building is selected and opens again on its title', async () => {
    const { api } = fakeApi();
    const { user } = renderPanel(<StatisticsPanel />, { api });
    await screen.findByTestId('statistics-incidents');
    useAppStore.getState().select({ gridCode: GRID_A, buildingId: 7 });
    const toggle = await screen.findByRole('button', { expanded: false });
    expect(screen.queryByTestId('statistics-incidents')).toBeNull();
    await user.click(toggle);
    expect(await screen.findByTestId('statistics-incidents')).toBeTruthy();
  });

  it('charts registrations and departures per month of the last year, with their totals', async () => {
    const { api } = fakeApi();
    renderPanel(<StatisticsPanel />, { api });
    const chart = await screen.findByTestId('statistics-movements');
    const months = within(screen.getByTestId('statistics-movements-x')).getAllByRole('listitem');
    expect(months.map((month) => month.textContent)).toEqual([
      '26年1月',
      ...Array.from({ length: 11 }, (_, index) => `${index + 2}月`),
    ]);
    const series = (name: string) =>
      chart.querySelector(`output[data-series="${name}"]`)?.textContent?.split(',').map(Number);
    expect(series('登记')).toEqual(MOVEMENTS.map((month) => month.registrations));
    expect(series('注销')).toEqual(MOVEMENTS.map((month) => month.departures));
    expect(series('净增')![0]).toBe(6);
    // 10 + 11 + 13 + … + 21 = 174 registrations (March quiet), 11 × 4 = 44 departures.
    const totals = screen.getByTestId('statistics-movement-totals').textContent;
    expect(totals).toBe('登记174注销44净增+130');
    expect(screen.getByText('登记与注销（近12个月）')).toBeTruthy();
  });

  it('speaks English on an English wall', async () => {
    const { api } = fakeApi();
    renderPanel(<StatisticsPanel />, { api, language: 'en' });
    const today = await screen.findByTestId('statistics-incidents-today');
    expect(today.textContent).toContain('Today');
    expect(screen.getByTestId('statistics-area').textContent).toBe('Whole scope');
    expect(screen.getByTestId('statistics-sources').textContent).toContain('Grid worker');
    expect(screen.getByTestId('statistics-movement-totals').textContent).toContain(
      'Registrations174',
    );
    expect(screen.getByTestId('statistics-movements-x').textContent).toMatch(/^Jan 26Feb/);
  });
});
