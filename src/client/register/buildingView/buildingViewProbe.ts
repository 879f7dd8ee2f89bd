/**
 * What the building view reports about its own lifetime, in one place: how many renderers and
 * WebGL contexts are alive, what GPU memory the last closed view left behind, and a point on
 * screen where a given unit can be hovered. A wall runs for weeks; these numbers are how a test
 * (and a curious operator in the devtools) can see that opening the view a thousand times costs
 * nothing. Plain data with a subscription, so React shows it as attributes and never holds three
 * objects.
 */

export interface BuildingViewProbeState {
  /** Renderers created and not yet destroyed. */
  liveRenderers: number;
  /** WebGL contexts created and not lost when their view was destroyed (destroy forces the loss). */
  liveContexts: number;
  /** Views opened since the page loaded. */
  openedCount: number;
  /** Geometries and textures still on the GPU when the last view had released its scene. */
  leftGeometries: number;
  leftTextures: number;
  /** A unit of the open view and where on its canvas (CSS pixels) a pointer lands on it. */
  pickUnitId: number | null;
  pickPointPx: readonly [xPx: number, yPx: number] | null;
}

const INITIAL: BuildingViewProbeState = {
  liveRenderers: 0,
  liveContexts: 0,
  openedCount: 0,
  leftGeometries: 0,
  leftTextures: 0,
  pickUnitId: null,
  pickPointPx: null,
};

let state: BuildingViewProbeState = INITIAL;
const listeners = new Set<() => void>();

function report(change: Partial<BuildingViewProbeState>): void {
  state = { ...state, ...change };
  for (const listener of listeners) listener();
}

export const buildingViewProbe = {
  snapshot: (): BuildingViewProbeState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  rendererCreated(): void {
    report({
      liveRenderers: state.liveRenderers + 1,
      liveContexts: state.liveContexts + 1,
      openedCount: state.openedCount + 1,
    });
  },
  contextLost(): void {
    report({ liveContexts: Math.max(0, state.liveContexts - 1) });
  },
  rendererDestroyed(left: { geometries: number; textures: number }): void {
    report({
      liveRenderers: Math.max(0, state.liveRenderers - 1),
      leftGeometries: left.geometries,
      leftTextures: left.textures,
      pickUnitId: null,
      pickPointPx: null,
    });
  },
  pickPoint(unitId: number | null, pointPx: readonly [number, number] | null): void {
    if (
      unitId === state.pickUnitId &&
      pointPx?.[0] === state.pickPointPx?.[0] &&
      pointPx?.[1] === state.pickPointPx?.[1]
    ) {
      return;
    }
    report({ pickUnitId: unitId, pickPointPx: pointPx });
  },
};

/** The probe as data attributes, for the element that outlives the view (browser tests read it). */
export function probeAttributes(probe: BuildingViewProbeState): Record<string, string> {
  return {
    'data-stack-live-renderers': String(probe.liveRenderers),
    'data-stack-live-contexts': String(probe.liveContexts),
    'data-stack-opened': String(probe.openedCount),
    'data-stack-left-geometries': String(probe.leftGeometries),
    'data-stack-left-textures': String(probe.leftTextures),
    'data-stack-pick-unit': probe.pickUnitId === null ? '' : String(probe.pickUnitId),
    'data-stack-pick-point': probe.pickPointPx ? probe.pickPointPx.join(',') : '',
  };
}
