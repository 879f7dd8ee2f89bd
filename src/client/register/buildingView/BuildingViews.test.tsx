import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BuildingDetail, UnitSummary } from '../../../shared/api';
import { useAppStore } from '../../shell/appStore';
import { zh } from '../../shell/locales/zh';
import { buildingViewProbe } from './buildingViewProbe';
import { BuildingViews, type BuildingViewMode } from './BuildingViews';

function unit(id: number, floor: number, unitNo: number, householdCount: number): UnitSummary {
  return {
    id,
    floor,
    unitNo,
    roomLabel: `${floor}0${unitNo}`,
    use: householdCount > 0 ? 'residential' : 'vacant',
    areaM2: 80,
    householdCount,
    residentCount: householdCount * 2,
    tagCounts: {},
  };
}

const BUILDING: BuildingDetail = {
  id: 7,
  gridCode: '330106001001001',
  name: '一号楼',
  nameEn: 'Block 1',
  address: '文三路 1 号',
  kind: 'slab',
  floors: 2,
  unitsPerFloor: 2,
  center: { lon: 120.1, lat: 30.2 },
  floorHeightM: 3,
  builtYear: 1998,
  origin: { lon: 120.1, lat: 30.2 },
  wings: [
    { centerEastM: 0, centerNorthM: 0, lengthM: 20, depthM: 10, rotationDeg: 0, unitCount: 2 },
  ],
  units: [unit(11, 1, 1, 1), unit(12, 1, 2, 0), unit(21, 2, 1, 2), unit(22, 2, 2, 1)],
  occupancy: {
    unitCount: 4,
    occupiedUnitCount: 3,
    vacantUnitCount: 1,
    rentalUnitCount: 0,
    commercialUnitCount: 0,
    householdCount: 4,
    residentCount: 8,
    tagCounts: {},
  },
};

function Harness({ initialMode }: { initialMode: BuildingViewMode }) {
  const [mode, setMode] = useState(initialMode);
  return <BuildingViews building={BUILDING} mode={mode} onModeChange={setMode} />;
}

/** The stack's code (and three) loads on first use; on a busy test machine that takes seconds. */
const LAZY_LOAD_TIMEOUT_MS = 20_000;
const lazily = { timeout: LAZY_LOAD_TIMEOUT_MS };

beforeEach(() => {
  useAppStore.setState({ language: 'zh', hoveredUnitId: null });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('building views', () => {
  it('switches from the floor grid to the stack and back with the tabs', async () => {
    render(<Harness initialMode="floors" />);
    expect(screen.getAllByTestId('floor-cell')).toHaveLength(BUILDING.units.length);

    fireEvent.click(screen.getByTestId('building-view-stack'));
    expect(await screen.findByTestId('building-stack', {}, lazily)).toBeTruthy();
    expect(screen.queryByTestId('floor-view')).toBeNull();
    expect(screen.getByTestId('building-view-stack').getAttribute('aria-selected')).toBe('true');

    fireEvent.click(screen.getByTestId('building-view-floors'));
    expect(screen.getByTestId('floor-view')).toBeTruthy();
    expect(screen.queryByTestId('building-stack')).toBeNull();
  });

  it('names the hovered floor-grid unit in the header, with its residents', () => {
    render(<Harness initialMode="floors" />);
    expect(screen.getByTestId('floor-hover-label').textContent).toBe(zh['building.hoverHint']);
    const cell = screen
      .getAllByTestId('floor-cell')
      .find((element) => element.getAttribute('data-unit-id') === '21')!;
    fireEvent.mouseEnter(cell);
    expect(screen.getByTestId('floor-hover-label').textContent).toBe('201 · 4 人');
  });

  it('says plainly that the stack needs WebGL when the screen has none', async () => {
    vi.stubGlobal('WebGL2RenderingContext', undefined);
    render(<Harness initialMode="stack" />);
    const error = await screen.findByTestId('stack-error', {}, lazily);
    expect(error.textContent).toBe(zh['building.stackNoWebgl']);
    expect(screen.getByTestId('building-stack').getAttribute('data-stack-state')).toBe('noWebgl');
  });

  it('shows the same message, and keeps no renderer, when a WebGL context cannot be had', async () => {
    // The browser claims WebGL 2 but hands out no context (a blocked or lost GPU).
    vi.stubGlobal('WebGL2RenderingContext', class {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const opened = buildingViewProbe.snapshot().openedCount;
    render(<Harness initialMode="stack" />);
    expect((await screen.findByTestId('stack-error', {}, lazily)).textContent).toBe(
      zh['building.stackNoWebgl'],
    );
    expect(buildingViewProbe.snapshot().liveRenderers).toBe(0);
    expect(buildingViewProbe.snapshot().openedCount).toBe(opened);
    act(() => cleanup());
    expect(buildingViewProbe.snapshot().liveRenderers).toBe(0);
  });
});
