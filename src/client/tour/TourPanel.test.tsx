import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig, BuildingDetail, GridNode } from '../../shared/api';
import { useHeatmapStore } from '../heat/heatmapStore';
import { useIncidentStore } from '../incidents/incidentStore';
import { useAppStore } from '../shell/appStore';
import { useWallModeStore } from '../shell/wallModeStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { TourPanel } from './TourPanel';
import { useTourStore } from './tourStore';
import { TOUR_TICK_MS } from './useTourRunner';

const DISTRICT = '350102';
const STREET = '350102001';
const GRID = '350102001001001';

function grid(code: string, level: number): GridNode {
  return { code, level, name: code, nameEn: code } as unknown as GridNode;
}

function api() {
  return fakeApiClient({
    gridBuildings: vi.fn(async () => ({
      items: [{ id: 5, floors: 20, gridCode: GRID } as never],
      total: 1,
      page: 1,
      pageSize: 100,
    })),
    building: vi.fn(async (id: number) => ({ id, gridCode: GRID }) as unknown as BuildingDetail),
  });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
  resetStores(useAppStore, useTourStore, useHeatmapStore, useIncidentStore, useWallModeStore);
  useAppStore.setState({
    config: { districtCode: DISTRICT } as AppConfig,
    grids: {
      [DISTRICT]: grid(DISTRICT, 1),
      [STREET]: grid(STREET, 2),
      '350102001001': grid('350102001001', 3),
      [GRID]: grid(GRID, 4),
    },
  });
  useWallModeStore.setState({ mode: 'tour' });
});

afterEach(() => {
  vi.useRealTimers();
});

const stepId = () => screen.getByTestId('tour-panel').getAttribute('data-step-id');

describe('TourPanel', () => {
  it('renders nothing outside the tour mode', () => {
    useWallModeStore.setState({ mode: 'wall' });
    renderPanel(<TourPanel />, { api: api() });
    expect(screen.queryByTestId('tour-panel')).toBeNull();
  });

  it('plays the demo tour: caption, selection and layers of each step in turn', async () => {
    renderPanel(<TourPanel />, { api: api() });
    expect(stepId()).toBe('district');
    expect(screen.getByTestId('tour-caption').textContent).toMatch(/^全区三维总览/);
    expect(screen.getByText('第 1/10 步')).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByTestId('tour-panel').getAttribute('data-resolution')).toBe('shown'),
    );
    expect(useTourStore.getState().panels).toEqual(['statistics']);

    // The district step lasts 12 s: nothing moves before, the next step after.
    act(() => vi.advanceTimersByTime(11_000));
    expect(stepId()).toBe('district');
    act(() => vi.advanceTimersByTime(1_000 + TOUR_TICK_MS));
    expect(stepId()).toBe('grid-levels');

    fireEvent.click(screen.getByTestId('tour-next'));
    expect(stepId()).toBe('street');
    await waitFor(() => expect(useAppStore.getState().selection.gridCode).toBe(STREET));
    expect(useAppStore.getState().cameraRequest?.target).toBe('grid');

    fireEvent.click(screen.getByTestId('tour-next'));
    await waitFor(() => expect(useAppStore.getState().selection.gridCode).toBe(GRID));
    fireEvent.click(screen.getByTestId('tour-next'));
    await waitFor(() => expect(useAppStore.getState().selection.buildingId).toBe(5));
    fireEvent.click(screen.getByTestId('tour-next'));
    await waitFor(() => expect(useAppStore.getState().theme).toBe('occupancy'));
  });

  it('pauses and resumes from its button, and the clock stops meanwhile', () => {
    renderPanel(<TourPanel />, { api: api() });
    fireEvent.click(screen.getByTestId('tour-play'));
    expect(screen.getByTestId('tour-panel').getAttribute('data-status')).toBe('paused');
    act(() => vi.advanceTimersByTime(60_000));
    expect(stepId()).toBe('district');
    expect(screen.getByTestId('tour-play').textContent).toBe('播放');
    fireEvent.click(screen.getByTestId('tour-play'));
    expect(screen.getByTestId('tour-panel').getAttribute('data-status')).toBe('playing');
  });

  it('hands the wall to a presenter who presses anywhere else, until resume', () => {
    renderPanel(<TourPanel />, { api: api() });
    fireEvent.pointerDown(screen.getByTestId('tour-next'));
    expect(screen.getByTestId('tour-panel').getAttribute('data-status')).toBe('playing');
    fireEvent.pointerDown(document.body);
    expect(screen.getByTestId('tour-panel').getAttribute('data-status')).toBe('presenter');
    expect(screen.getByTestId('tour-presenter')).toBeTruthy();
    act(() => vi.advanceTimersByTime(60_000));
    expect(stepId()).toBe('district');
    fireEvent.click(screen.getByTestId('tour-play'));
    expect(screen.getByTestId('tour-panel').getAttribute('data-status')).toBe('playing');
  });

  it('goes back a step and wraps to the last with the loop on', () => {
    renderPanel(<TourPanel />, { api: api() });
    fireEvent.click(screen.getByTestId('tour-previous'));
    expect(stepId()).toBe('cockpit');
    fireEvent.click(screen.getByTestId('tour-loop'));
    expect(useTourStore.getState().player.loop).toBe(false);
  });

  it('says so when a step finds nothing to show (no closed incident yet)', async () => {
    renderPanel(<TourPanel />, { api: api(), language: 'en' });
    act(() => useTourStore.getState().send({ type: 'goTo', stepIndex: 7 }));
    expect(stepId()).toBe('incident-loop');
    expect(await screen.findByTestId('tour-step-error')).toHaveProperty(
      'textContent',
      'This step cannot be shown: no closed incident in view yet',
    );
  });

  it('replays the loop of the latest closed incident without naming anyone', async () => {
    useIncidentStore.setState({
      incidents: {
        'E-1': {
          id: 'E-1',
          state: 'evaluated',
          categoryCode: 'street_order',
          gridCode: GRID,
          reportedAtMs: Date.UTC(2026, 11, 1, 2),
          dispatchedAtMs: Date.UTC(2026, 11, 1, 3),
          evaluationScore: 5,
          description: '张三 13800000000',
          assigneeUsername: 'worker01',
        } as never,
      },
    });
    renderPanel(<TourPanel />, { api: api() });
    act(() => useTourStore.getState().send({ type: 'goTo', stepIndex: 7 }));
    const card = await screen.findByTestId('tour-incident');
    expect(card.textContent).toContain('已评价');
    expect(card.textContent).not.toContain('张三');
    expect(card.textContent).not.toContain('worker01');
    expect(useAppStore.getState().selection.gridCode).toBe(GRID);
    expect(Number(card.getAttribute('data-lit'))).toBe(0);
    act(() => vi.advanceTimersByTime(13_000));
    expect(Number(screen.getByTestId('tour-incident').getAttribute('data-lit'))).toBe(7);
  });
});
