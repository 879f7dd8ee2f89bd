/**
 * Replayed worker tracks: each track as a polyline, its stops as ringed dots, and
 * one labelled point per worker that moves along the track at the replay time, interpolated per
 * frame. Mounted once; a new replay reuses the polylines and points by index. While the clock
 * runs the layer asks for frames itself (the viewer renders on request only).
 */
import {
  Cartesian2,
  Cartesian3,
  Color,
  LabelCollection,
  LabelStyle,
  Material,
  PointPrimitiveCollection,
  PolylineCollection,
  VerticalOrigin,
  type Label,
  type PointPrimitive,
  type Polyline,
  type Scene,
} from 'cesium';
import type { WorkerTrack } from '../../../shared/tracking';
import { replayTimeAt, type ReplayClock } from '../replayClock';
import { bboxTarget, type CameraTarget } from '../../globe/cameraTargets';
import {
  REPLAY_LABEL_BACKGROUND_CSS,
  REPLAY_LABEL_CSS,
  REPLAY_POINT_OUTLINE_CSS,
  REPLAY_STOP_OUTLINE_CSS,
  REPLAY_TRACK_ALPHA,
  replayTrackColourCss,
} from '../../theme/replayPalette';
import {
  DEFAULT_INTERPOLATION,
  trackPositionAt,
  type InterpolationOptions,
  type TrackPosition,
} from './trackPositionAt';

/** Above the base map and the live trails, so a replay reads on top. */
const TRACK_HEIGHT_M = 2.5;
const POINT_HEIGHT_M = 3;
const TRACK_WIDTH_PX = 3;
const POINT_SIZE_PX = 16;
const POINT_OUTLINE_PX = 3;
const STOP_SIZE_PX = 11;
const STOP_OUTLINE_PX = 2;
const LABEL_FONT = '600 15px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
const LABEL_OFFSET_PX = new Cartesian2(0, -16);
/** A framed replay is never closer than a street's length. */
const MIN_FIT_RADIUS_M = 150;

/** What the moving points show at a frame: the replay time and each visible worker's place. */
export interface ReplayFrame {
  timeMs: number;
  positions: ReadonlyMap<number, TrackPosition>;
}

export interface ReplayLayerOptions {
  /** Called after every frame the layer drew while a replay is loaded. */
  onFrame(frame: ReplayFrame): void;
}

export interface ReplayLayer {
  setTracks(tracks: readonly WorkerTrack[]): void;
  setClock(clock: ReplayClock | null): void;
  /** What frames every loaded track, or null when nothing is loaded. */
  tracksTarget(): CameraTarget | null;
  positionOf(workerId: number): TrackPosition | null;
  destroy(): void;
}

interface Mover {
  point: PointPrimitive;
  label: Label;
}

/** A thinned track's gaps are kept points on a straight walk, not a phone switched off. */
function interpolationOf(track: WorkerTrack): InterpolationOptions {
  return track.downsampled
    ? { ...DEFAULT_INTERPOLATION, maxGapMs: Infinity }
    : DEFAULT_INTERPOLATION;
}

export function createReplayLayer(scene: Scene, options: ReplayLayerOptions): ReplayLayer {
  const lines = scene.primitives.add(new PolylineCollection()) as PolylineCollection;
  const stops = scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  const points = scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  const labels = scene.primitives.add(new LabelCollection({ scene })) as LabelCollection;
  const polylines: Polyline[] = [];
  const movers: Mover[] = [];
  const positions = new Map<number, TrackPosition>();
  const scratch = new Cartesian3();
  let tracks: readonly WorkerTrack[] = [];
  let clock: ReplayClock | null = null;
  let animationFrame: number | null = null;

  function ensureCount(count: number): void {
    while (polylines.length < count) {
      polylines.push(
        lines.add({ positions: [], width: TRACK_WIDTH_PX, material: Material.fromType('Color') }),
      );
      movers.push({
        point: points.add({
          pixelSize: POINT_SIZE_PX,
          outlineWidth: POINT_OUTLINE_PX,
          outlineColor: Color.fromCssColorString(REPLAY_POINT_OUTLINE_CSS),
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        }),
        label: labels.add({
          position: Cartesian3.ZERO,
          font: LABEL_FONT,
          fillColor: Color.fromCssColorString(REPLAY_LABEL_CSS),
          showBackground: true,
          backgroundColor: Color.fromCssColorString(REPLAY_LABEL_BACKGROUND_CSS),
          style: LabelStyle.FILL,
          verticalOrigin: VerticalOrigin.BOTTOM,
          pixelOffset: LABEL_OFFSET_PX,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        }),
      });
    }
  }

  function showTrack(index: number, track: WorkerTrack | undefined): void {
    const polyline = polylines[index]!;
    const mover = movers[index]!;
    polyline.show = track !== undefined;
    mover.point.show = false;
    mover.label.show = false;
    if (track === undefined) return;
    const colour = Color.fromCssColorString(replayTrackColourCss(index));
    polyline.positions = Cartesian3.fromDegreesArrayHeights(
      track.points.flatMap((point) => [point.lon, point.lat, TRACK_HEIGHT_M]),
    );
    (polyline.material.uniforms as { color: Color }).color = colour.withAlpha(REPLAY_TRACK_ALPHA);
    mover.point.color = colour;
    mover.label.text = track.displayName;
    for (const stop of track.stops) {
      stops.add({
        position: Cartesian3.fromDegrees(stop.lon, stop.lat, POINT_HEIGHT_M),
        pixelSize: STOP_SIZE_PX,
        color: colour,
        outlineColor: Color.fromCssColorString(REPLAY_STOP_OUTLINE_CSS),
        outlineWidth: STOP_OUTLINE_PX,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      });
    }
  }

  /** Moves every point to the replay time; runs before each frame is drawn. */
  function placeMovers(): void {
    if (clock === null || tracks.length === 0) return;
    const timeMs = replayTimeAt(clock, performance.now());
    positions.clear();
    tracks.forEach((track, index) => {
      const mover = movers[index]!;
      const position = trackPositionAt(track.points, timeMs, interpolationOf(track));
      mover.point.show = position !== null;
      mover.label.show = position !== null;
      if (position === null) return;
      positions.set(track.workerId, position);
      Cartesian3.fromDegrees(position.lon, position.lat, POINT_HEIGHT_M, undefined, scratch);
      mover.point.position = scratch;
      mover.label.position = scratch;
    });
    options.onFrame({ timeMs, positions });
  }

  function animate(): void {
    scene.requestRender();
    animationFrame = clock?.playing === true ? requestAnimationFrame(animate) : null;
  }

  function stopAnimation(): void {
    if (animationFrame !== null) cancelAnimationFrame(animationFrame);
    animationFrame = null;
  }

  const removePreRender = scene.preRender.addEventListener(placeMovers);

  return {
    setTracks(next) {
      if (next === tracks) return;
      tracks = next;
      ensureCount(next.length);
      stops.removeAll();
      polylines.forEach((_, index) => showTrack(index, next[index]));
      positions.clear();
      scene.requestRender();
    },
    setClock(next) {
      if (next === clock) return;
      clock = next;
      stopAnimation();
      if (next?.playing === true) animate();
      else scene.requestRender();
    },
    tracksTarget() {
      let west = Infinity;
      let south = Infinity;
      let east = -Infinity;
      let north = -Infinity;
      for (const track of tracks) {
        for (const { lon, lat } of track.points) {
          west = Math.min(west, lon);
          east = Math.max(east, lon);
          south = Math.min(south, lat);
          north = Math.max(north, lat);
        }
      }
      if (west > east) return null;
      const target = bboxTarget([west, south, east, north]);
      return { ...target, radiusM: Math.max(target.radiusM, MIN_FIT_RADIUS_M) };
    },
    positionOf(workerId) {
      return positions.get(workerId) ?? null;
    },
    destroy() {
      stopAnimation();
      removePreRender();
      if (scene.isDestroyed()) return;
      for (const collection of [labels, points, stops, lines]) scene.primitives.remove(collection);
    },
  };
}
