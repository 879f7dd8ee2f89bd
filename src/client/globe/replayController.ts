/**
 * Follows the replay store: pushes loaded tracks and the clock into the replay layer, frames a
 * newly loaded replay, hides the live workers while a replay is loaded, and writes what the moving points show onto the globe's container for
 * the browser tests (throttled: attributes are DOM writes).
 */
import type { Scene } from 'cesium';
import { useReplayStore, type ReplayState } from '../state/replayStore';
import type { GlobeHandle } from './GlobeHandle';
import { createReplayLayer, type ReplayFrame, type ReplayLayer } from './replayLayer';

/** Replay time shown by the moving points, epoch ms; empty while nothing is replayed. */
export const REPLAY_TIME_ATTRIBUTE = 'data-replay-time';
/** `workerId:lon,lat` of each visible replay point, `;`-separated. */
export const REPLAY_POSITIONS_ATTRIBUTE = 'data-replay-positions';
/** Attributes are written at most this often while the replay plays. */
const ATTRIBUTE_INTERVAL_MS = 250;
const POSITION_DECIMALS = 7;

export interface ReplayController {
  readonly layer: ReplayLayer;
  destroy(): void;
}

export function createReplayController(
  scene: Scene,
  handle: GlobeHandle,
  container: HTMLElement,
): ReplayController {
  let lastWrittenMs = Number.NEGATIVE_INFINITY;
  function writeAttributes(frame: ReplayFrame | null): void {
    if (frame === null) {
      container.setAttribute(REPLAY_TIME_ATTRIBUTE, '');
      container.setAttribute(REPLAY_POSITIONS_ATTRIBUTE, '');
      return;
    }
    const nowMs = performance.now();
    const playing = useReplayStore.getState().clock?.playing === true;
    if (playing && nowMs - lastWrittenMs < ATTRIBUTE_INTERVAL_MS) return;
    lastWrittenMs = nowMs;
    container.setAttribute(REPLAY_TIME_ATTRIBUTE, String(Math.round(frame.timeMs)));
    container.setAttribute(
      REPLAY_POSITIONS_ATTRIBUTE,
      [...frame.positions]
        .map(
          ([workerId, { lon, lat }]) =>
            `${workerId}:${lon.toFixed(POSITION_DECIMALS)},${lat.toFixed(POSITION_DECIMALS)}`,
        )
        .join(';'),
    );
  }

  const layer = createReplayLayer(scene, { onFrame: writeAttributes });
  writeAttributes(null);

  function sync(state: ReplayState, previous: ReplayState | null): void {
    layer.setTracks(state.tracks);
    layer.setClock(state.clock);
    // A loaded replay takes over the wall: live dots and trails would read as the past.
    if (state.clock !== previous?.clock) handle.workers.setLiveVisible(state.clock === null);
    if (state.clock === null) writeAttributes(null);
    if (state.tracks !== previous?.tracks && state.tracks.length > 0) handle.replay.fitTracks();
  }
  sync(useReplayStore.getState(), null);
  const unsubscribe = useReplayStore.subscribe(sync);

  return {
    layer,
    destroy() {
      unsubscribe();
      handle.workers.setLiveVisible(true);
      layer.destroy();
    },
  };
}
