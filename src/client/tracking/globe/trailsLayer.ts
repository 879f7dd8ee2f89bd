/**
 * Worker trails: each worker's last fixes in a fixed-length ring (trailBuffer.ts), drawn as
 * polylines. All trails are one Primitive rebuilt off the main thread (asynchronous geometry) at
 * most every TRAIL_REBUILD_INTERVAL_MS while fixes keep arriving, the new one swapped in when it
 * is ready: a PolylineCollection of thousands of lines costs main-thread time on every frame,
 * and trails only grow once per fix. Long gaps break a trail (no straight line across them).
 */
import {
  ArcType,
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PolylineColorAppearance,
  PolylineGeometry,
  Primitive,
  type Scene,
} from 'cesium';
import type { WorkerStatus } from '../../../domain/tracking/fix';
import type { FramePosition } from '../../../shared/positionFrame';
import { TrailBuffer } from './trailBuffer';
import { WORKER_HEIGHT_M } from './workersLayer';
import { TRAIL_ALPHA, WORKER_STATUS_COLOURS_CSS } from '../../theme/workerPalette';

/**
 * Fixes kept per worker: most of a minute at one fix per second. 5,000 workers make 225,000
 * trail points per rebuild; more would make each rebuild's main-thread share a visible hitch.
 */
export const TRAIL_FIXES = 45;
/** Fixes farther apart than this start a new run of the trail. */
export const TRAIL_BREAK_AFTER_MS = 60_000;
const TRAIL_REBUILD_INTERVAL_MS = 2000;
const TRAIL_WIDTH_PX = 2;
/** Trails sit just under the dots. */
const TRAIL_HEIGHT_M = WORKER_HEIGHT_M - 0.5;

export interface TrailsLayer {
  applyPositions(positions: readonly FramePosition[]): void;
  /** Workers on the wall and whether each is shown; trails of others are forgotten. */
  setWorkers(statusById: ReadonlyMap<number, WorkerStatus>, shownIds: ReadonlySet<number>): void;
  setVisible(visible: boolean): void;
  destroy(): void;
}

export function createTrailsLayer(scene: Scene): TrailsLayer {
  const colours = Object.fromEntries(
    Object.entries(WORKER_STATUS_COLOURS_CSS).map(([status, css]) => [
      status,
      ColorGeometryInstanceAttribute.fromColor(
        Color.fromCssColorString(css).withAlpha(TRAIL_ALPHA),
      ),
    ]),
  ) as Record<WorkerStatus, ColorGeometryInstanceAttribute>;
  const appearance = new PolylineColorAppearance({ translucent: true });
  const buffers = new Map<number, TrailBuffer>();
  let statusById: ReadonlyMap<number, WorkerStatus> = new Map();
  let shownIds: ReadonlySet<number> = new Set();
  let shownPrimitive: Primitive | null = null;
  let pendingPrimitive: Primitive | null = null;
  let dirty = false;
  let lastBuildMs = Number.NEGATIVE_INFINITY;
  let visible = true;
  const scratch = new Cartesian3();

  function buildInstances(): GeometryInstance[] {
    const instances: GeometryInstance[] = [];
    for (const [workerId, buffer] of buffers) {
      const status = statusById.get(workerId);
      if (status === undefined || !shownIds.has(workerId)) continue;
      for (const run of buffer.runs()) {
        instances.push(
          new GeometryInstance({
            geometry: new PolylineGeometry({
              positions: run.map((point) => new Cartesian3(point.x, point.y, point.z)),
              width: TRAIL_WIDTH_PX,
              arcType: ArcType.NONE,
              vertexFormat: PolylineColorAppearance.VERTEX_FORMAT,
            }),
            attributes: { color: colours[status] },
          }),
        );
      }
    }
    return instances;
  }

  function rebuild(): void {
    dirty = false;
    lastBuildMs = performance.now();
    if (pendingPrimitive) scene.primitives.remove(pendingPrimitive);
    const instances = buildInstances();
    pendingPrimitive =
      instances.length === 0
        ? null
        : (scene.primitives.add(
            new Primitive({
              geometryInstances: instances,
              appearance,
              asynchronous: true,
              show: visible,
            }),
          ) as Primitive);
    if (pendingPrimitive === null) swapIn(null);
  }

  function swapIn(next: Primitive | null): void {
    if (shownPrimitive) scene.primitives.remove(shownPrimitive);
    shownPrimitive = next;
    pendingPrimitive = null;
    scene.requestRender();
  }

  /** Runs each frame: start a rebuild when due, swap in a finished one. */
  function update(): void {
    if (pendingPrimitive?.ready) swapIn(pendingPrimitive);
    if (dirty && pendingPrimitive === null) {
      if (performance.now() - lastBuildMs >= TRAIL_REBUILD_INTERVAL_MS) rebuild();
    }
    if (pendingPrimitive !== null) scene.requestRender();
  }
  const removeUpdate = scene.preUpdate.addEventListener(update);

  return {
    applyPositions(positions) {
      for (const position of positions) {
        if (!statusById.has(position.workerId)) continue;
        let buffer = buffers.get(position.workerId);
        if (!buffer) {
          buffer = new TrailBuffer(TRAIL_FIXES, TRAIL_BREAK_AFTER_MS);
          buffers.set(position.workerId, buffer);
        }
        Cartesian3.fromDegrees(position.lon, position.lat, TRAIL_HEIGHT_M, undefined, scratch);
        if (buffer.push({ ...scratch, fixTimeMs: position.fixTimeMs })) dirty = true;
      }
    },
    setWorkers(nextStatusById, nextShownIds) {
      statusById = nextStatusById;
      shownIds = nextShownIds;
      for (const workerId of [...buffers.keys()]) {
        if (!statusById.has(workerId)) buffers.delete(workerId);
      }
      // A filter change shows at once; it does not wait for the rebuild interval.
      lastBuildMs = Number.NEGATIVE_INFINITY;
      dirty = true;
      scene.requestRender();
    },
    setVisible(next) {
      visible = next;
      if (shownPrimitive) shownPrimitive.show = next;
      if (pendingPrimitive) pendingPrimitive.show = next;
      scene.requestRender();
    },
    destroy() {
      removeUpdate();
      if (!scene.isDestroyed()) {
        if (shownPrimitive) scene.primitives.remove(shownPrimitive);
        if (pendingPrimitive) scene.primitives.remove(pendingPrimitive);
      }
      buffers.clear();
    },
  };
}
