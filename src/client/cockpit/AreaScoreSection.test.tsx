import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useAppStore } from '../shell/appStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { AreaScoreSection } from './AreaScoreSection';
import { areaScoreFor } from './areaScoreFixture';

const DISTRICT = '350102';
const STREET = '350102001';
const COMMUNITY = '350102001001';

function fakeApi() {
  const areaScore = vi.fn(async (gridCode: string | null) => areaScoreFor(gridCode));
  return { areaScore, api: fakeApiClient({ areaScore }) };
}

beforeEach(() => {
  resetStores(useAppStore);
  useAppStore.getState().setGrids([
    { code: STREET, parentCode: DISTRICT, level: 2, name: '鼓东街道', nameEn: 'Gudong' },
    { code: COMMUNITY, parentCode: STREET, level: 3, name: '温泉社区', nameEn: 'Wenquan' },
  ] as never);
});

describe('AreaScoreSection', () => {
  it("shows the area's score, its rank among its peers and the points off as counts", async () => {
    const { areaScore, api } = fakeApi();
    renderPanel(<AreaScoreSection gridCode={STREET} />, { api });
    const value = await screen.findByTestId('area-score-value');
    expect(areaScore).toHaveBeenCalledWith(STREET, expect.anything());
    expect(value.textContent).toContain('87.5');
    expect(screen.getByTestId('area-score-rank').textContent).toContain('2/3');
    const deductions = screen.getByTestId('area-score-deductions');
    expect(deductions.textContent).toContain('超期');
    expect(deductions.textContent).toContain('2 次 · 扣 4 分');
    expect(deductions.textContent).toContain('返工');
    expect(screen.getByTestId('area-score').textContent).toContain('2026-11');
  });

  it('ranks the level below with shared ranks and flies to a child on a click', async () => {
    const { api } = fakeApi();
    const { user } = renderPanel(<AreaScoreSection gridCode={STREET} />, { api });
    const ranking = await screen.findByTestId('area-score-children');
    const rows = within(ranking).getAllByRole('button');
    expect(rows.map((row) => row.getAttribute('data-rank'))).toEqual(['1', '–']);
    expect(rows[0]!.textContent).toContain('温泉社区');
    expect(rows[0]!.textContent).toContain('91');
    await user.click(rows[0]!);
    expect(useAppStore.getState().selection.gridCode).toBe(COMMUNITY);
  });

  it('shows only the ranking for the whole scope, and English on the switch', async () => {
    const { api } = fakeApi();
    renderPanel(<AreaScoreSection gridCode={null} />, { api, language: 'en' });
    await screen.findByTestId('area-score-children');
    expect(screen.queryByTestId('area-score-value')).toBeNull();
    expect(screen.getByTestId('area-score').textContent).toContain('Assessment score');
  });
});
