/**
 * Live grid workers as one PointPrimitiveCollection (not one entity per worker): mounted once,
 * points added and removed as the directory changes, positions written in place. Every frame
 * (scene.preUpdate) each gliding worker is interpolated towards its newest fix (workerMotion.ts)
 * and the scene asks for another frame only while something moves or an SOS pulses. One Label
 * names the hovered worker. Nothing here knows the store: the adapter passes plain data in.
 */
import {
  BlendOption,
  Cartesian2,
  Cartesian3,
  Color,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  PointPrimitiveCollection,
  VerticalOrigin,
  type Label,
  type PointPrimitive,
  type Scene,
} from 'cesium';
import type { WorkerStatus } from '../../../domain/tracking/fix';
import type { FramePosition } from '../../../shared/positionFrame';
import type { WorkerDirectoryEntry } from '../../../shared/trackingEvents';
import { WorkerMotionTable, glideDurationMs } from './workerMotion';
import {
  WORKER_LABEL_BACKGROUND_CSS,
  WORKER_LABEL_CSS,
  WORKER_OUTLINE_CSS,
  WORKER_SELECTED_OUTLINE_CSS,
  WORKER_STATUS_COLOURS_CSS,
} from '../../theme/workerPalette';
import { ALWAYS_ON_TOP, wallScale } from '../../globe/wallScale';

/** Dots float just above the base map's streets and boundary lines. */
export const WORKER_HEIGHT_M = 3;
/** Sizes at a 1920-pixel-wide view; wider canvases scale them up to WALL_SCALE_MAX. */
const POINT_SIZE_PX = 9;
const SELECTED_POINT_SIZE_PX = 15;
const SOS_POINT_SIZE_PX = 14;
const SOS_PULSE_EXTRA_PX = 10;
const SOS_PULSE_PERIOD_MS = 1200;
const OUTLINE_WIDTH_PX = 1.5;
const SELECTED_OUTLINE_WIDTH_PX = 3;
const LABEL_FONT_PX = 16;
const LABEL_OFFSET_PX = -14;
/** How often the counts (for data attributes) are reported at most. */
const STATS_INTERVAL_MS = 500;

export interface WorkersLayerStats {
  /** Workers with a point on the globe (a fix received and not filtered out). */
  shown: number;
  /** Of those, the ones gliding right now. */
  moving: number;
}

export interface WorkersLayerOptions {
  /** The clock glides run on; defaults to performance.now (the bench drives its own). */
  nowMs?: () => number;
  onStats?(stats: WorkersLayerStats): void;
}

export interface WorkersLayer {
  /** The directory and which of its workers the filters show; workers not listed are removed. */
  setWorkers(entries: readonly WorkerDirectoryEntry[], shownIds: ReadonlySet<number>): void;
  /** One frame's positions (ids not in the directory are ignored: no ghosts). */
  applyPositions(positions: readonly FramePosition[]): void;
  setSelected(workerId: number | null): void;
  setHovered(workerId: number | null): void;
  /** Hides the whole layer (a replay takes over the wall). */
  setVisible(visible: boolean): void;
  /** The worker id of a picked object, or null when it is not one of this layer's points. */
  workerIdOf(picked: unknown): number | null;
  /** Where the worker is drawn now (Earth-fixed), false when it has no position or is hidden. */
  drawnPositionOf(workerId: number, result: Cartesian3): boolean;
  readonly stats: WorkersLayerStats;
  destroy(): void;
}

interface WorkerRecord {
  workerId: number;
  slot: number;
  point: PointPrimitive;
  entry: WorkerDirectoryEntry;
  /**
   * From the directory (the tracking store), the one source of status: the server sends every
   * change as an event before the frame that moves the worker, and silence (idle, offline)
   * arrives only as an event, so the status byte in frames is not read here.
   */
  status: WorkerStatus;
  lastFixTimeMs: number | null;
  shownByFilter: boolean;
  /** The last written position is the glide's end: nothing to write until the next fix. */
  settled: boolean;
}

/** Marks this layer's points for picking without a lookup table. */
interface WorkerPickId {
  workerLayerId: symbol;
  workerId: number;
}

export function createWorkersLayer(scene: Scene, options: WorkersLayerOptions = {}): WorkersLayer {
  const nowMs = options.nowMs ?? (() => performance.now());
  const layerId = Symbol('workers');
  const points = scene.primitives.add(
    new PointPrimitiveCollection({ blendOption: BlendOption.OPAQUE }),
  ) as PointPrimitiveCollection;
  const labels = scene.primitives.add(new LabelCollection({ scene })) as LabelCollection;
  const statusColours = Object.fromEntries(
    Object.entries(WORKER_STATUS_COLOURS_CSS).map(([status, css]) => [
      status,
      Color.fromCssColorString(css),
    ]),
  ) as Record<WorkerStatus, Color>;
  const outline = Color.fromCssColorString(WORKER_OUTLINE_CSS);
  const selectedOutline = Color.fromCssColorString(WORKER_SELECTED_OUTLINE_CSS);
  const scale = wallScale(scene);
  const label: Label = labels.add({
    show: false,
    position: Cartesian3.ZERO,
    text: '',
    font: `${Math.round(LABEL_FONT_PX * scale)}px 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif`,
    fillColor: Color.fromCssColorString(WORKER_LABEL_CSS),
    showBackground: true,
    backgroundColor: Color.fromCssColorString(WORKER_LABEL_BACKGROUND_CSS),
    style: LabelStyle.FILL,
    horizontalOrigin: HorizontalOrigin.CENTER,
    verticalOrigin: VerticalOrigin.BOTTOM,
    pixelOffset: new Cartesian2(0, LABEL_OFFSET_PX * scale),
    disableDepthTestDistance: ALWAYS_ON_TOP,
  });

  const motion = new WorkerMotionTable();
  const records = new Map<number, WorkerRecord>();
  const freeSlots: number[] = [];
  let nextSlot = 0;
  let selectedId: number | null = null;
  let hoveredId: number | null = null;
  let visible = true;
  const stats: WorkersLayerStats = { shown: 0, moving: 0 };
  let lastStatsMs = Number.NEGATIVE_INFINITY;
  const drawn = new Cartesian3();
  const fixPosition = new Cartesian3();

  function isShown(record: WorkerRecord): boolean {
    return record.shownByFilter && record.lastFixTimeMs !== null;
  }

  function style(record: WorkerRecord): void {
    const selected = record.workerId === selectedId;
    const sos = record.status === 'sos';
    const point = record.point;
    point.show = isShown(record);
    point.color = statusColours[record.status];
    point.outlineColor = selected ? selectedOutline : outline;
    point.outlineWidth = (selected ? SELECTED_OUTLINE_WIDTH_PX : OUTLINE_WIDTH_PX) * scale;
    const sizePx = selected ? SELECTED_POINT_SIZE_PX : sos ? SOS_POINT_SIZE_PX : POINT_SIZE_PX;
    point.pixelSize = sizePx * scale;
  }

  function removeRecord(record: WorkerRecord): void {
    points.remove(record.point);
    records.delete(record.workerId);
    freeSlots.push(record.slot);
    if (hoveredId === record.workerId) setHovered(null);
  }

  function setHovered(workerId: number | null): void {
    hoveredId = workerId;
    const record = workerId === null ? undefined : records.get(workerId);
    label.show = record !== undefined && isShown(record) && visible;
    if (record) label.text = record.entry.displayName;
    scene.requestRender();
  }

  function reportStats(now: number, shown: number, moving: number): void {
    if (shown === stats.shown && moving === stats.moving) return;
    if (now - lastStatsMs < STATS_INTERVAL_MS && shown > 0 === stats.shown > 0) return;
    lastStatsMs = now;
    stats.shown = shown;
    stats.moving = moving;
    options.onStats?.({ ...stats });
  }

  /** The per-frame work: glide every moving worker, pulse SOS, keep the label on its worker. */
  function update(): void {
    if (!visible) return;
    const now = nowMs();
    let shown = 0;
    let moving = 0;
    let pulsing = false;
    const pulsePx =
      SOS_PULSE_EXTRA_PX *
      scale *
      (0.5 + 0.5 * Math.sin((2 * Math.PI * now) / SOS_PULSE_PERIOD_MS));
    for (const record of records.values()) {
      if (!isShown(record)) continue;
      shown++;
      if (!record.settled) {
        const gliding = motion.sample(record.slot, now, drawn);
        record.point.position = drawn;
        if (gliding) moving++;
        else record.settled = true;
      }
      if (record.status === 'sos') {
        pulsing = true;
        record.point.pixelSize = SOS_POINT_SIZE_PX * scale + pulsePx;
      }
    }
    if (hoveredId !== null && label.show) {
      const hovered = records.get(hoveredId);
      if (hovered) label.position = hovered.point.position;
    }
    reportStats(now, shown, moving);
    if (moving > 0 || pulsing) scene.requestRender();
  }
  const removeUpdate = scene.preUpdate.addEventListener(update);

  return {
    setWorkers(entries, shownIds) {
      const listed = new Set<number>();
      for (const entry of entries) {
        listed.add(entry.workerId);
        let record = records.get(entry.workerId);
        if (!record) {
          const slot = freeSlots.pop() ?? nextSlot++;
          motion.ensureSlot(slot);
          const pickId: WorkerPickId = { workerLayerId: layerId, workerId: entry.workerId };
          record = {
            workerId: entry.workerId,
            slot,
            point: points.add({ show: false, id: pickId, disableDepthTestDistance: ALWAYS_ON_TOP }),
            entry,
            status: entry.status,
            lastFixTimeMs: null,
            shownByFilter: false,
            settled: true,
          };
          records.set(entry.workerId, record);
        }
        record.entry = entry;
        record.status = entry.status;
        record.shownByFilter = shownIds.has(entry.workerId);
        style(record);
      }
      for (const record of [...records.values()]) {
        if (!listed.has(record.workerId)) removeRecord(record);
      }
      if (hoveredId !== null) setHovered(hoveredId);
      scene.requestRender();
    },
    applyPositions(positions) {
      const now = nowMs();
      for (const position of positions) {
        const record = records.get(position.workerId);
        if (!record) continue;
        const durationMs = glideDurationMs(record.lastFixTimeMs, position.fixTimeMs);
        if (durationMs === null) continue;
        const wasShown = isShown(record);
        record.lastFixTimeMs = position.fixTimeMs;
        Cartesian3.fromDegrees(position.lon, position.lat, WORKER_HEIGHT_M, undefined, fixPosition);
        motion.glideTo(record.slot, fixPosition, now, durationMs);
        record.settled = false;
        if (!wasShown) style(record);
      }
      scene.requestRender();
    },
    setSelected(workerId) {
      const previous = selectedId === null ? undefined : records.get(selectedId);
      selectedId = workerId;
      if (previous) style(previous);
      const current = workerId === null ? undefined : records.get(workerId);
      if (current) style(current);
      scene.requestRender();
    },
    setHovered,
    setVisible(next) {
      visible = next;
      points.show = next;
      labels.show = next;
      scene.requestRender();
    },
    workerIdOf(picked) {
      if (typeof picked !== 'object' || picked === null) return null;
      const id = (picked as { id?: Partial<WorkerPickId> }).id;
      return id?.workerLayerId === layerId && typeof id.workerId === 'number' ? id.workerId : null;
    },
    drawnPositionOf(workerId, result) {
      const record = records.get(workerId);
      if (!record || !isShown(record) || !visible) return false;
      Cartesian3.clone(record.point.position, result);
      return true;
    },
    get stats() {
      return { ...stats };
    },
    destroy() {
      removeUpdate();
      if (!scene.isDestroyed()) {
        scene.primitives.remove(points);
        scene.primitives.remove(labels);
      }
      records.clear();
    },
  };
}
