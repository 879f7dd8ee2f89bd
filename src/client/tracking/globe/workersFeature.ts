/**
 * Live grid workers on the globe: the dots, their trails and the follow camera, fed by the
 * tracking store. The directory and filters decide which dots exist and show, the selection which
 * one is ringed, and "follow" flies to the selected worker and then keeps it in view. A loaded
 * replay hides the live dots and trails: they would read as the past.
 */
import { Cartesian2, Cartesian3, Cartographic, Math as CesiumMath, SceneTransforms } from 'cesium';
import type { WorkerStatus } from '../../../domain/tracking/fix';
import type { FramePosition } from '../../../shared/positionFrame';
import { createDestroyedFlag, defineGlobeFeature } from '../../globe/GlobeLayer';
import { useReplayStore } from '../../replay/replayStore';
import { selectShownWorkerIds } from '../trackingSelectors';
import { useTrackingStore, type TrackingState } from '../trackingStore';
import { createFollowCamera } from './followCamera';
import { createTrailsLayer } from './trailsLayer';
import { createWorkersLayer, type WorkersLayerStats } from './workersLayer';

/** A worker is framed like a building: close enough to see the street, with its neighbours. */
const FOLLOW_TARGET_RADIUS_M = 40;

/** Live grid workers as the rest of the app reaches them: the feed and the replay. */
export interface WorkersHandle {
  /** Applies one decoded position frame to the dots and trails; ack the frame after this. */
  applyPositions(positions: readonly FramePosition[]): void;
  /** Where the worker's dot is drawn now, in CSS pixels from the canvas' top left; null if not drawn. */
  screenPositionOf(workerId: number): { xPx: number; yPx: number } | null;
  /** The worker under a window position (CSS pixels), if any. */
  pickWorker(xPx: number, yPx: number): number | null;
  /** Shows or hides the live dots, trails and label together. */
  setLiveVisible(visible: boolean): void;
  readonly stats: WorkersLayerStats;
}

/** What the globe's own mouse input needs besides: the hovered dot gets its name label. */
export interface WorkersFeatureHandle extends WorkersHandle {
  setHovered(workerId: number | null): void;
}

export interface WorkersProps {
  tracking: TrackingState;
  /** A replay is loaded and takes over the wall. */
  replayLoaded: boolean;
}

export const workersFeature = defineGlobeFeature<WorkersProps, WorkersFeatureHandle>({
  stores: [useTrackingStore, useReplayStore],
  select: () => ({
    tracking: useTrackingStore.getState(),
    replayLoaded: useReplayStore.getState().clock !== null,
  }),
  create(scene, { camera, probes }) {
    const workers = createWorkersLayer(scene, {
      onStats: (stats) => probes.workers.setStats(stats),
    });
    const trails = createTrailsLayer(scene);
    const follow = createFollowCamera(scene, {
      drawnPositionOf: (workerId, result) => workers.drawnPositionOf(workerId, result),
      isFlying: () => camera.flying,
    });
    const scratch = new Cartesian3();
    const windowScratch = new Cartesian2();
    const flag = createDestroyedFlag();
    let previous: TrackingState | null = null;
    let followedId: number | null = null;
    let liveVisible = true;
    let replayLoaded = false;

    function applyVisible(): void {
      const visible = liveVisible && !replayLoaded;
      workers.setVisible(visible);
      trails.setVisible(visible);
    }

    function flyToWorker(workerId: number): void {
      if (!workers.drawnPositionOf(workerId, scratch)) return;
      const cartographic = Cartographic.fromCartesian(scratch);
      camera.flyTo(
        {
          lon: CesiumMath.toDegrees(cartographic.longitude),
          lat: CesiumMath.toDegrees(cartographic.latitude),
          heightM: cartographic.height,
          radiusM: FOLLOW_TARGET_RADIUS_M,
        },
        'building',
      );
    }

    const handle: WorkersFeatureHandle = {
      applyPositions(positions) {
        workers.applyPositions(positions);
        trails.applyPositions(positions);
      },
      screenPositionOf(workerId) {
        if (!workers.drawnPositionOf(workerId, scratch)) return null;
        const onScreen = SceneTransforms.worldToWindowCoordinates(scene, scratch, windowScratch);
        return onScreen ? { xPx: onScreen.x, yPx: onScreen.y } : null;
      },
      pickWorker: (xPx, yPx) => workers.workerIdOf(camera.pickAt(xPx, yPx)),
      setLiveVisible(visible) {
        liveVisible = visible;
        applyVisible();
      },
      setHovered: (workerId) => workers.setHovered(workerId),
      get stats() {
        return workers.stats;
      },
    };
    probes.workers.setStats({ shown: 0, moving: 0 });
    probes.workers.answerScreenPosition(handle.screenPositionOf);

    return {
      handle,
      update({ tracking: state, replayLoaded: nextReplayLoaded }) {
        if (state.directory !== previous?.directory || state.filters !== previous.filters) {
          const shown = selectShownWorkerIds(state);
          const entries = Object.values(state.directory);
          workers.setWorkers(entries, shown);
          trails.setWorkers(
            new Map<number, WorkerStatus>(entries.map((entry) => [entry.workerId, entry.status])),
            shown,
          );
        }
        if (state.selectedWorkerId !== previous?.selectedWorkerId) {
          workers.setSelected(state.selectedWorkerId);
          probes.workers.setSelected(state.selectedWorkerId);
        }
        const nextFollowed = state.following ? state.selectedWorkerId : null;
        if (nextFollowed !== followedId) {
          followedId = nextFollowed;
          follow.follow(nextFollowed);
          if (nextFollowed !== null) flyToWorker(nextFollowed);
          probes.workers.setFollowing(nextFollowed !== null);
        }
        if (nextReplayLoaded !== replayLoaded) {
          replayLoaded = nextReplayLoaded;
          applyVisible();
        }
        previous = state;
      },
      isDestroyed: () => flag.destroyed,
      destroy() {
        flag.destroy(() => {
          follow.destroy();
          trails.destroy();
          workers.destroy();
        });
      },
    };
  },
});
