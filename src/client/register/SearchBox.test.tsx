import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchHit, SearchPage } from '../../shared/api';
import { useAppStore } from '../shell/appStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { SEARCH_DEBOUNCE_MS, SEARCH_PAGE_SIZE, SearchBox } from './SearchBox';

function hit(personId: number): SearchHit {
  return {
    personId,
    name: `王${personId}`,
    idNumberMasked: '350102********0018',
    phoneMasked: null,
    unitId: personId,
    roomLabel: '101',
    buildingId: 1,
    buildingName: '幸福小区1号楼',
    address: '幸福路1号',
    gridCode: '350102001001001',
    center: { lon: 119.3, lat: 26.08 },
  };
}

function pageOf(total: number, totalCapped: boolean): SearchPage {
  const items = Array.from({ length: SEARCH_PAGE_SIZE }, (_, index) => hit(index + 1));
  return { items, page: 1, pageSize: SEARCH_PAGE_SIZE, total, totalCapped };
}

async function searchFor(query: string): Promise<void> {
  fireEvent.change(screen.getByTestId('search-input'), { target: { value: query } });
  await act(async () => {
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  resetStores(useAppStore);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the search box', () => {
  it('says a capped total is a lower bound ("1,000+")', async () => {
    const search = vi.fn(async () => pageOf(1000, true));
    renderPanel(<SearchBox />, { api: fakeApiClient({ search }) });
    await searchFor('王伟');
    expect(search).toHaveBeenCalledWith('王伟', { pageSize: SEARCH_PAGE_SIZE }, expect.anything());
    expect(screen.getAllByTestId('search-hit')).toHaveLength(SEARCH_PAGE_SIZE);
    expect(screen.getByTestId('search-total').textContent).toBe(
      `1,000+ 条，显示前 ${SEARCH_PAGE_SIZE} 条，输入更多字可缩小范围`,
    );
  });

  it('gives an exact total as it is', async () => {
    const search = vi.fn(async () => pageOf(999, false));
    renderPanel(<SearchBox />, { api: fakeApiClient({ search }), language: 'en' });
    await searchFor('王伟');
    expect(screen.getByTestId('search-total').textContent).toBe(
      `999 found, showing the first ${SEARCH_PAGE_SIZE}`,
    );
  });

  it('says it in English when capped', async () => {
    const search = vi.fn(async () => pageOf(1000, true));
    renderPanel(<SearchBox />, { api: fakeApiClient({ search }), language: 'en' });
    await searchFor('王伟');
    expect(screen.getByTestId('search-total').textContent).toBe(
      `1,000+ found, showing the first ${SEARCH_PAGE_SIZE}; type more to narrow it`,
    );
  });
});
