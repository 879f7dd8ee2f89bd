/**
 * Worker track replay on the globe, fed by the replay store: loaded tracks and the clock go into
 * the replay layer, a newly loaded replay is framed, and what the moving points show is reported
 * to the probes (throttled while playing: probes are DOM writes).
 */
import { createDestroyedFlag, defineGlobeFeature } from '../../globe/GlobeLayer';
import type { CameraPresetName } from '../../globe/cameraPresets';
import { useReplayStore, type ReplayState } from '../replayStore';
import { createReplayLayer, type ReplayFrame } from './replayLayer';
import type { TrackPosition } from './trackPositionAt';

/** Probes are written at most this often while the replay plays. */
const PROBE_INTERVAL_MS = 250;
/** Replays are framed like a grid: from above at an angle, with the street network readable. */
const REPLAY_FIT_PRESET: CameraPresetName = 'grid';

export interface ReplayHandle {
  /** Frames every loaded track. */
  fitTracks(): void;
  /** Where a replayed worker's point stands at the last drawn frame, if shown. */
  positionOf(workerId: number): TrackPosition | null;
}

export const replayFeature = defineGlobeFeature<ReplayState, ReplayHandle>({
  stores: [useReplayStore],
  select: () => useReplayStore.getState(),
  create(scene, { camera, probes }) {
    const flag = createDestroyedFlag();
    let lastProbedMs = Number.NEGATIVE_INFINITY;
    let previous: ReplayState | null = null;

    function reportFrame(frame: ReplayFrame): void {
      const nowMs = performance.now();
      const playing = previous?.clock?.playing === true;
      if (playing && nowMs - lastProbedMs < PROBE_INTERVAL_MS) return;
      lastProbedMs = nowMs;
      probes.replay.setFrame(frame);
    }

    const layer = createReplayLayer(scene, { onFrame: reportFrame });
    probes.replay.setFrame(null);
    const handle: ReplayHandle = {
      fitTracks() {
        const target = layer.tracksTarget();
        if (target !== null) camera.flyTo(target, REPLAY_FIT_PRESET);
      },
      positionOf: (workerId) => layer.positionOf(workerId),
    };

    return {
      handle,
      update(state) {
        layer.setTracks(state.tracks);
        layer.setClock(state.clock);
        if (state.clock === null) probes.replay.setFrame(null);
        if (state.tracks !== previous?.tracks && state.tracks.length > 0) handle.fitTracks();
        previous = state;
      },
      isDestroyed: () => flag.destroyed,
      destroy() {
        flag.destroy(() => layer.destroy());
      },
    };
  },
});
