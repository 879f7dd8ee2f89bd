import { describe, expect, it, vi } from 'vitest';
import type { AppConfig, BuildingDetail } from '../../shared/api';
import type { AppState } from '../shell/appStore';
import { createCameraController } from './cameraController';
import type { GlobeCamera } from './globeCamera';

const CONFIG = {
  bbox: [116.3, 39.9, 116.32, 39.92],
  center: { lon: 116.31, lat: 39.91 },
} as AppConfig;
const BUILDING = {
  id: 7,
  gridCode: '110105001001001',
  origin: { lon: 116.31, lat: 39.91 },
  floors: 10,
  floorHeightM: 3,
  wings: [
    { centerEastM: 0, centerNorthM: 0, lengthM: 40, depthM: 12, rotationDeg: 0, unitCount: 4 },
  ],
  units: [{ id: 70, floor: 5, unitNo: 2 }],
} as unknown as BuildingDetail;

function baseState(): Pick<
  AppState,
  'config' | 'grids' | 'buildings' | 'selection' | 'cameraRequest'
> {
  return {
    config: CONFIG,
    grids: {},
    buildings: {},
    selection: { gridCode: null, buildingId: null, unitId: null },
    cameraRequest: null,
  };
}

/** A camera that records the flights it is asked for. */
function fakeHandle() {
  return { flyTo: vi.fn(), flyToView: vi.fn() } satisfies Pick<GlobeCamera, 'flyTo' | 'flyToView'>;
}

describe('createCameraController', () => {
  it('shows the district once, instantly, when nothing was requested', () => {
    const handle = fakeHandle();
    const controller = createCameraController(handle);
    controller.update(baseState());
    controller.update(baseState());
    expect(handle.flyTo).toHaveBeenCalledOnce();
    expect(handle.flyTo.mock.calls[0]?.[1]).toBe('district');
    expect(handle.flyTo.mock.calls[0]?.[2]).toBe(true);
  });

  it('waits for the building detail, then flies to the unit floor once', () => {
    const handle = fakeHandle();
    const controller = createCameraController(handle);
    const state = {
      ...baseState(),
      selection: { gridCode: null, buildingId: 7, unitId: 70 },
      cameraRequest: { target: 'unit' as const, sequence: 1 },
    };
    controller.update(state);
    expect(handle.flyTo).not.toHaveBeenCalled();
    const loaded = { ...state, buildings: { 7: BUILDING } };
    controller.update(loaded);
    controller.update(loaded);
    expect(handle.flyTo).toHaveBeenCalledOnce();
    const [target, preset] = handle.flyTo.mock.calls[0] ?? [];
    expect(preset).toBe('unit');
    expect(target?.heightM).toBeCloseTo(13.5);
    // Unit 2 of 4 along a 40 m wing lies 5 m west of the origin.
    expect(target?.lon).toBeLessThan(BUILDING.origin.lon);
  });

  it('frames a grid by its polygon', () => {
    const handle = fakeHandle();
    const controller = createCameraController(handle);
    controller.update({
      ...baseState(),
      grids: {
        g: {
          code: 'g',
          polygon: {
            type: 'Polygon',
            coordinates: [
              [
                [116.3, 39.9],
                [116.31, 39.9],
                [116.31, 39.91],
                [116.3, 39.9],
              ],
            ],
          },
        } as AppState['grids'][string],
      },
      selection: { gridCode: 'g', buildingId: null, unitId: null },
      cameraRequest: { target: 'grid', sequence: 3 },
    });
    const [target, preset] = handle.flyTo.mock.calls[0] ?? [];
    expect(preset).toBe('grid');
    expect(target?.lon).toBeCloseTo(116.305);
    expect(target?.radiusM).toBeGreaterThan(500);
  });

  it('flies to a recorded view once, whatever is selected', () => {
    const handle = fakeHandle();
    const controller = createCameraController(handle);
    const view = { lon: 119.3, lat: 26.08, heightM: 900, headingDeg: 15, pitchDeg: -40 };
    const state = { ...baseState(), cameraRequest: { target: 'view' as const, sequence: 4, view } };
    controller.update(state);
    controller.update(state);
    expect(handle.flyToView).toHaveBeenCalledTimes(1);
    expect(handle.flyToView).toHaveBeenCalledWith(view);
    expect(handle.flyTo).not.toHaveBeenCalled();
  });
});
