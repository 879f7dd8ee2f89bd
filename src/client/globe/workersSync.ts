/**
 * Follows the tracking store into the workers and trails layers and the follow camera: the
 * directory and filters decide which dots exist and show, the selection which one is ringed,
 * and "follow" flies to the selected worker and then keeps it in view. Also keeps the globe
 * container's data attributes for tests and the wall's loading checks. Returns the teardown.
 */
import { Cartographic, Cartesian3, Math as CesiumMath, type Scene } from 'cesium';
import type { WorkerStatus } from '../../domain/tracking/fix';
import { selectShownWorkerIds } from '../state/trackingSelectors';
import { useTrackingStore, type TrackingState } from '../state/trackingStore';
import { createFollowCamera } from './followCamera';
import type { GlobeHandle } from './GlobeHandle';
import type { TrailsLayer } from './trailsLayer';
import type { WorkersLayer } from './workersLayer';

/** Workers with a dot on the globe / of those, gliding now. */
export const WORKERS_COUNT_ATTRIBUTE = 'data-workers-count';
export const WORKERS_MOVING_ATTRIBUTE = 'data-workers-moving';
export const SELECTED_WORKER_ATTRIBUTE = 'data-selected-worker';
export const FOLLOWING_ATTRIBUTE = 'data-following';
/**
 * Read-only test hook through the DOM: a test writes a worker id into `data-worker-probe`; after
 * each drawn frame the globe writes that worker's screen position ("x,y" in CSS pixels from the
 * canvas' top left, empty when not drawn) into `data-worker-probe-screen`.
 */
export const WORKER_PROBE_ATTRIBUTE = 'data-worker-probe';
export const WORKER_PROBE_SCREEN_ATTRIBUTE = 'data-worker-probe-screen';

/** A worker is framed like a building: close enough to see the street, with its neighbours. */
const FOLLOW_TARGET_RADIUS_M = 40;

export interface WorkersSyncLayers {
  workers: WorkersLayer;
  trails: TrailsLayer;
}

export function syncWorkersLayers(
  container: HTMLElement,
  scene: Scene,
  handle: GlobeHandle,
  layers: WorkersSyncLayers,
): () => void {
  const follow = createFollowCamera(scene, {
    drawnPositionOf: (workerId, result) => layers.workers.drawnPositionOf(workerId, result),
    isFlying: () => handle.flying,
  });
  const scratch = new Cartesian3();
  let previous: TrackingState | null = null;
  let followedId: number | null = null;

  function flyToWorker(workerId: number): void {
    if (!layers.workers.drawnPositionOf(workerId, scratch)) return;
    const cartographic = Cartographic.fromCartesian(scratch);
    handle.flyTo(
      {
        lon: CesiumMath.toDegrees(cartographic.longitude),
        lat: CesiumMath.toDegrees(cartographic.latitude),
        heightM: cartographic.height,
        radiusM: FOLLOW_TARGET_RADIUS_M,
      },
      'building',
    );
  }

  function sync(state: TrackingState): void {
    if (state.directory !== previous?.directory || state.filters !== previous.filters) {
      const shown = selectShownWorkerIds(state);
      const entries = Object.values(state.directory);
      layers.workers.setWorkers(entries, shown);
      layers.trails.setWorkers(
        new Map<number, WorkerStatus>(entries.map((entry) => [entry.workerId, entry.status])),
        shown,
      );
    }
    if (state.selectedWorkerId !== previous?.selectedWorkerId) {
      layers.workers.setSelected(state.selectedWorkerId);
      container.setAttribute(SELECTED_WORKER_ATTRIBUTE, String(state.selectedWorkerId ?? ''));
    }
    const nextFollowed = state.following ? state.selectedWorkerId : null;
    if (nextFollowed !== followedId) {
      followedId = nextFollowed;
      follow.follow(nextFollowed);
      if (nextFollowed !== null) flyToWorker(nextFollowed);
      container.setAttribute(FOLLOWING_ATTRIBUTE, String(nextFollowed !== null));
    }
    previous = state;
  }

  function writeProbe(): void {
    const probe = container.getAttribute(WORKER_PROBE_ATTRIBUTE);
    if (probe === null || probe === '') return;
    const screen = handle.workers.screenPositionOf(Number(probe));
    const text = screen ? `${screen.xPx.toFixed(1)},${screen.yPx.toFixed(1)}` : '';
    if (container.getAttribute(WORKER_PROBE_SCREEN_ATTRIBUTE) !== text) {
      container.setAttribute(WORKER_PROBE_SCREEN_ATTRIBUTE, text);
    }
  }
  const removeProbe = scene.postRender.addEventListener(writeProbe);
  // A new probe id needs a frame to be answered, even on a still wall.
  const probeObserver = new MutationObserver(() => scene.requestRender());
  probeObserver.observe(container, { attributeFilter: [WORKER_PROBE_ATTRIBUTE] });

  container.setAttribute(WORKERS_COUNT_ATTRIBUTE, '0');
  container.setAttribute(WORKERS_MOVING_ATTRIBUTE, '0');
  sync(useTrackingStore.getState());
  const unsubscribe = useTrackingStore.subscribe(sync);

  return () => {
    unsubscribe();
    probeObserver.disconnect();
    removeProbe();
    follow.destroy();
  };
}

/** Writes the layer's counts onto the container (the layer reports them throttled). */
export function writeWorkersStats(
  container: HTMLElement,
  stats: { shown: number; moving: number },
): void {
  container.setAttribute(WORKERS_COUNT_ATTRIBUTE, String(stats.shown));
  container.setAttribute(WORKERS_MOVING_ATTRIBUTE, String(stats.moving));
}
